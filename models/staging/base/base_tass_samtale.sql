with

source as (
    select * from {{ source('registers', 'tass_samtale') }}
),

typed as (
    select
        source.file_row_number as source_row_number,
        trim(try_cast(source.samtale_id as varchar)) as interview_id,
        trim(try_cast(source.person_id as varchar)) as person_id,
        try_cast(source.samtale_dato as date) as interview_date,
        trim(try_cast(source.samtaletype as varchar)) as interview_type,
        trim(try_cast(source.kontaktform as varchar)) as contact_form,
        trim(try_cast(source.afholdt_af as varchar)) as held_by,
        try_cast(source.kommune_kode as smallint) as municipality_code,
        nullif(trim(try_cast(source.a_kasse as varchar)), '') as a_kasse,
        trim(try_cast(source.status as varchar)) as interview_status,
        to_json(source) as raw_row
    from source
),

checked as (
    select
        *,
        {{ first_failing_check([
            (is_blank('interview_id'), 'missing_interview_id'),
            (is_blank('person_id'), 'missing_person_id'),
            ('interview_date is null', 'missing_interview_date'),
            (is_implausible_date('interview_date'), 'implausible_date'),
            ('interview_type is null or ' ~ is_unknown_code('interview_type', 'interview_types', 'interview_type'), 'unknown_interview_type'),
            ('contact_form is null or ' ~ is_unknown_code('contact_form', 'contact_forms', 'contact_form'), 'unknown_contact_form'),
            ('held_by is null or ' ~ is_unknown_code('held_by', 'interview_holders', 'held_by'), 'unknown_held_by'),
            (is_unknown_code('municipality_code', 'municipalities', 'municipality_code', 'not is_unknown'), 'unknown_municipality_code'),
            ('interview_status is null or ' ~ is_unknown_code('interview_status', 'interview_statuses', 'interview_status'), 'unknown_interview_status'),
        ]) }} as row_reject_reason
    from typed
),

numbered as (
    select
        *,
        {{ occurrence_among_valid(['interview_id']) }} as occurrence
    from checked
),

final as (
    select
        source_row_number,
        interview_id,
        person_id,
        interview_date,
        interview_type,
        contact_form,
        held_by,
        municipality_code,
        a_kasse,
        interview_status,
        {{ reject_reason_with_duplicates('duplicate_interview_id') }} as reject_reason,
        {{ raw_row_if_rejected() }} as raw_row
    from numbered
)

select * from final
