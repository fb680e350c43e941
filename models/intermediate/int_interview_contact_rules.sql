-- R10, R21: what each interview's contact form counts as on its date, and
-- the exceptions that allow it as a first interview of groups 2 and 3.
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

-- R10, R21: the rows of contact_form_rules in force on the interview date.
form_rules as (
    select
        interviews.interview_id,
        bool_or(contact_form_rules.counts_as = 'interview') as counts_as_interview,
        bool_or(contact_form_rules.counts_as = 'in_person') as counts_as_in_person
    from interviews
    inner join contact_form_rules
        on
            interviews.contact_form = contact_form_rules.contact_form
            and {{ valid_on('contact_form_rules', 'interviews.interview_date') }}
    group by interviews.interview_id
),

-- R10: the exceptions in force on the interview date, everywhere or in the
-- municipality that held the interview, that allow its contact form.
exceptions as (
    select
        interviews.interview_id,
        string_agg(
            distinct first_interview_exceptions.exception_name, ', '
            order by first_interview_exceptions.exception_name
        ) as first_interview_exceptions
    from interviews
    inner join first_interview_exceptions
        on
            interviews.contact_form = first_interview_exceptions.contact_form
            and {{ valid_on('first_interview_exceptions', 'interviews.interview_date') }}
            and (
                first_interview_exceptions.municipality_code is null
                or interviews.municipality_code = first_interview_exceptions.municipality_code
            )
    group by interviews.interview_id
),

final as (
    select
        interviews.interview_id,
        interviews.interview_date,
        interviews.contact_form,
        interviews.municipality_code,
        coalesce(form_rules.counts_as_interview, false) as counts_as_interview,
        coalesce(form_rules.counts_as_in_person, false) as counts_as_in_person,
        exceptions.first_interview_exceptions is not null as is_first_interview_exception,
        exceptions.first_interview_exceptions
    from interviews
    left join form_rules on interviews.interview_id = form_rules.interview_id
    left join exceptions on interviews.interview_id = exceptions.interview_id
)

select * from final
