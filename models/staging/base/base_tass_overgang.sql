with

source as (
    select * from {{ source('registers', 'tass_overgang') }}
),

typed as (
    select
        source.file_row_number as source_row_number,
        trim(try_cast(source.person_id as varchar)) as person_id,
        try_cast(source.indplaceringsdato as date) as placement_date,
        try_cast(source.overgangsdato as date) as transition_date,
        to_json(source) as raw_row
    from source
),

checked as (
    select
        *,
        {{ first_failing_check([
            (is_blank('person_id'), 'missing_person_id'),
            ('placement_date is null', 'missing_placement_date'),
            ('transition_date is null', 'missing_transition_date'),
            ('transition_date < placement_date', 'end_before_start'),
            (is_implausible_date('placement_date') ~ ' or ' ~ is_implausible_date('transition_date'), 'implausible_date'),
        ]) }} as row_reject_reason
    from typed
),

numbered as (
    select
        *,
        {{ occurrence_among_valid(['person_id', 'placement_date']) }} as occurrence
    from checked
),

final as (
    select
        source_row_number,
        person_id,
        placement_date,
        transition_date,
        {{ reject_reason_with_duplicates('duplicate_handover') }} as reject_reason,
        {{ raw_row_if_rejected() }} as raw_row
    from numbered
)

select * from final
