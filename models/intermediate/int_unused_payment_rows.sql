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

-- int_unemployment_payments is read by three steps below, through one
-- import CTE each: DuckDB materialises a CTE read more than once, a copy of
-- every record (issue 12).
payments as (
    select * from {{ ref('int_unemployment_payments') }}
),

payment_keys as (
    select * from {{ ref('int_unemployment_payments') }}
),

payment_periods as (
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

-- R2: a staged row with no record in int_unemployment_payments is not
-- cumulative unemployment. An anti join on the key alone: the wide payment
-- rows are not carried through it (issue 12).
not_unemployment as (
    select
        staged.register,
        staged.source_row_number,
        staged.person_id,
        'not_unemployment' as unused_reason
    from staged
    anti join payment_keys
        on
            staged.origin = payment_keys.origin
            and staged.source_row_number = payment_keys.source_row_number
),

-- R1, R2: the reasons read from the record and the person's first
-- placement.
payment_reasons as (
    select
        payments.person_id,
        payments.origin,
        payments.source_row_number,
        case
            when payments.weekdays = 0 or payments.hours = 0 then 'no_hours'
            when first_placements.person_id is null then 'person_without_placement'
            when payments.period_to < first_placements.first_placement_date
                then 'before_first_placement'
        end as unused_reason
    from payments
    left join first_placements
        on payments.person_id = first_placements.person_id
),

-- R1, R3: records with hours none of whose weekdays lies inside one of the
-- person's courses. "No course holds a weekday of the record" is the same
-- as "the weekdays summed over the courses are 0" (each count is >= 0): an
-- anti join, with no sum grouped by record over every record (issue 12).
outside_courses as (
    select
        payment_periods.person_id,
        payment_periods.origin,
        payment_periods.source_row_number,
        payment_periods.period_to
    from payment_periods
    anti join courses
        on
            {{ payment_overlaps_course('payment_periods', 'courses') }}
            and {{ payment_weekdays_in_course('payment_periods', 'courses') }} > 0
    where payment_periods.weekdays != 0 and payment_periods.hours != 0
),

-- R3: of those, the ones no earlier reason lists: the person has a
-- placement and the record ends on or after the first one.
no_weekday_in_a_course as (
    select
        outside_courses.person_id,
        outside_courses.origin,
        outside_courses.source_row_number,
        'no_weekday_in_a_course' as unused_reason
    from outside_courses
    inner join first_placements
        on
            outside_courses.person_id = first_placements.person_id
            and outside_courses.period_to >= first_placements.first_placement_date
),

listed_payments as (
    select
        origin,
        source_row_number,
        person_id,
        unused_reason
    from payment_reasons
    where unused_reason is not null
    union all
    select
        origin,
        source_row_number,
        person_id,
        unused_reason
    from no_weekday_in_a_course
),

final as (
    select
        register,
        source_row_number,
        person_id,
        unused_reason
    from not_unemployment
    union all
    select
        {{ payment_register('origin') }} as register,
        source_row_number,
        person_id,
        unused_reason
    from listed_payments
)

select * from final
