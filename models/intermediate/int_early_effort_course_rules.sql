-- R6, R8-R13: the early-effort rules in force for each course, resolved
-- once. A course's group (R7) and the first day of its report month (R5)
-- select one row of seed early_effort_rules (macro valid_on); every later
-- model reads its limits from here, never from a seed or a literal.
with

cohorts as (
    select * from {{ ref('int_early_effort_cohorts') }}
),

rules as (
    select * from {{ ref('early_effort_rules') }}
),

-- One rule row per course: the seed's rows of a group never overlap (test
-- no_overlapping_validity); a course without a rule in force keeps null
-- limits, which the not_null tests of this model report.
resolved as (
    select
        cohorts.person_id,
        cohorts.placement_date,
        cohorts.report_month,
        cohorts.cohort_group,
        cohorts.cohort_subgroup,
        rules.measurement_starts_at,
        rules.required_interviews,
        rules.exemption_share_limit,
        rules.mii_weekdays_limit,
        rules.first_interview_in_person,
        rules.counts_pre_placement_registrations,
        rules.pre_placement_months,
        rules.min_age_years,
        rules.rule_id
    from cohorts
    left join rules
        on
            cohorts.cohort_group = rules.cohort_group
            and {{ valid_on('rules', 'cohorts.report_month') }}
),

final as (
    select * from resolved
)

select * from final
