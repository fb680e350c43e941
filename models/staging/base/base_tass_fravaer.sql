with

source as (
    select * from {{ source('registers', 'tass_fravaer') }}
),

typed as (
    select
        source.file_row_number as source_row_number,
        {{ clean_text('source.person_id') }} as person_id,
        try_cast(source.fravaer_id as smallint) as exemption_code,
        try_cast(source.fra_dato as date) as valid_from,
        try_cast(source.til_dato as date) as valid_to,
        {{ row_hash('tass_fravaer') }} as row_hash,
        source as raw_record
    from source
),

-- Codes outside Tabel 1 and 2 are valid registrations that the measures
-- ignore (R12, R13), so an unknown code is not a reason to reject.
checked as (
    select
        *,
        {{ first_failing_check(
            person_interval_checks(unparseable=[('fravaer_id', 'exemption_code')])
            + [('exemption_code is null', 'missing_exemption_code')]
        ) }} as row_reject_reason
    from typed
),

{{ quarantine_steps('tass_fravaer') }},

final as (
    select
        source_row_number,
        person_id,
        exemption_code,
        valid_from,
        valid_to,
        reject_reason,
        raw_row
    from quarantined
)

select * from final
