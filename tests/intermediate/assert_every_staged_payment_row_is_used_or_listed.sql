-- R2, issue 8: every staged payment row either adds hours to a benefit
-- course (its weekdays inside a course carry hours) or is listed with a
-- reason in int_unused_payment_rows, never both, never neither. Returns the
-- rows breaking this.
--
-- Checked without joining every staged row to every contributing record
-- (issue 12; same failures, a third less CPU). With S the staged rows, L
-- the listed rows and C the records that add hours (found by the course
-- join itself, not by the model's steps), "never neither" is
-- |S| - |L| - |C| + |L and C| = 0, which holds exactly when L and C lie
-- inside S and every key is unique:
-- - L inside S: listed rows that are not staged are returned (defect
--   listed_not_staged);
-- - C inside S: every record of int_unemployment_payments is a staged row
--   of its origin (the model selects them, joined to seeds only);
-- - unique keys: the unique tests of the staging models,
--   int_unemployment_payments and int_unused_payment_rows.
-- Rows listed and contributing are returned one by one
-- (listed_and_contributing); rows neither listed nor contributing as one
-- row with their number (neither_listed_nor_contributing). To name them,
-- left join S to C and L on the key and keep the rows matching neither.
with

ram_weeks as (
    select * from {{ ref('stg_ram_ledighed') }}
),

fleur_payments as (
    select * from {{ ref('stg_fleur_udbetaling') }}
),

offers as (
    select * from {{ ref('stg_plan_tilbud') }}
),

payments as (
    select * from {{ ref('int_unemployment_payments') }}
),

courses as (
    select * from {{ ref('int_benefit_courses') }}
),

unused as (
    select * from {{ ref('int_unused_payment_rows') }}
),

staged as (
    {{ staged_payment_rows('ram_weeks', 'fleur_payments', 'offers') }}
),

-- C: the records adding hours to a course.
contributing as (
    select
        payments.origin,
        payments.source_row_number
    from payments
    semi join courses
        on
            {{ payment_overlaps_course('payments', 'courses') }}
            and {{ payment_weekdays_in_course('payments', 'courses') }} > 0
    where payments.hours > 0
),

-- L and C: listed rows that add hours to a course, the listed rows among
-- C (the course join runs once, in contributing).
listed_and_contributing as (
    select
        unused.register,
        unused.source_row_number,
        unused.unused_reason
    from unused
    inner join contributing
        on
            unused.register = {{ payment_register('contributing.origin') }}
            and unused.source_row_number = contributing.source_row_number
),

listed_not_staged as (
    select
        unused.register,
        unused.source_row_number,
        unused.unused_reason
    from unused
    anti join staged
        on
            unused.register = staged.register
            and unused.source_row_number = staged.source_row_number
),

-- |S| - |L| - |C| + |L and C|: the number of rows neither listed nor
-- contributing (see the header).
counted as (
    select 1 as weight from staged
    union all
    select -1 as weight from unused
    union all
    select -1 as weight from contributing
    union all
    select 1 as weight from listed_and_contributing
),

neither as (
    select coalesce(sum(weight), 0) as row_count
    from counted
),

final as (
    select
        register,
        source_row_number,
        'listed_and_contributing' as defect,
        unused_reason,
        1 as row_count
    from listed_and_contributing
    union all
    select
        register,
        source_row_number,
        'listed_not_staged' as defect,
        unused_reason,
        1 as row_count
    from listed_not_staged
    union all
    select
        cast(null as varchar) as register,
        cast(null as bigint) as source_row_number,
        'neither_listed_nor_contributing' as defect,
        cast(null as varchar) as unused_reason,
        row_count
    from neither
    where row_count != 0
)

select * from final
