-- R10, R11: every interview of a person near a course of the early effort,
-- whether it counts for that course, and if not, why.
with

cohorts as (
    select * from {{ ref('int_early_effort_cohorts') }}
),

periods as (
    select * from {{ ref('int_early_effort_periods') }}
),

interviews as (
    select * from {{ ref('stg_tass_samtale') }}
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

course_rules as (
    select * from {{ ref('int_early_effort_course_rules') }}
),

interview_types as (
    select * from {{ ref('interview_types') }}
),

interview_statuses as (
    select * from {{ ref('interview_statuses') }}
),

contact_forms as (
    select * from {{ ref('contact_forms') }}
),

corona_periods as (
    select * from {{ ref('corona_periods') }}
),

trial_municipalities as (
    select * from {{ ref('trial_municipalities') }}
),

offer_benefit_bases as (
    select * from {{ ref('offer_benefit_bases') }}
),

courses as (
    select
        cohorts.person_id,
        cohorts.placement_date,
        cohorts.follow_up_date,
        cohorts.cohort_subgroup,
        periods.measurement_start,
        periods.measurement_end,
        course_rules.first_interview_in_person as first_interview_rule,
        course_rules.counts_pre_placement_registrations,
        cast(
            cohorts.placement_date - to_months(course_rules.pre_placement_months) as date
        ) as earliest_registration_start
    from cohorts
    inner join periods
        on
            cohorts.person_id = periods.person_id
            and cohorts.placement_date = periods.placement_date
    inner join course_rules
        on
            cohorts.person_id = course_rules.person_id
            and cohorts.placement_date = course_rules.placement_date
),

-- R11: registrations starting before placement and no more than three
-- calendar months before it.
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

windows as (
    select
        courses.*,
        coalesce(
            least(qualifying_registrations.window_start, courses.measurement_start),
            courses.measurement_start
        ) as window_start,
        qualifying_registrations.window_start is not null as has_pre_placement_window
    from courses
    left join qualifying_registrations
        on
            courses.person_id = qualifying_registrations.person_id
            and courses.placement_date = qualifying_registrations.placement_date
),

-- The interviews shown for a course: from three months before placement to
-- a month after the follow-up date, so that near misses are explained too.
candidates as (
    select
        windows.person_id,
        windows.placement_date,
        windows.cohort_subgroup,
        windows.window_start,
        windows.measurement_end,
        windows.first_interview_rule,
        windows.has_pre_placement_window,
        interviews.interview_id,
        interviews.interview_date,
        interviews.interview_type,
        interviews.contact_form,
        interviews.held_by,
        interviews.municipality_code,
        interviews.interview_status,
        coalesce(interview_types.counts_early_effort, false) as is_job_interview,
        coalesce(interview_statuses.is_held, false) as is_held,
        interviews.interview_type = 'FAELLESSAMTALE' or interviews.held_by = 'JOBCENTER'
            as is_held_by_jobcentre,
        -- a course without a measurement start (a group 1 transition date
        -- that could not be derived) has no window: nothing is inside it.
        coalesce(
            interviews.interview_date between windows.window_start and windows.measurement_end,
            false
        ) as is_in_window,
        coalesce(contact_forms.is_countable, false) as is_countable_form,
        coalesce(contact_forms.is_in_person, false) as is_in_person
    from windows
    inner join interviews
        on
            windows.person_id = interviews.person_id
            and windows.earliest_registration_start <= interviews.interview_date
            and interviews.interview_date <= cast(windows.measurement_end + to_months(1) as date)
    left join interview_types on interviews.interview_type = interview_types.interview_type
    left join interview_statuses
        on interviews.interview_status = interview_statuses.interview_status
    left join contact_forms on interviews.contact_form = contact_forms.contact_form
),

-- R10: the first interview day of the window is the earliest day with a held
-- job interview by the jobcentre or a held joint interview, whatever its
-- contact form.
first_days as (
    select
        person_id,
        placement_date,
        min(interview_date) as first_interview_date
    from candidates
    where is_job_interview and is_held and is_held_by_jobcentre and is_in_window
    group by person_id, placement_date
),

-- R10: exceptions for the first interview: corona periods and trial
-- municipalities (Skema 1) allow digital and/or phone contact.
exceptions as (
    select
        candidates.person_id,
        candidates.placement_date,
        candidates.interview_id,
        bool_or(
            (candidates.contact_form = 'DIGITALT' and corona_periods.allows_digital)
            or (candidates.contact_form = 'TELEFON' and corona_periods.allows_phone)
        ) as is_corona_exception,
        bool_or(
            (candidates.contact_form = 'DIGITALT' and trial_municipalities.allows_digital)
            or (candidates.contact_form = 'TELEFON' and trial_municipalities.allows_phone)
        ) as is_trial_exception
    from candidates
    left join corona_periods
        on candidates.interview_date between corona_periods.period_from and corona_periods.period_to
    left join trial_municipalities
        on
            candidates.municipality_code = trial_municipalities.municipality_code
            and candidates.interview_date
            between trial_municipalities.valid_from and trial_municipalities.valid_to
    group by candidates.person_id, candidates.placement_date, candidates.interview_id
),

judged as (
    select
        candidates.*,
        first_days.first_interview_date,
        candidates.first_interview_rule
        and candidates.interview_date = first_days.first_interview_date as is_first_interview_day,
        coalesce(exceptions.is_corona_exception, false) as is_corona_exception,
        coalesce(exceptions.is_trial_exception, false) as is_trial_exception,
        case
            when not candidates.is_job_interview then 'not_a_job_interview'
            when not candidates.is_held then 'not_held'
            when not candidates.is_held_by_jobcentre then 'not_held_by_jobcentre'
            when not candidates.is_in_window then 'outside_measurement_period'
            when not candidates.is_countable_form then 'contact_form_not_counted'
            when
                candidates.first_interview_rule
                and candidates.interview_date = first_days.first_interview_date
                and not candidates.is_in_person
                and not coalesce(exceptions.is_corona_exception, false)
                and not coalesce(exceptions.is_trial_exception, false)
                then 'first_interview_not_in_person'
        end as rule_reason
    from candidates
    left join first_days
        on
            candidates.person_id = first_days.person_id
            and candidates.placement_date = first_days.placement_date
    left join exceptions
        on
            candidates.person_id = exceptions.person_id
            and candidates.placement_date = exceptions.placement_date
            and candidates.interview_id = exceptions.interview_id
),

-- R10: at most one interview a day counts: the first qualifying one by id.
per_day as (
    select
        *,
        row_number() over (
            partition by person_id, placement_date, interview_date, rule_reason is null
            order by interview_id
        ) as day_rank
    from judged
),

final as (
    select
        person_id,
        placement_date,
        interview_id,
        interview_date,
        interview_type,
        contact_form,
        held_by,
        municipality_code,
        interview_status,
        window_start,
        measurement_end,
        has_pre_placement_window,
        is_first_interview_day,
        is_corona_exception,
        is_trial_exception,
        rule_reason is null and day_rank = 1 as is_counted,
        case
            when rule_reason is not null then rule_reason
            when day_rank > 1 then 'same_day_already_counted'
        end as reason_not_counted
    from per_day
)

select * from final
