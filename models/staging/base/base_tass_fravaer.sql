with

source as (
    select * from {{ source('registers', 'tass_fravaer') }}
),

typed as (
    select
        source.file_row_number as source_row_number,
        trim(try_cast(source.person_id as varchar)) as person_id,
        try_cast(source.fravaer_id as smallint) as exemption_code,
        try_cast(source.fra_dato as date) as valid_from,
        try_cast(source.til_dato as date) as valid_to,
        to_json(source) as raw_row
    from source
),

-- Codes outside Tabel 1 and 2 are valid registrations that the measures
-- ignore (R12, R13), so an unknown code is not a reason to reject.
checked as (
    select
        *,
        {{ first_failing_check(
            person_interval_checks()
            + [('exemption_code is null', 'missing_exemption_code')]
        ) }} as reject_reason
    from typed
),

final as (
    select
        source_row_number,
        person_id,
        exemption_code,
        valid_from,
        valid_to,
        reject_reason,
        {{ raw_row_if_rejected(with_duplicates=false) }} as raw_row
    from checked
)

select * from final
