with

source as (
    select * from {{ source('registers', 'taeller_dagpengeperiode') }}
),

typed as (
    select
        source.file_row_number as source_row_number,
        trim(try_cast(source.person_id as varchar)) as person_id,
        try_cast(source.indplaceringsdato as date) as placement_date,
        try_cast(source.sidste_dag as date) as period_last_day,
        to_json(source) as raw_row
    from source
),

checked as (
    select
        *,
        {{ first_failing_check([
            (is_blank('person_id'), 'missing_person_id'),
            ('placement_date is null', 'missing_placement_date'),
            ('period_last_day < placement_date', 'end_before_start'),
            (is_implausible_date('placement_date') ~ ' or ' ~ is_implausible_date('period_last_day'), 'implausible_date'),
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
        period_last_day,
        {{ reject_reason_with_duplicates('duplicate_placement') }} as reject_reason,
        {{ raw_row_if_rejected() }} as raw_row
    from numbered
)

select * from final
