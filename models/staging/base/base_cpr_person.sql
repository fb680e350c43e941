with

source as (
    select * from {{ source('registers', 'cpr_person') }}
),

typed as (
    select
        source.file_row_number as source_row_number,
        trim(try_cast(source.person_id as varchar)) as person_id,
        try_cast(source.foedselsdato as date) as birth_date,
        to_json(source) as raw_row
    from source
),

checked as (
    select
        *,
        {{ first_failing_check([
            (is_blank('person_id'), 'missing_person_id'),
            ('birth_date is null', 'missing_birth_date'),
            (is_implausible_date('birth_date', 'plausible_birth_date_from'), 'implausible_date'),
        ]) }} as row_reject_reason
    from typed
),

deduplicated as (
    select
        *,
        {{ occurrence_among_valid(['person_id']) }} as occurrence
    from checked
),

final as (
    select
        source_row_number,
        person_id,
        birth_date,
        {{ reject_reason_with_duplicates('duplicate_person_id') }} as reject_reason,
        {{ raw_row_if_rejected() }} as raw_row
    from deduplicated
)

select * from final
