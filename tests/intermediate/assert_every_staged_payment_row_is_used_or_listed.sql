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
-- Only counts and the listed rows meet big relations (issue 12, 1,000,000
-- persons: 7.0 -> 3.5 CPU-s, peak 3.2 -> 0.7 GB): |C| is the records with
-- hours less those with no weekday in a course (an anti join, the courses
-- hashed), L and C is the listed rows (hashed) joined to their records and
-- then to the courses, |S| counts the staging models.
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

-- int_unemployment_payments is read by three steps, int_benefit_courses by
-- two, through one import CTE each: DuckDB materialises a CTE read more
-- than once (issue 12).
payments as (
    select * from {{ ref('int_unemployment_payments') }}
),

listed_payments as (
    select * from {{ ref('int_unemployment_payments') }}
),

counted_payments as (
    select * from {{ ref('int_unemployment_payments') }}
),

courses as (
    select * from {{ ref('int_benefit_courses') }}
),

listed_courses as (
    select * from {{ ref('int_benefit_courses') }}
),

unused as (
    select * from {{ ref('int_unused_payment_rows') }}
),

staged as (
    {{ staged_payment_rows('ram_weeks', 'fleur_payments', 'offers') }}
),

-- The weekday bounds (macro weekday_bounds) of each record with hours and
-- of each course.
payment_weekday_bounds as (
    select
        person_id,
        origin,
        source_row_number,
        {{ weekday_bounds('period_from', 'period_to') }}
    from payments
    where hours > 0
),

course_weekday_bounds as (
    select
        person_id,
        {{ weekday_bounds('placement_date', 'course_end') }}
    from courses
),

-- C: the records adding hours to a course, counted as the records with
-- hours less those adding hours to none (an anti join: the hash table is of
-- the courses, not of the records; the condition is macro
-- payment_has_weekday_in_course).
records_with_hours as (
    select count(*) as row_count
    from counted_payments
    where hours > 0
),

records_outside_courses as (
    select count(*) as row_count
    from payment_weekday_bounds
    anti join course_weekday_bounds
        on {{ payment_has_weekday_in_course('payment_weekday_bounds', 'course_weekday_bounds') }}
),

-- The listed rows with their record's origin (the register's, as in macro
-- payment_registers), so that they meet the records on the plain key.
listed as (
    select
        unused.register,
        case unused.register
            {%- for register, origin in payment_registers() %}
                when '{{ register }}' then '{{ origin }}'
            {%- endfor %}
        end as origin,
        unused.source_row_number,
        unused.unused_reason
    from unused
),

-- L and C: listed rows that add hours to a course. The listed rows find
-- their records first (a hash table of the listed rows, not of every
-- record), and only those meet the courses.
listed_and_contributing as (
    select
        listed.register,
        listed.source_row_number,
        listed.unused_reason
    from listed
    inner join listed_payments
        on
            listed.origin = listed_payments.origin
            and listed.source_row_number = listed_payments.source_row_number
    semi join listed_courses
        on
            {{ payment_overlaps_course('listed_payments', 'listed_courses') }}
            and {{ payment_weekdays_in_course('listed_payments', 'listed_courses') }} > 0
    where listed_payments.hours > 0
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
-- contributing (see the header). S is counted from the staging models
-- themselves, so staged is read once (by listed_not_staged).
counted as (
    select count(*) as weight from ram_weeks
    union all
    select count(*) as weight from fleur_payments
    union all
    select count(*) as weight from offers
    union all
    select -count(*) as weight from unused
    union all
    select -row_count as weight from records_with_hours
    union all
    select row_count as weight from records_outside_courses
    union all
    select count(*) as weight from listed_and_contributing
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
