-- R2, issue 8: every staged payment row either adds hours to a benefit
-- course (its weekdays inside a course carry hours) or is listed with a
-- reason in int_unused_payment_rows, never both, never neither. Returns the
-- rows breaking this. The contributing records come from the course join
-- itself (payment_overlaps_course, payment_weekdays_in_course), not from
-- int_unused_payment_rows' own steps, so the test stays an independent check
-- of the model.
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

-- A semi join lists each contributing record once: no distinct over the
-- record-course pairs (issue 12).
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

final as (
    select
        staged.register,
        staged.source_row_number,
        contributing.source_row_number is not null as contributes,
        unused.unused_reason
    from staged
    left join contributing
        on
            staged.origin = contributing.origin
            and staged.source_row_number = contributing.source_row_number
    left join unused
        on
            staged.register = unused.register
            and staged.source_row_number = unused.source_row_number
    where (contributing.source_row_number is null) = (unused.unused_reason is null)
)

select * from final
