with

base as (
    select * from {{ ref('base_ram_ledighed') }}
),

final as (
    select
        source_row_number,
        person_id,
        iso_week,
        week_start,
        week_end,
        a_kasse,
        hours,
        insurance_status
    from base
    where reject_reason is null
)

select * from final
