-- R4: the insurance status on a day is that of the latest a-dagpenge record
-- (RAM week or FLEUR period) starting on or before that day.
with

payments as (
    select * from {{ ref('int_unemployment_payments') }}
),

-- One status per person and start day: on a tie, the record ending last,
-- then FLEUR before RAM, then the later raw row (a stable, documented pick).
record_starts as (
    select
        person_id,
        period_from as status_from,
        arg_max(
            insurance_status,
            (period_to, origin = 'FLEUR', source_row_number)
        ) as insurance_status
    from payments
    where insurance_status is not null
    group by person_id, period_from
),

with_previous as (
    select
        person_id,
        status_from,
        insurance_status,
        lag(insurance_status) over (
            partition by person_id order by status_from
        ) as previous_status
    from record_starts
),

islands as (
    select
        person_id,
        status_from,
        insurance_status
    from with_previous
    where previous_status is null or previous_status != insurance_status
),

final as (
    select
        person_id,
        status_from,
        lead(status_from) over (
            partition by person_id order by status_from
        ) - 1 as status_to,
        insurance_status
    from islands
)

select * from final
