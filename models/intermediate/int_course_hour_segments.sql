-- R2, R3, R4: the cumulative unemployment of each course as segments on
-- which the hours per weekday and the insurance status are constant.
with

courses as (
    select * from {{ ref('int_benefit_courses') }}
),

payments as (
    select * from {{ ref('int_unemployment_payments') }}
),

status_periods as (
    select * from {{ ref('int_insurance_status_periods') }}
),

conversion as (
    select * from {{ ref('insurance_conversion') }}
),

-- R2: a record counts on its days inside the course (from the placement
-- date, before the next placement). Its hours stay spread over all weekdays
-- of its own period (R3), so a clipped record keeps its rate.
course_records as (
    select
        courses.person_id,
        courses.placement_date,
        greatest(payments.period_from, courses.placement_date) as record_from,
        least(payments.period_to, coalesce(courses.course_end, payments.period_to)) as record_to,
        cast(payments.hours * 10000 as bigint) as hours_in_ten_thousandths,
        cast(payments.weekdays as bigint) as weekdays
    from courses
    inner join payments
        on
            courses.person_id = payments.person_id
            and courses.placement_date <= payments.period_to
            and (courses.course_end is null or courses.course_end >= payments.period_from)
    -- A record with no weekday in its period carries no hours (it still sets
    -- the insurance status, int_insurance_status_periods).
    where payments.weekdays > 0
),

-- hours_in_ten_thousandths / weekdays as a reduced fraction: numerator /
-- denominator.
reduced as (
    select
        person_id,
        placement_date,
        record_from,
        record_to,
        hours_in_ten_thousandths // gcd(hours_in_ten_thousandths, weekdays) as rate_numerator,
        weekdays // gcd(hours_in_ten_thousandths, weekdays) as rate_denominator
    from course_records
),

-- The course's scale: the least common multiple of the denominators, so
-- that every record's rate is a whole number of 1 / (10000 * scale) hours.
course_scales as (
    select
        person_id,
        placement_date,
        list_reduce(  -- noqa: PRS
            list(distinct rate_denominator), lambda a, b: lcm(a, b)
        ) as scale
    from reduced
    group by person_id, placement_date
),

record_rates as (
    select
        reduced.person_id,
        reduced.placement_date,
        reduced.record_from,
        reduced.record_to,
        cast(reduced.rate_numerator as hugeint)
        * (course_scales.scale // reduced.rate_denominator) as rate
    from reduced
    inner join course_scales
        on
            reduced.person_id = course_scales.person_id
            and reduced.placement_date = course_scales.placement_date
),

-- Sweep line: a record adds its rate on its first day and removes it the day
-- after its last; the course's own edges and status changes are boundaries
-- too (is_edge), so segments tile the course.
events as (
    select
        person_id,
        placement_date,
        record_from as event_date,
        rate as rate_change,
        false as is_edge
    from record_rates
    union all
    select
        person_id,
        placement_date,
        record_to + 1 as event_date,
        -rate as rate_change,
        false as is_edge
    from record_rates
    union all
    select
        person_id,
        placement_date,
        placement_date as event_date,
        cast(0 as hugeint) as rate_change,
        true as is_edge
    from courses
    union all
    select
        person_id,
        placement_date,
        course_end + 1 as event_date,
        cast(0 as hugeint) as rate_change,
        true as is_edge
    from courses
    where course_end is not null
    union all
    select
        courses.person_id,
        courses.placement_date,
        status_periods.status_from as event_date,
        cast(0 as hugeint) as rate_change,
        true as is_edge
    from courses
    inner join status_periods
        on
            courses.person_id = status_periods.person_id
            and courses.placement_date < status_periods.status_from
            and (courses.course_end is null or courses.course_end >= status_periods.status_from)
),

-- A record day where the rate does not change (one weekly record followed by
-- another at the same rate) is no boundary: the segment goes on at the same
-- hours per weekday and status, and the sweep has about half the rows.
boundaries as (
    select
        person_id,
        placement_date,
        event_date,
        sum(rate_change) as rate_change
    from events
    group by person_id, placement_date, event_date
    having sum(rate_change) <> 0 or bool_or(is_edge)
),

swept as (
    select
        person_id,
        placement_date,
        event_date as segment_from,
        lead(event_date) over course_order - 1 as segment_to,
        sum(rate_change) over (
            course_order rows between unbounded preceding and current row
        ) as rate
    from boundaries
    window course_order as (partition by person_id, placement_date order by event_date)
),

segments as (
    select
        swept.person_id,
        swept.placement_date,
        swept.segment_from,
        swept.segment_to,
        swept.rate,
        coalesce(course_scales.scale, 1) as scale
    from swept
    inner join courses
        on
            swept.person_id = courses.person_id
            and swept.placement_date = courses.placement_date
    left join course_scales
        on
            swept.person_id = course_scales.person_id
            and swept.placement_date = course_scales.placement_date
    where courses.course_end is null or swept.segment_from <= courses.course_end
),

-- R4: the status of the segment: constant, since status changes are
-- boundaries.
with_status as (
    select
        segments.*,
        coalesce(
            status_periods.insurance_status, '{{ var("default_insurance_status") }}'
        ) as insurance_status
    from segments
    left join status_periods
        on
            segments.person_id = status_periods.person_id
            and segments.segment_from >= status_periods.status_from
            and (
                status_periods.status_to is null
                or segments.segment_from <= status_periods.status_to
            )
),

-- R4: the length of each status's day in hundredths of an hour (740, 600).
day_lengths as (
    select
        cast(full_time_hours_per_day * 100 as hugeint) as full_time_day_centihours,
        cast(part_time_hours_per_day * 100 as hugeint) as part_time_day_centihours
    from conversion
),

-- R4: part-time hours count x 7.4/6. An hour weighs 1 / (its status's day),
-- i.e. multiplied by both days, the length of the OTHER status's day: a
-- full-time hour weighs 600 (the part-time day), a part-time hour 740 (the
-- full-time day), both whole numbers.

weighted as (
    select
        with_status.person_id,
        with_status.placement_date,
        with_status.segment_from,
        with_status.segment_to,
        with_status.insurance_status,
        with_status.scale,
        {{ weekdays_between('with_status.segment_from', 'with_status.segment_to') }} as weekdays,
        10000 * with_status.scale * day_lengths.part_time_day_centihours
            as units_per_full_time_hour,
        10000 * with_status.scale * day_lengths.full_time_day_centihours
            as units_per_part_time_hour,
        with_status.rate * case
            when with_status.insurance_status = 'part_time'
                then day_lengths.full_time_day_centihours
            else day_lengths.part_time_day_centihours
        end as units_per_weekday
    from with_status
    cross join day_lengths
),

final as (
    select
        person_id,
        placement_date,
        segment_from,
        segment_to,
        insurance_status,
        weekdays,
        scale,
        units_per_full_time_hour,
        units_per_part_time_hour,
        units_per_weekday,
        coalesce(
            sum(units_per_weekday * coalesce(weekdays, 0)) over (
                partition by person_id, placement_date
                order by segment_from
                rows between unbounded preceding and 1 preceding
            ),
            0
        ) as units_before,
        {{ units_as_hours('units_per_weekday', 'units_per_full_time_hour') }}
            as fte_hours_per_weekday
    from weighted
)

select * from final
