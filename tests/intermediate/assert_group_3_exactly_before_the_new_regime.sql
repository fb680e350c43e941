-- R7: a course is group 3 exactly when its report month is before the
-- first report month of the new regime (seed early_effort_parameters).
-- Returns the courses that break it.
with

cohorts as (
    select * from {{ ref('int_early_effort_cohorts') }}
),

parameters as (
    select * from {{ ref('early_effort_parameters') }}
),

final as (
    select
        cohorts.person_id,
        cohorts.placement_date,
        cohorts.report_month,
        cohorts.cohort_group,
        parameters.new_regime_from
    from cohorts
    cross join parameters
    where (cohorts.cohort_group = '3') != (cohorts.report_month < parameters.new_regime_from)
)

select * from final
