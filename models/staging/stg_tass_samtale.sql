with

base as (
    select * from {{ ref('base_tass_samtale') }}
),

final as (
    select
        source_row_number,
        person_id,
        interview_id,
        interview_date,
        interview_type,
        contact_form,
        held_by,
        municipality_code,
        a_kasse,
        interview_status
    from base
    where reject_reason is null
)

select * from final
