with

base as (
    select * from {{ ref('base_tass_fravaer') }}
),

final as (
    select
        source_row_number,
        person_id,
        exemption_code,
        valid_from,
        valid_to
    from base
    where reject_reason is null
)

select * from final
