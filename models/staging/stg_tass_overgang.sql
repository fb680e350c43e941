with

base as (
    select * from {{ ref('base_tass_overgang') }}
),

final as (
    select
        source_row_number,
        person_id,
        placement_date,
        transition_date
    from base
    where reject_reason is null
)

select * from final
