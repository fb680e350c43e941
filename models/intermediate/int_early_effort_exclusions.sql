-- R6, R12–R16: every exclusion flag of a course of the early effort and the
-- first that applies.
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

persons as (
    select * from {{ ref('stg_cpr_person') }}
),

education_orders as (
    select * from {{ ref('stg_uddannelsespaalaeg') }}
),

pension_ages as (
    select * from {{ ref('pension_ages') }}
),

course_rules as (
    select * from {{ ref('int_early_effort_course_rules') }}
),

-- R6: at least 16 and under the folkepension age on the follow-up date. A
-- person without a known date of birth cannot be shown to be in the age
-- range and is excluded for age.
ages as (
    select
        cohorts.person_id,
        cohorts.placement_date,
        persons.birth_date,
        cast(persons.birth_date + to_years(course_rules.min_age_years) as date) as min_age_date,
        cast(persons.birth_date + to_months(pension_ages.pension_age_months) as date)
            as pension_age_date
    from cohorts
    inner join course_rules
        on
            cohorts.person_id = course_rules.person_id
            and cohorts.placement_date = course_rules.placement_date
    left join persons on cohorts.person_id = persons.person_id
    left join pension_ages
        on persons.birth_date between pension_ages.birth_date_from and pension_ages.birth_date_to
),

-- R14: an education order overlapping the measurement period.
education as (
    select distinct
        periods.person_id,
        periods.placement_date
    from periods
    inner join education_orders
        on
            periods.person_id = education_orders.person_id
            and periods.measurement_start <= periods.measurement_end
            and periods.measurement_end >= education_orders.valid_from
            and (
                education_orders.valid_to is null
                or periods.measurement_start <= education_orders.valid_to
            )
),

flags as (
    select
        cohorts.person_id,
        cohorts.placement_date,
        ages.birth_date,
        ages.pension_age_date,
        ages.birth_date is null
        or cohorts.follow_up_date < ages.min_age_date
        or cohorts.follow_up_date >= ages.pension_age_date
        or ages.pension_age_date is null as is_outside_age,
        education.person_id is not null as has_education_order,
        -- R15: only group 1 has a transition date that can be late.
        course_rules.measurement_starts_at = 'transition'
        and periods.is_late_transition as is_late_transition,
        -- R12: at least the group's limit (30 % / 50 %); exact, in units.
        exemptions.exempt_units * 100
        >= cast(course_rules.exemption_share_limit * 100 as hugeint) * exemptions.period_units
        and exemptions.period_units > 0 as exceeds_exemption_share,
        -- R13: at least five MII weekdays (groups 1 and 2; no limit for 3).
        coalesce(exemptions.mii_weekdays >= course_rules.mii_weekdays_limit, false)
            as has_less_intensive_effort
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
    inner join ages
        on
            cohorts.person_id = ages.person_id
            and cohorts.placement_date = ages.placement_date
    left join education
        on
            cohorts.person_id = education.person_id
            and cohorts.placement_date = education.placement_date
),

-- R16: the first reason that applies, in this order.
final as (
    select
        *,
        case
            when is_outside_age then 'age'
            when has_education_order then 'education_order'
            when is_late_transition then 'late_transition'
            when exceeds_exemption_share then 'exemption_share'
            when has_less_intensive_effort then 'less_intensive_effort'
        end as exclusion_reason
    from flags
)

select * from final
