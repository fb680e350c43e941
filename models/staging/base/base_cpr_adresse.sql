with

source as (
    select * from {{ source('registers', 'cpr_adresse') }}
),

typed as (
    select
        source.file_row_number as source_row_number,
        trim(try_cast(source.person_id as varchar)) as person_id,
        try_cast(source.kommune_kode as smallint) as municipality_code,
        try_cast(source.fra_dato as date) as valid_from,
        try_cast(source.til_dato as date) as valid_to,
        to_json(source) as raw_row
    from source
),

checked as (
    select
        *,
        {{ first_failing_check(person_interval_checks('plausible_birth_date_from') + [
            ('municipality_code is null', 'missing_municipality_code'),
            (is_unknown_code('municipality_code', 'municipalities', 'municipality_code', 'not is_unknown'), 'unknown_municipality_code'),
        ]) }} as reject_reason
    from typed
),

final as (
    select
        source_row_number,
        person_id,
        municipality_code,
        valid_from,
        valid_to,
        reject_reason,
        {{ raw_row_if_rejected(with_duplicates=false) }} as raw_row
    from checked
)

select * from final
