with

base as (
    select * from {{ ref('base_kmd_sygedagpenge') }}
),

final as (
    select
        source_row_number,
        person_id,
        valid_from,
        valid_to,
        is_partly_recovered
    from base
    where reject_reason is null
)

select * from final
