-- R6, R12–R17, R18: per report month and municipality (R17, 0 'Uoplyst'),
-- the courses that reached the follow-up date and how many left at each
-- exclusion step, ending at the municipality's measure 1. Only municipalities
-- with at least one course in the month have a row.
with

persons as (
    select * from {{ ref('fct_early_effort_person') }}
),

municipalities as (
    select * from {{ ref('municipalities') }}
),

counted as (
    select
        report_month,
        municipality_code,
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
    group by report_month, municipality_code
),

final as (
    select
        cast(counted.report_month as date) as report_month,
        {{ period_code('counted.report_month') }} as period_code,
        cast(counted.municipality_code as smallint) as municipality_code,
        municipalities.municipality_name,
        cast(counted.courses_followed_up as integer) as courses_followed_up,
        cast(counted.excluded_age as integer) as excluded_age,
        cast(counted.excluded_education_order as integer) as excluded_education_order,
        cast(counted.excluded_late_transition as integer) as excluded_late_transition,
        cast(counted.excluded_exemption_share as integer) as excluded_exemption_share,
        cast(counted.excluded_less_intensive_effort as integer) as excluded_less_intensive_effort,
        cast(counted.m1_persons as integer) as m1_persons
    from counted
    left join municipalities
        on counted.municipality_code = municipalities.municipality_code
)

select * from final
