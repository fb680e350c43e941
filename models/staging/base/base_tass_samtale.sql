with

source as (
    select * from {{ source('registers', 'tass_samtale') }}
),

typed as (
    select
        source.file_row_number as source_row_number,
        {{ clean_text('source.samtale_id') }} as interview_id,
        {{ clean_text('source.person_id') }} as person_id,
        try_cast(source.samtale_dato as date) as interview_date,
        trim(try_cast(source.samtaletype as varchar)) as interview_type,
        trim(try_cast(source.kontaktform as varchar)) as contact_form,
        trim(try_cast(source.afholdt_af as varchar)) as held_by,
        try_cast(source.kommune_kode as smallint) as municipality_code,
        nullif({{ clean_text('source.a_kasse') }}, '') as a_kasse,
        trim(try_cast(source.status as varchar)) as interview_status,
        {{ row_hash('tass_samtale') }} as row_hash,
        source as raw_record
    from source
),

-- The holder's own field must be given (contract: kommune_kode when held by
-- the jobcentre, a_kasse when held by the a-kasse); a kommune_kode, wherever
-- given, must be a municipality of seed `municipalities`.
checked as (
    select
        *,
        {{ first_failing_check([
            (is_blank('interview_id'), 'missing_interview_id'),
            (is_blank('person_id'), 'missing_person_id'),
        ] + unparseable_checks([('samtale_dato', 'interview_date'), ('kommune_kode', 'municipality_code')]) + [
            ('interview_date is null', 'missing_interview_date'),
            (is_implausible_date('interview_date'), 'implausible_date'),
            ('interview_type is null or ' ~ is_unknown_code('interview_type', 'interview_types', 'interview_type'), 'unknown_interview_type'),
            ('contact_form is null or ' ~ is_unknown_code('contact_form', 'contact_forms', 'contact_form'), 'unknown_contact_form'),
            ('held_by is null or ' ~ is_unknown_code('held_by', 'interview_holders', 'held_by'), 'unknown_held_by'),
            (is_unknown_code('municipality_code', 'municipalities', 'municipality_code', 'not is_unknown'), 'unknown_municipality_code'),
            ('municipality_code is null and held_by in (select held_by from ' ~ ref('interview_holders') ~ ' where is_jobcentre)', 'missing_municipality_code'),
            ('a_kasse is null and held_by in (select held_by from ' ~ ref('interview_holders') ~ ' where is_a_kasse)', 'missing_a_kasse'),
            ('interview_status is null or ' ~ is_unknown_code('interview_status', 'interview_statuses', 'interview_status'), 'unknown_interview_status'),
        ]) }} as row_reject_reason
    from typed
),

{{ quarantine_steps(
    'tass_samtale', key_columns=['interview_id'], key_reason='duplicate_interview_id'
) }},

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
        reject_reason,
        raw_row
    from quarantined
)

select * from final
