-- R22: per trial a-kasse, the unweighted mean of its monthly shares over the
-- months with persons, against the 85 % goal. average_share is for readers
-- (macro focus_target_mean); the goal is decided exactly on the unrounded
-- fractions (macro focus_target_goal_met_ctes).
with recursive

monthly as (
    select * from {{ ref('mart_focus_target_monthly') }}
),

goal_rows as (
    select * from {{ ref('focus_target_goal') }}
),

-- R22: the goal in force on the latest report month summarised.
{{ focus_target_goal_in_force_ctes('goal_rows', 'monthly') }},

averaged as (
    select
        a_kasse,
        count(*) filter (where persons > 0) as months_included,
        {{ focus_target_mean('persons_two_plus', 'persons', 'persons > 0') }} as average_share
    from monthly
    group by a_kasse
),

{{ focus_target_goal_met_ctes('monthly', 'goal') }},

final as (
    select
        cast(averaged.a_kasse as varchar) as a_kasse,
        cast(averaged.months_included as integer) as months_included,
        cast(averaged.average_share as double) as average_share,
        cast(goal.target_share as double) as target_share,
        cast(focus_target_goal_met.meets_target as boolean) as meets_target
    from averaged
    inner join focus_target_goal_met on averaged.a_kasse = focus_target_goal_met.a_kasse
    cross join goal
)

select * from final
