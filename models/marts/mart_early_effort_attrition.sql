-- R6, R12–R16, R18: per report month, the courses that reached the follow-up
-- date and how many left at each exclusion step, ending at measure 1.
with

persons as (
    select * from {{ ref('fct_early_effort_person') }}
),

counted as (
    select
        report_month,
        count(*) as courses_followed_up,
        count(*) filter (where exclusion_reason = 'age') as excluded_age,
        count(*) filter (where exclusion_reason = 'education_order') as excluded_education_order,
        count(*) filter (where exclusion_reason = 'late_transition') as excluded_late_transition,
        count(*) filter (where exclusion_reason = 'exemption_share') as excluded_exemption_share,
        count(*) filter (
            where exclusion_reason = 'less_intensive_effort'
        ) as excluded_less_intensive_effort,
        count(*) filter (where not is_excluded) as m1_persons
    from persons
    group by report_month
),

final as (
    select
        cast(report_month as date) as report_month,
        {{ period_code('report_month') }} as period_code,
        cast(courses_followed_up as integer) as courses_followed_up,
        cast(excluded_age as integer) as excluded_age,
        cast(excluded_education_order as integer) as excluded_education_order,
        cast(excluded_late_transition as integer) as excluded_late_transition,
        cast(excluded_exemption_share as integer) as excluded_exemption_share,
        cast(excluded_less_intensive_effort as integer) as excluded_less_intensive_effort,
        cast(m1_persons as integer) as m1_persons
    from counted
)

select * from final
