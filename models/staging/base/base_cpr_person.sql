with

source as (
    select * from {{ source('registers', 'cpr_person') }}
),

typed as (
    select
        source.file_row_number as source_row_number,
        {{ clean_text('source.person_id') }} as person_id,
        try_cast(source.foedselsdato as date) as birth_date,
        {{ row_hash('cpr_person') }} as row_hash,
        source as raw_record
    from source
),

-- A birth date after the day the build runs is implausible; a birth date
-- after the person's placement date needs Tællerdata and is listed by
-- int_rejected_cross_register_rows.
checked as (
    select
        *,
        {{ first_failing_check([
            (is_blank('person_id'), 'missing_person_id'),
        ] + unparseable_checks([('foedselsdato', 'birth_date')]) + [
            ('birth_date is null', 'missing_birth_date'),
            (is_implausible_date('birth_date', 'plausible_birth_date_from')
                ~ ' or birth_date > current_date', 'implausible_date'),
        ]) }} as row_reject_reason
    from typed
),

{{ quarantine_steps('cpr_person', key_columns=['person_id'], key_reason='duplicate_person_id') }},

final as (
    select
        source_row_number,
        person_id,
        birth_date,
        reject_reason,
        raw_row
    from quarantined
)

select * from final
