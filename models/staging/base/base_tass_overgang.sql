with

source as (
    select * from {{ source('registers', 'tass_overgang') }}
),

typed as (
    select
        source.file_row_number as source_row_number,
        {{ clean_text('source.person_id') }} as person_id,
        try_cast(source.indplaceringsdato as date) as placement_date,
        try_cast(source.overgangsdato as date) as transition_date,
        {{ row_hash('tass_overgang') }} as row_hash,
        source as raw_record
    from source
),

checked as (
    select
        *,
        {{ first_failing_check([
            (is_blank('person_id'), 'missing_person_id'),
        ] + unparseable_checks([('indplaceringsdato', 'placement_date'), ('overgangsdato', 'transition_date')]) + [
            ('placement_date is null', 'missing_placement_date'),
            ('transition_date is null', 'missing_transition_date'),
            ('transition_date < placement_date', 'end_before_start'),
            (is_implausible_date('placement_date') ~ ' or ' ~ is_implausible_date('transition_date'), 'implausible_date'),
        ]) }} as row_reject_reason
    from typed
),

{{ quarantine_steps(
    'tass_overgang', key_columns=['person_id', 'placement_date'], key_reason='duplicate_handover'
) }},

final as (
    select
        source_row_number,
        person_id,
        placement_date,
        transition_date,
        reject_reason,
        raw_row
    from quarantined
)

select * from final
