with

base as (
    select * from {{ ref('base_fleur_udbetaling') }}
),

final as (
    select
        source_row_number,
        person_id,
        a_kasse,
        benefit_type,
        period_from,
        period_to,
        weekdays,
        hours,
        insurance_status
    from base
    where reject_reason is null
)

select * from final
