with

base as (
    select * from {{ ref('base_uddannelsespaalaeg') }}
),

final as (
    select
        source_row_number,
        person_id,
        valid_from,
        valid_to
    from base
    where reject_reason is null
)

select * from final
