with

source as (
    select * from {{ source('registers', 'cpr_adresse') }}
),

typed as (
    select
        source.file_row_number as source_row_number,
        {{ clean_text('source.person_id') }} as person_id,
        try_cast(source.kommune_kode as smallint) as municipality_code,
        try_cast(source.fra_dato as date) as valid_from,
        try_cast(source.til_dato as date) as valid_to,
        {{ row_hash('cpr_adresse') }} as row_hash,
        source as raw_record
    from source
),

checked as (
    select
        *,
        {{ first_failing_check(person_interval_checks(
            'plausible_birth_date_from',
            unparseable=[('kommune_kode', 'municipality_code')],
        ) + [
            ('municipality_code is null', 'missing_municipality_code'),
            (is_unknown_code('municipality_code', 'municipalities', 'municipality_code', 'not is_unknown'), 'unknown_municipality_code'),
        ]) }} as row_reject_reason
    from typed
),

{{ quarantine_steps('cpr_adresse') }},

final as (
    select
        source_row_number,
        person_id,
        municipality_code,
        valid_from,
        valid_to,
        reject_reason,
        raw_row
    from quarantined
)

select * from final
