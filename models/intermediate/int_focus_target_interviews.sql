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

contact_forms as (
    select * from {{ ref('contact_forms') }}
),

-- R21: a job interview (JOBSAMTALE), held by an a-kasse, held, in person,
-- digital or by phone, from the placement date to the full-period date.
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
    inner join contact_forms
        on
            interviews.contact_form = contact_forms.contact_form
            and contact_forms.is_countable
    where interviews.held_by = 'AKASSE'
    group by courses.person_id, courses.placement_date, interviews.interview_date
),

final as (
    select * from counted
)

select * from final
