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

-- An integer key per course: the sweep groups, sorts and joins on it instead
-- of (person_id, placement_date), and carries person_id only into final.
numbered_courses as (
    select
        person_id,
        placement_date,
        course_end,
        row_number() over (order by person_id, placement_date) as course_key
    from courses
),

-- R2: a record counts on its days inside the course (from the placement
-- date, before the next placement). Its hours stay spread over all weekdays
-- of its own period (R3), so a clipped record keeps its rate.
course_records as (
    select
        numbered_courses.course_key,
        greatest(payments.period_from, numbered_courses.placement_date) as record_from,
        least(
            payments.period_to, coalesce(numbered_courses.course_end, payments.period_to)
        ) as record_to,
        cast(payments.hours * 10000 as bigint) as hours_in_ten_thousandths,
        cast(payments.weekdays as bigint) as weekdays
    from numbered_courses
    inner join payments
        on
            numbered_courses.person_id = payments.person_id
            and numbered_courses.placement_date <= payments.period_to
            and (
                numbered_courses.course_end is null
                or numbered_courses.course_end >= payments.period_from
            )
    -- A record with no weekday in its period carries no hours (it still sets
    -- the insurance status, int_insurance_status_periods).
    where payments.weekdays > 0
),

-- hours_in_ten_thousandths / weekdays as a reduced fraction: numerator /
-- denominator.
reduced as (
    select
        course_key,
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
        course_key,
        list_reduce(  -- noqa: PRS
            list(distinct rate_denominator), lambda a, b: lcm(a, b)
        ) as scale
    from reduced
    group by course_key
),

