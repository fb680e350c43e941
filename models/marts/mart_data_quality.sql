-- Data quality for the publication: per register, raw, staged and rejected
-- rows, the rejects split by reason, and the latest date the register
-- records. The quarantine's raw rows (birth dates) stay in staging.
with

row_counts as (
    select * from {{ ref('stg_register_row_counts') }}
),

rejected_rows as (
    select
        register,
        reject_reason
    from {{ ref('stg_rejected_rows') }}
),

latest_dates as (
    select * from {{ ref('int_register_latest_dates') }}
),

rejects_by_reason as (
    select
        register,
        reject_reason,
        count(*) as rejected_rows
    from rejected_rows
    group by register, reject_reason
),

-- A register without rejected rows keeps one row, reason 'none'.
reasons as (
    select
        row_counts.register,
        coalesce(rejects_by_reason.reject_reason, 'none') as reject_reason,
        coalesce(rejects_by_reason.rejected_rows, 0) as rejected_rows
    from row_counts
    left join rejects_by_reason
        on row_counts.register = rejects_by_reason.register
),

final as (
    select
        cast(reasons.register as varchar) as register,
        cast(reasons.reject_reason as varchar) as reject_reason,
        cast(reasons.rejected_rows as bigint) as rejected_rows,
        cast(row_counts.raw_row_count as bigint) as raw_rows,
        cast(row_counts.staged_row_count as bigint) as staged_rows,
        cast(latest_dates.latest_date as date) as latest_date,
        cast(latest_dates.defines_data_through as boolean) as defines_data_through
    from reasons
    inner join row_counts
        on reasons.register = row_counts.register
    left join latest_dates
        on reasons.register = latest_dates.register
)

select * from final
