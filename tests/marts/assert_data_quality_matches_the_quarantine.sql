-- mart_data_quality publishes the quarantine's counts: per register, raw =
-- staged + its rejected rows, and every register of stg_register_row_counts
-- is there with the same counts. Returns the registers that differ.
with

quality as (
    select * from {{ ref('mart_data_quality') }}
),

row_counts as (
    select * from {{ ref('stg_register_row_counts') }}
),

per_register as (
    select
        register,
        min(raw_rows) as raw_rows,
        max(raw_rows) as raw_rows_max,
        min(staged_rows) as staged_rows,
        sum(rejected_rows) as rejected_rows
    from quality
    group by register
),

final as (
    select
        row_counts.register,
        row_counts.raw_row_count,
        per_register.raw_rows,
        per_register.staged_rows,
        per_register.rejected_rows
    from row_counts
    left join per_register on row_counts.register = per_register.register
    where
        per_register.register is null
        or per_register.raw_rows != per_register.raw_rows_max
        or per_register.raw_rows != row_counts.raw_row_count
        or per_register.staged_rows != row_counts.staged_row_count
        or per_register.rejected_rows != row_counts.rejected_row_count
        or per_register.raw_rows != per_register.staged_rows + per_register.rejected_rows
)

select * from final
