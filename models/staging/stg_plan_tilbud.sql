with

base as (
    select * from {{ ref('base_plan_tilbud') }}
),

final as (
    select
        source_row_number,
        person_id,
        offer_type,
        benefit_basis,
        valid_from,
        valid_to,
        hours_per_week
    from base
    where reject_reason is null
)

select * from final
