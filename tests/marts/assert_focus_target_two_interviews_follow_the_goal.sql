-- R21: a person of the focus target has has_two_interviews exactly when the
-- counted a-kasse job interviews reach min_interviews of the goal in force
-- on the report month's first day (seed focus_target_goal, dated). Returns
-- the persons that break it, also a person whose month has no goal.
with

persons as (
    select * from {{ ref('fct_focus_target_person') }}
),

goal as (
    select * from {{ ref('focus_target_goal') }}
),

final as (
    select
        persons.person_id,
        persons.placement_date,
        persons.report_month,
        persons.interviews_counted,
        persons.has_two_interviews,
        goal.min_interviews
    from persons
    left join goal on {{ valid_on('goal', 'persons.report_month') }}
    where
        goal.min_interviews is null
        or persons.has_two_interviews
        is distinct from (persons.interviews_counted >= goal.min_interviews)
)

select * from final
