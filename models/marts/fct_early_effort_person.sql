-- R1–R18: one row per benefit course whose follow-up date falls in a
-- reported month, excluded courses included, with every flag and the reason.
with

cohorts as (
    select * from {{ ref('int_early_effort_cohorts') }}
),

periods as (
    select * from {{ ref('int_early_effort_periods') }}
),

exemptions as (
    select * from {{ ref('int_early_effort_exemptions') }}
),

exclusions as (
    select * from {{ ref('int_early_effort_exclusions') }}
),

residence as (
    select * from {{ ref('int_early_effort_municipality') }}
),

interviews as (
    select * from {{ ref('int_early_effort_interviews') }}
),

course_rules as (
    select * from {{ ref('int_early_effort_course_rules') }}
),

-- R10: counted interviews, at most one a day (already picked per day).
interview_counts as (
    select
        person_id,
        placement_date,
        count(*) filter (where is_counted) as interviews_counted
    from interviews
    group by person_id, placement_date
),

joined as (
    select
        cohorts.person_id,
        cohorts.placement_date,
        cohorts.follow_up_date,
        cohorts.report_month,
        course_rules.cohort_group,
        cohorts.cohort_subgroup,
        residence.municipality_code,
        residence.region_code,
        periods.measurement_start,
        periods.measurement_end,
        periods.transition_date,
        periods.is_transition_date_derived,
        periods.hours_at_transition,
        exemptions.period_fte_hours,
        exemptions.exempt_fte_hours,
        exemptions.exempt_hours_share,
        exemptions.mii_weekdays,
        exclusions.is_outside_age,
        exclusions.has_education_order,
        exclusions.is_late_transition,
        exclusions.exceeds_exemption_share,
        exclusions.has_less_intensive_effort,
        exclusions.exclusion_reason,
        coalesce(interview_counts.interviews_counted, 0) as interviews_counted,
        course_rules.required_interviews as interviews_required
    from cohorts
    inner join course_rules
        on
            cohorts.person_id = course_rules.person_id
            and cohorts.placement_date = course_rules.placement_date
    inner join periods
        on
            cohorts.person_id = periods.person_id
            and cohorts.placement_date = periods.placement_date
    inner join exemptions
        on
            cohorts.person_id = exemptions.person_id
            and cohorts.placement_date = exemptions.placement_date
    inner join exclusions
        on
            cohorts.person_id = exclusions.person_id
            and cohorts.placement_date = exclusions.placement_date
    inner join residence
        on
            cohorts.person_id = residence.person_id
            and cohorts.placement_date = residence.placement_date
    left join interview_counts
        on
            cohorts.person_id = interview_counts.person_id
            and cohorts.placement_date = interview_counts.placement_date
),

final as (
    select
        -- ids
        cast(person_id as varchar) as person_id,
        cast(placement_date as date) as placement_date,
        -- dates and groups
        cast(follow_up_date as date) as follow_up_date,
        cast(report_month as date) as report_month,
        {{ period_code('report_month') }} as period_code,
        cast(cohort_group as varchar) as cohort_group,
        cast(cohort_subgroup as varchar) as cohort_subgroup,
        cast(municipality_code as smallint) as municipality_code,
        cast(region_code as smallint) as region_code,
        cast(measurement_start as date) as measurement_start,
        cast(measurement_end as date) as measurement_end,
        cast(transition_date as date) as transition_date,
        cast(is_transition_date_derived as boolean) as is_transition_date_derived,
        -- measures of the period
        cast(hours_at_transition as decimal(18, 4)) as hours_at_transition,
        cast(period_fte_hours as decimal(18, 4)) as period_fte_hours,
        cast(exempt_fte_hours as decimal(18, 4)) as exempt_fte_hours,
        cast(exempt_hours_share as double) as exempt_hours_share,
        cast(mii_weekdays as integer) as mii_weekdays,
        -- exclusions
        cast(is_outside_age as boolean) as is_outside_age,
        cast(has_education_order as boolean) as has_education_order,
        cast(is_late_transition as boolean) as is_late_transition,
        cast(exceeds_exemption_share as boolean) as exceeds_exemption_share,
        cast(has_less_intensive_effort as boolean) as has_less_intensive_effort,
        cast(exclusion_reason is not null as boolean) as is_excluded,
        cast(exclusion_reason as varchar) as exclusion_reason,
        -- interviews
        cast(interviews_counted as integer) as interviews_counted,
        cast(
            case when interviews_counted >= 3 then '3+' else cast(interviews_counted as varchar) end
            as varchar
        ) as interview_bucket,
        cast(interviews_required as integer) as interviews_required,
        cast(interviews_counted >= interviews_required as boolean) as meets_requirement
    from joined
)

select * from final
