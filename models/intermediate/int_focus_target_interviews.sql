-- R21: the a-kasse job interviews that count for a full trial period, at
-- most one a day.
with

courses as (
    select * from {{ ref('int_focus_target_courses') }}
),

interviews as (
    select * from {{ ref('stg_tass_samtale') }}
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

contact_rules as (
    select * from {{ ref('int_interview_contact_rules') }}
),

-- R21: a job interview (interview_types.counts_focus_target), held by an
-- a-kasse, held, in a contact form that counts as an interview on its date
-- (contact_form_rules), from the placement date to the full-period date.
counted as (
    select
        courses.person_id,
        courses.placement_date,
        interviews.interview_date,
        min(interviews.interview_id) as interview_id,
        count(*) as interviews_that_day
    from courses
    inner join interviews
        on
            courses.person_id = interviews.person_id
            and interviews.interview_date
            between courses.placement_date and courses.full_period_date
    inner join interview_types
        on
            interviews.interview_type = interview_types.interview_type
            and interview_types.counts_focus_target
    inner join interview_statuses
        on
            interviews.interview_status = interview_statuses.interview_status
            and interview_statuses.is_held
    inner join interview_holders
        on
            interviews.held_by = interview_holders.held_by
            and interview_holders.is_a_kasse
    inner join contact_rules
        on
            interviews.interview_id = contact_rules.interview_id
            and contact_rules.counts_as_interview
    group by courses.person_id, courses.placement_date, interviews.interview_date
),

final as (
    select * from counted
)

select * from final
