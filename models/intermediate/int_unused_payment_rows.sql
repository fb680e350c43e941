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

-- int_unemployment_payments is read by five steps below, through one
-- import CTE each: DuckDB materialises a CTE read more than once, a copy of
-- every record (issue 12). The keys are read per register (origin).
payments as (
    select * from {{ ref('int_unemployment_payments') }}
),

payment_periods as (
    select * from {{ ref('int_unemployment_payments') }}
),

ram_payment_keys as (
    select * from {{ ref('int_unemployment_payments') }}
),

fleur_payment_keys as (
    select * from {{ ref('int_unemployment_payments') }}
),

plandata_payment_keys as (
    select * from {{ ref('int_unemployment_payments') }}
),

courses as (
    select * from {{ ref('int_benefit_courses') }}
),

first_placements as (
    select
        person_id,
        min(placement_date) as first_placement_date
    from courses
    group by person_id
),

-- R2: a staged row with no record in int_unemployment_payments is not
-- cumulative unemployment. An anti join per register on the row number
-- alone, the records' keys of that origin on the other side (registers and
-- origins as in macro payment_registers): a hash table of integers, not of
-- (origin, row number) pairs, and the wide payment rows are not carried
-- through it (issue 12).
not_unemployment as (
    {%- for (register, origin), (staged, keys) in zip(payment_registers(), [
        ('ram_weeks', 'ram_payment_keys'),
        ('fleur_payments', 'fleur_payment_keys'),
        ('offers', 'plandata_payment_keys'),
    ]) %}
        select
            '{{ register }}' as register,
            {{ staged }}.source_row_number,
            {{ staged }}.person_id,
            'not_unemployment' as unused_reason
        from {{ staged }}
        anti join {{ keys }}
            on
                {{ staged }}.source_row_number = {{ keys }}.source_row_number
                and {{ keys }}.origin = '{{ origin }}'
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
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

-- The weekday bounds (macro weekday_bounds) of each record with hours and
-- of each course.
payment_weekday_bounds as (
    select
        person_id,
        origin,
        source_row_number,
        period_to,
        {{ weekday_bounds('period_from', 'period_to') }}
    from payment_periods
    where weekdays != 0 and hours != 0
),

course_weekday_bounds as (
    select
        person_id,
        {{ weekday_bounds('placement_date', 'course_end') }}
    from courses
),

-- R1, R3: records with hours none of whose weekdays lies inside one of the
-- person's courses. "No course holds a weekday of the record" is the same
-- as "the weekdays summed over the courses are 0" (each count is >= 0): an
-- anti join, with no sum grouped by record over every record (issue 12).
-- The condition is on the weekday indexes computed once per record and
-- course, not per pair (macro payment_has_weekday_in_course, issue 12).
outside_courses as (
    select
        payment_weekday_bounds.person_id,
        payment_weekday_bounds.origin,
        payment_weekday_bounds.source_row_number,
        payment_weekday_bounds.period_to
    from payment_weekday_bounds
    anti join course_weekday_bounds
        on {{ payment_has_weekday_in_course('payment_weekday_bounds', 'course_weekday_bounds') }}
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
