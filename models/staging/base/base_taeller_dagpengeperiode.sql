with

source as (
    select * from {{ source('registers', 'taeller_dagpengeperiode') }}
),

typed as (
    select
        source.file_row_number as source_row_number,
        {{ clean_text('source.person_id') }} as person_id,
        try_cast(source.indplaceringsdato as date) as placement_date,
        try_cast(source.sidste_dag as date) as period_last_day,
        {{ row_hash('taeller_dagpengeperiode') }} as row_hash,
        source as raw_record
    from source
),

checked as (
    select
        *,
        {{ first_failing_check([
            (is_blank('person_id'), 'missing_person_id'),
        ] + unparseable_checks([('indplaceringsdato', 'placement_date'), ('sidste_dag', 'period_last_day')]) + [
            ('placement_date is null', 'missing_placement_date'),
            ('period_last_day < placement_date', 'end_before_start'),
            (is_implausible_date('placement_date') ~ ' or ' ~ is_implausible_date('period_last_day'), 'implausible_date'),
        ]) }} as row_reject_reason
    from typed
),

{{ quarantine_steps(
    'taeller_dagpengeperiode',
    key_columns=['person_id', 'placement_date'],
    key_reason='duplicate_placement',
) }},

final as (
    select
        source_row_number,
        person_id,
        placement_date,
        period_last_day,
        reject_reason,
        raw_row
    from quarantined
)

select * from final
