-- R22: per trial a-kasse, the unweighted mean of its monthly shares over the
-- months with persons, against the 85 % goal.
with

monthly as (
    select * from {{ ref('mart_focus_target_monthly') }}
),

goal as (
    select * from {{ ref('focus_target_goal') }}
),

averaged as (
    select
        a_kasse,
        count(*) filter (where persons > 0) as months_included,
        {{ focus_target_mean('share_two_plus', 'persons > 0') }} as average_share
    from monthly
    group by a_kasse
),

final as (
    select
        cast(averaged.a_kasse as varchar) as a_kasse,
        cast(averaged.months_included as integer) as months_included,
        cast(averaged.average_share as double) as average_share,
        cast(goal.target_share as double) as target_share,
        -- An a-kasse without any month with persons has not met the goal.
        cast(coalesce(averaged.average_share >= goal.target_share, false) as boolean)
            as meets_target
    from averaged
    cross join goal
)

select * from final
