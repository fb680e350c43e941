-- R6, R12–R16, R18: per report month, the courses that reached the follow-up
-- date and how many left at each exclusion step, ending at measure 1: the
-- sum over the municipalities of mart_early_effort_attrition_municipality.
with

by_municipality as (
    select * from {{ ref('mart_early_effort_attrition_municipality') }}
),

summed as (
    select
        report_month,
        sum(courses_followed_up) as courses_followed_up,
        sum(excluded_age) as excluded_age,
        sum(excluded_education_order) as excluded_education_order,
        sum(excluded_late_transition) as excluded_late_transition,
        sum(excluded_exemption_share) as excluded_exemption_share,
        sum(excluded_less_intensive_effort) as excluded_less_intensive_effort,
        sum(m1_persons) as m1_persons
    from by_municipality
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
    from summed
)

select * from final
