-- R10: every interview of a person near a course of the early effort,
-- whether it counts for that course, and if not, why. The counting window
-- (R11) comes from int_early_effort_windows, what the contact form counts as
-- and the first-interview exceptions from int_interview_contact_rules.
with

windows as (
    select * from {{ ref('int_early_effort_windows') }}
),

interviews as (
    select * from {{ ref('stg_tass_samtale') }}
),

contact_rules as (
    select * from {{ ref('int_interview_contact_rules') }}
),

interview_types as (
    select * from {{ ref('interview_types') }}
),

interview_statuses as (
    select * from {{ ref('interview_statuses') }}
),

interview_holders as (
    select * from {{ ref('interview_holders') }}
),

-- The interviews shown for a course: from the earliest possible
-- pre-placement registration start (R11) to a month after the follow-up
-- date, so that near misses are explained too.
candidates as (
    select
        windows.person_id,
        windows.placement_date,
        windows.window_start,
        windows.measurement_end,
        windows.first_interview_in_person,
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
        -- R10: a job interview by the jobcentre, a joint interview whoever
        -- registered it.
        coalesce(interview_types.is_joint_interview or interview_holders.is_jobcentre, false)
            as is_held_by_jobcentre,
        -- a course without a measurement start (a group 1 transition date
        -- that could not be derived) has no window: nothing is inside it.
        coalesce(
            interviews.interview_date between windows.window_start and windows.measurement_end,
            false
        ) as is_in_window,
        coalesce(contact_rules.counts_as_interview, false) as is_countable_form,
        coalesce(contact_rules.counts_as_in_person, false) as is_in_person,
        coalesce(contact_rules.is_first_interview_exception, false) as is_first_interview_exception,
        contact_rules.first_interview_exceptions
    from windows
    inner join interviews
        on
            windows.person_id = interviews.person_id
            and windows.earliest_registration_start <= interviews.interview_date
            and interviews.interview_date <= cast(windows.measurement_end + to_months(1) as date)
    left join interview_types on interviews.interview_type = interview_types.interview_type
    left join interview_statuses
        on interviews.interview_status = interview_statuses.interview_status
    left join interview_holders on interviews.held_by = interview_holders.held_by
    left join contact_rules on interviews.interview_id = contact_rules.interview_id
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

-- R10: where the course's rules require it, an interview on the first
-- interview day counts only in person or under a first-interview exception.
judged as (
    select
        candidates.*,
        first_days.first_interview_date,
        candidates.first_interview_in_person
        and candidates.interview_date = first_days.first_interview_date as is_first_interview_day,
        case
            when not candidates.is_job_interview then 'not_a_job_interview'
            when not candidates.is_held then 'not_held'
            when not candidates.is_held_by_jobcentre then 'not_held_by_jobcentre'
            when not candidates.is_in_window then 'outside_measurement_period'
            when not candidates.is_countable_form then 'contact_form_not_counted'
            when
                candidates.first_interview_in_person
                and candidates.interview_date = first_days.first_interview_date
                and not candidates.is_in_person
                and not candidates.is_first_interview_exception
                then 'first_interview_not_in_person'
        end as rule_reason
    from candidates
    left join first_days
        on
            candidates.person_id = first_days.person_id
            and candidates.placement_date = first_days.placement_date
),

-- R10: at most one interview a day counts: the first qualifying one by id
-- (interview_id is not null and unique per course). An aggregate on three
-- keys instead of a row number over the wide judged rows (issue 12).
same_day_firsts as (
    select
        person_id,
        placement_date,
        interview_date,
        min(interview_id) as first_interview_id
    from judged
    where rule_reason is null
    group by person_id, placement_date, interview_date
),

per_day as (
    select
        judged.*,
        judged.rule_reason is null
        and judged.interview_id = same_day_firsts.first_interview_id as is_first_of_day
    from judged
    left join same_day_firsts
        on
            judged.person_id = same_day_firsts.person_id
            and judged.placement_date = same_day_firsts.placement_date
            and judged.interview_date = same_day_firsts.interview_date
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
        is_first_interview_exception,
        first_interview_exceptions,
        is_first_of_day as is_counted,
        case
            when rule_reason is not null then rule_reason
            when not is_first_of_day then 'same_day_already_counted'
        end as reason_not_counted
    from per_day
)

select * from final
