-- R4: the insurance status on a day is that of the latest a-dagpenge record
-- (RAM week or FLEUR period) starting on or before that day.
with

payments as (
    select * from {{ ref('int_unemployment_payments') }}
),

-- The same records, read a second time by changing_records: through its own
-- import CTE, so that DuckDB scans the table twice instead of buffering
-- every record until person_statuses is complete (issue 12).
changing_payments as (
    select * from {{ ref('int_unemployment_payments') }}
),

status_records as (
    select
        person_id,
        origin,
        source_row_number,
        period_from,
        period_to,
        insurance_status
    from payments
    where insurance_status is not null
),

-- Most persons keep one status on every record: their only run starts on
-- their first record and never ends. Only the others need the record-by-
-- record steps below (one aggregate over persons instead of a sort of every
-- record, issue 12).
person_statuses as (
    select
        person_id,
        min(period_from) as first_from,
        min(insurance_status) as first_status,
        min(insurance_status) = max(insurance_status) as has_one_status
    from status_records
    group by person_id
),

one_status_runs as (
    select
        person_id,
        first_from as status_from,
        cast(null as date) as status_to,
        first_status as insurance_status
    from person_statuses
    where has_one_status
),

changing_records as (
    select
        changing_payments.person_id,
        changing_payments.origin,
        changing_payments.source_row_number,
        changing_payments.period_from,
        changing_payments.period_to,
        changing_payments.insurance_status
    from changing_payments
    inner join person_statuses
        on changing_payments.person_id = person_statuses.person_id
    where
        changing_payments.insurance_status is not null
        and not person_statuses.has_one_status
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
    from changing_records
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

changing_runs as (
    select
        person_id,
        status_from,
        lead(status_from) over (
            partition by person_id order by status_from
        ) - 1 as status_to,
        insurance_status
    from islands
),

final as (
    select * from one_status_runs
    union all
    select * from changing_runs
)

select * from final