record_rates as (
    select
        reduced.course_key,
        reduced.record_from,
        reduced.record_to,
        cast(reduced.rate_numerator as hugeint)
        * (course_scales.scale // reduced.rate_denominator) as rate
    from reduced
    inner join course_scales
        on reduced.course_key = course_scales.course_key
),

-- Runs of records: a record starting the day after the previous record of
-- the course (by start) ends, at the same rate, continues it. Their end
-- and start events fall on the same day and cancel (-rate, +rate), so
-- neither is emitted: the same rates on every day, and the sweep's window
-- sorts 19 M instead of 41 M events at 1,000,000 persons (issue 12). lag
-- and lead look at the same pair, so each dropped end has its dropped
-- start.
record_runs as (
    select
        course_key,
        record_from,
        record_to,
        rate,
        coalesce(
            lag(record_to) over course_order + 1 = record_from
            and lag(rate) over course_order = rate,
            false
        ) as continues_run,
        coalesce(
            lead(record_from) over course_order = record_to + 1
            and lead(rate) over course_order = rate,
            false
        ) as run_continues
    from record_rates
    window course_order as (partition by course_key order by record_from)
),

-- R4: the status periods that overlap the course. They tile the person's
-- days from the first (int_insurance_status_periods: the status of a day is
-- that of the latest record starting on or before it), so each day of the
-- course lies in at most one; days before the first have the default status.
course_statuses as (
    select
        numbered_courses.course_key,
        numbered_courses.placement_date,
        status_periods.status_from,
        status_periods.status_to,
        status_periods.insurance_status
    from numbered_courses
    inner join status_periods
        on
            numbered_courses.person_id = status_periods.person_id
            and (
                numbered_courses.course_end is null
                or numbered_courses.course_end >= status_periods.status_from
            )
            and (
                status_periods.status_to is null
                or numbered_courses.placement_date <= status_periods.status_to
            )
),

-- Sweep line: a record adds its rate on its first day and removes it the day
-- after its last (both edges from one read of record_runs, the two at a
-- joint inside a run left out); the course's own edges and status changes
-- are boundaries too (is_edge), so segments tile the course.
record_edges as (
    select
        course_key,
        unnest([record_from, record_to + 1]) as event_date,
        unnest([rate, -rate]) as rate_change,
        unnest([not continues_run, not run_continues]) as is_kept
    from record_runs
),

events as (
    select
        course_key,
        event_date,
        rate_change,
        false as is_edge
    from record_edges
    where is_kept
    union all
    select
        course_key,
        placement_date as event_date,
        cast(0 as hugeint) as rate_change,
        true as is_edge
    from numbered_courses
    union all
    select
        course_key,
        course_end + 1 as event_date,
        cast(0 as hugeint) as rate_change,
        true as is_edge
    from numbered_courses
    where course_end is not null
    union all
    select
        course_key,
        status_from as event_date,
        cast(0 as hugeint) as rate_change,
        true as is_edge
    from course_statuses
    where status_from > placement_date
),

-- One sort of the events per course, no grouping by day: the rate after a
-- day is the running sum over the day's events and all before (a RANGE
-- frame takes the day's events together), day_change and day_edge sum the
-- day's own events. A window spills to disk under a memory limit where a
-- group-by of 8 M events into 5 M days did not (256MB at 200,000 persons).
day_rates as (
    select
        course_key,
        event_date,
        sum(rate_change) over (
            course_days range between unbounded preceding and current row
        ) as rate,
        sum(rate_change) over (
            course_days range between current row and current row
        ) as day_change,
        bool_or(is_edge) over (
            course_days range between current row and current row
        ) as day_edge,
        lead(event_date) over course_days as next_event_date
    from events
    window course_days as (partition by course_key order by event_date)
),

-- One row per day (its last event); a record day where the rate does not
-- change (one weekly record followed by another at the same rate) is no
-- boundary: the segment goes on at the same hours per weekday and status,
-- and the sweep has about half the rows.
boundaries as (
    select
        course_key,
        event_date,
        rate
    from day_rates
    where
        (next_event_date is null or next_event_date > event_date)
        and (day_change <> 0 or day_edge)
),

-- The day after a closed course's end is its last boundary: its row is
-- dropped in scaled, after the running sums it cannot change.
swept as (
    select
        course_key,
        event_date as segment_from,
        lead(event_date) over (partition by course_key order by event_date) - 1 as segment_to,
        rate
    from boundaries
),

-- R4: the status of the segment: constant, since status changes are
-- boundaries.
with_status as (
    select
        swept.*,
        coalesce(
            course_statuses.insurance_status, '{{ var("default_insurance_status") }}'
        ) as insurance_status
    from swept
    left join course_statuses
        on
            swept.course_key = course_statuses.course_key
            and swept.segment_from >= course_statuses.status_from
            and (
                course_statuses.status_to is null
                or swept.segment_from <= course_statuses.status_to
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
        with_status.course_key,
        with_status.segment_from,
        with_status.segment_to,
        with_status.insurance_status,
        {{ weekdays_between('with_status.segment_from', 'with_status.segment_to') }} as weekdays,
        with_status.rate * case
            when with_status.insurance_status = 'part_time'
                then day_lengths.full_time_day_centihours
            else day_lengths.part_time_day_centihours
        end as units_per_weekday
    from with_status
    cross join day_lengths
),

-- The running sum sorts only the course key and the segment's own columns;
-- person_id, placement_date and the course's scale join on afterwards.
accumulated as (
    select
        *,
        coalesce(
            sum(units_per_weekday * weekdays) over (
                partition by course_key
                order by segment_from
                rows between unbounded preceding and 1 preceding
            ),
            0
        ) as units_before
    from weighted
),

scaled as (
    select
        numbered_courses.person_id,
        numbered_courses.placement_date,
        accumulated.segment_from,
        accumulated.segment_to,
        accumulated.insurance_status,
        accumulated.weekdays,
        coalesce(course_scales.scale, 1) as scale,
        10000 * coalesce(course_scales.scale, 1) * day_lengths.part_time_day_centihours
            as units_per_full_time_hour,
        10000 * coalesce(course_scales.scale, 1) * day_lengths.full_time_day_centihours
            as units_per_part_time_hour,
        accumulated.units_per_weekday,
        accumulated.units_before
    from accumulated
    inner join numbered_courses
        on accumulated.course_key = numbered_courses.course_key
    left join course_scales
        on accumulated.course_key = course_scales.course_key
    cross join day_lengths
    where
        numbered_courses.course_end is null
        or accumulated.segment_from <= numbered_courses.course_end
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
        units_before,
        {{ units_as_hours('units_per_weekday', 'units_per_full_time_hour') }}
            as fte_hours_per_weekday
    from scaled
)

select * from final
