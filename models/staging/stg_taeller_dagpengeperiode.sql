with

base as (
    select * from {{ ref('base_taeller_dagpengeperiode') }}
),

final as (
    select
        source_row_number,
        person_id,
        placement_date,
        period_last_day
    from base
    where reject_reason is null
)

select * from final
