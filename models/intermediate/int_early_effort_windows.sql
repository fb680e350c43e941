-- R10, R11: the counting window of each course of the early effort: the
-- measurement period, extended back to a qualifying pre-placement
-- registration where the course's rules count those (group 2, R11).
with

course_rules as (
    select * from {{ ref('int_early_effort_course_rules') }}
),

periods as (
    select * from {{ ref('int_early_effort_periods') }}
),

registrations as (
    select * from {{ ref('stg_tass_tilmelding') }}
),

payments as (
    select * from {{ ref('int_unemployment_payments') }}
),

sick_pay as (
    select * from {{ ref('stg_kmd_sygedagpenge') }}
),

offers as (
    select * from {{ ref('stg_plan_tilbud') }}
),

offer_benefit_bases as (
    select * from {{ ref('offer_benefit_bases') }}
),

courses as (
    select
        course_rules.person_id,
        course_rules.placement_date,
        periods.measurement_start,
        periods.measurement_end,
        course_rules.first_interview_in_person,
        course_rules.counts_pre_placement_registrations,
        cast(
            course_rules.placement_date - to_months(course_rules.pre_placement_months) as date
        ) as earliest_registration_start
    from course_rules
    inner join periods
        on
            course_rules.person_id = periods.person_id
            and course_rules.placement_date = periods.placement_date
),

-- R11: registrations starting before placement and no more than
-- pre_placement_months calendar months before it.
pre_placement_registrations as (
    select
        courses.person_id,
        courses.placement_date,
        registrations.valid_from as registration_start
    from courses
    inner join registrations
        on
            courses.person_id = registrations.person_id
            and courses.placement_date > registrations.valid_from
            and courses.earliest_registration_start <= registrations.valid_from
    where courses.counts_pre_placement_registrations
),

-- R11: income support paid at any day from the registration start to the
-- day before placement voids the registration: a-dagpenge of any course,
-- sick pay, or an offer paid by a benefit.
income_support as (
    select
        person_id,
        period_from as support_from,
        period_to as support_to
    from payments
    where origin in ('RAM', 'FLEUR') and hours > 0
    union all
    select
        person_id,
        valid_from as support_from,
        valid_to as support_to
    from sick_pay
    union all
    select
        offers.person_id,
        offers.valid_from as support_from,
        offers.valid_to as support_to
    from offers
    inner join offer_benefit_bases
        on
            offers.benefit_basis = offer_benefit_bases.benefit_basis
            and offer_benefit_bases.is_income_support
),

qualifying_registrations as (
    select
        pre_placement_registrations.person_id,
        pre_placement_registrations.placement_date,
        min(pre_placement_registrations.registration_start) as window_start
    from pre_placement_registrations
    where
        not exists (
            select 1 as is_income_support_paid
            from income_support
            where
                income_support.person_id = pre_placement_registrations.person_id
                and income_support.support_from <= pre_placement_registrations.placement_date - 1
                and (
                    income_support.support_to is null
                    or income_support.support_to >= pre_placement_registrations.registration_start
                )
        )
    group by pre_placement_registrations.person_id, pre_placement_registrations.placement_date
),

final as (
    select
        courses.person_id,
        courses.placement_date,
        courses.earliest_registration_start,
        coalesce(
            least(qualifying_registrations.window_start, courses.measurement_start),
            courses.measurement_start
        ) as window_start,
        courses.measurement_end,
        qualifying_registrations.window_start is not null as has_pre_placement_window,
        courses.first_interview_in_person
    from courses
    left join qualifying_registrations
        on
            courses.person_id = qualifying_registrations.person_id
            and courses.placement_date = qualifying_registrations.placement_date
)

select * from final
