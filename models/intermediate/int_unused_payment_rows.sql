-- R2: every staged payment row (RAM, FLEUR, Plandata) that adds no hours to
-- any course, with the reason: no staged row is lost downstream without a
-- trace (issue 8).
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

staged as (
    {{ staged_payment_rows('ram_weeks', 'fleur_payments', 'offers') }}
),

first_placements as (
    select
        person_id,
        min(placement_date) as first_placement_date
    from courses
    group by person_id
),

-- Weekdays of each record inside the person's courses (R1, R2).
course_weekdays as (
    select
        payments.origin,
        payments.source_row_number,
        sum(
            {{ payment_weekdays_in_course('payments', 'courses') }}
        ) as weekdays_in_courses
    from payments
    inner join courses
        on
            {{ payment_overlaps_course('payments', 'courses') }}
    group by payments.origin, payments.source_row_number
),

reasons as (
    select
        staged.register,
        staged.source_row_number,
        staged.person_id,
        case
            when payments.source_row_number is null then 'not_unemployment'
            when payments.weekdays = 0 or payments.hours = 0 then 'no_hours'
            when first_placements.person_id is null then 'person_without_placement'
            when payments.period_to < first_placements.first_placement_date
                then 'before_first_placement'
            when coalesce(course_weekdays.weekdays_in_courses, 0) = 0 then 'no_weekday_in_a_course'
        end as unused_reason
    from staged
    left join payments
        on
            staged.origin = payments.origin
            and staged.source_row_number = payments.source_row_number
    left join first_placements
        on staged.person_id = first_placements.person_id
    left join course_weekdays
        on
            staged.origin = course_weekdays.origin
            and staged.source_row_number = course_weekdays.source_row_number
),

final as (
    select
        register,
        source_row_number,
        person_id,
        unused_reason
    from reasons
    where unused_reason is not null
)

select * from final
