with

base as (
    select * from {{ ref('base_cpr_person') }}
),

final as (
    select
        source_row_number,
        person_id,
        birth_date
    from base
    where reject_reason is null
)

select * from final
