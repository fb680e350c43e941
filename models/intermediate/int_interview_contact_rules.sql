-- R10, R21: what each interview's contact form counts as on its date, and
-- the exceptions that allow it as a first interview of groups 2 and 3.
-- The rules depend only on the contact form, the date and the municipality:
-- they are looked up once per contact form and day (a few thousand), then
-- joined to the interviews on those keys, instead of joining and grouping
-- every interview (issue 12).
with

interviews as (
    select * from {{ ref('stg_tass_samtale') }}
),

contact_form_rules as (
    select * from {{ ref('contact_form_rules') }}
),

first_interview_exceptions as (
    select * from {{ ref('first_interview_exceptions') }}
),

form_days as (
    select distinct
        contact_form,
        interview_date
    from interviews
),

-- R10, R21: the rows of contact_form_rules in force on the day.
form_rules as (
    select
        form_days.contact_form,
        form_days.interview_date,
        bool_or(contact_form_rules.counts_as = 'interview') as counts_as_interview,
        bool_or(contact_form_rules.counts_as = 'in_person') as counts_as_in_person
    from form_days
    inner join contact_form_rules
        on
            form_days.contact_form = contact_form_rules.contact_form
            and {{ valid_on('contact_form_rules', 'form_days.interview_date') }}
    group by form_days.contact_form, form_days.interview_date
),

-- R10: the exceptions in force on the day that allow the contact form,
-- everywhere (municipality_code null) or in one municipality.
day_exceptions as (
    select
        form_days.contact_form,
        form_days.interview_date,
        first_interview_exceptions.municipality_code,
        first_interview_exceptions.exception_name
    from form_days
    inner join first_interview_exceptions
        on
            form_days.contact_form = first_interview_exceptions.contact_form
            and {{ valid_on('first_interview_exceptions', 'form_days.interview_date') }}
),

-- R10: the places with an exception on the day: everywhere (null) and each
-- municipality with its own. A municipality's list holds the exceptions
-- in force everywhere too.
exception_places as (
    select distinct
        contact_form,
        interview_date,
        municipality_code
    from day_exceptions
),

place_exceptions as (
    select
        exception_places.contact_form,
        exception_places.interview_date,
        exception_places.municipality_code,
        string_agg(
            distinct day_exceptions.exception_name, ', '
            order by day_exceptions.exception_name
        ) as first_interview_exceptions
    from exception_places
    inner join day_exceptions
        on
            exception_places.contact_form = day_exceptions.contact_form
            and exception_places.interview_date = day_exceptions.interview_date
            and (
                day_exceptions.municipality_code is null
                or exception_places.municipality_code = day_exceptions.municipality_code
            )
    group by
        exception_places.contact_form,
        exception_places.interview_date,
        exception_places.municipality_code
),

everywhere_exceptions as (
    select
        contact_form,
        interview_date,
        first_interview_exceptions
    from place_exceptions
    where municipality_code is null
),

municipality_exceptions as (
    select
        contact_form,
        interview_date,
        municipality_code,
        first_interview_exceptions
    from place_exceptions
    where municipality_code is not null
),

-- R10: an interview in a municipality with its own exceptions that day takes
-- that municipality's list, else the list in force everywhere.
final as (
    select
        interviews.interview_id,
        interviews.interview_date,
        interviews.contact_form,
        interviews.municipality_code,
        coalesce(form_rules.counts_as_interview, false) as counts_as_interview,
        coalesce(form_rules.counts_as_in_person, false) as counts_as_in_person,
        coalesce(
            municipality_exceptions.first_interview_exceptions,
            everywhere_exceptions.first_interview_exceptions
        ) is not null as is_first_interview_exception,
        coalesce(
            municipality_exceptions.first_interview_exceptions,
            everywhere_exceptions.first_interview_exceptions
        ) as first_interview_exceptions
    from interviews
    left join form_rules
        on
            interviews.contact_form = form_rules.contact_form
            and interviews.interview_date = form_rules.interview_date
    left join municipality_exceptions
        on
            interviews.contact_form = municipality_exceptions.contact_form
            and interviews.interview_date = municipality_exceptions.interview_date
            and interviews.municipality_code = municipality_exceptions.municipality_code
    left join everywhere_exceptions
        on
            interviews.contact_form = everywhere_exceptions.contact_form
            and interviews.interview_date = everywhere_exceptions.interview_date
)

select * from final
