-- R3: the closed-form weekday count (macros/weekdays/weekdays_between.sql) equals a
-- day-by-day count for every interval of up to 60 days starting on any of
-- 21 consecutive days (all weekday/weekend start and end combinations),
-- around the 2017-07-01 register switch and a year end; an interval whose end
-- lies before its start counts 0. Returns the intervals where they disagree.
with

start_days as (
    select cast(generate_series as date) as interval_start
    from generate_series(date '2017-06-19', date '2017-07-09', interval 1 day)
    union all
    select cast(generate_series as date) as interval_start
    from generate_series(date '2015-12-21', date '2016-01-10', interval 1 day)
),

lengths as (
    select cast(generate_series as integer) as length_days
    from generate_series(-1, 59)
),

intervals as (
    select
        start_days.interval_start,
        start_days.interval_start + lengths.length_days as interval_end
    from start_days
    cross join lengths
),

days as (
    select
        intervals.interval_start,
        intervals.interval_end,
        cast(unnest(generate_series(
            intervals.interval_start, intervals.interval_end, interval 1 day
        )) as date) as interval_day
    from intervals
    where intervals.interval_end >= intervals.interval_start
),

day_by_day as (
    select
        intervals.interval_start,
        intervals.interval_end,
        count(days.interval_day) filter (where isodow(days.interval_day) <= 5) as weekdays
    from intervals
    left join days
        on
            intervals.interval_start = days.interval_start
            and intervals.interval_end = days.interval_end
    group by intervals.interval_start, intervals.interval_end
),

final as (
    select
        interval_start,
        interval_end,
        weekdays as day_by_day_weekdays,
        {{ weekdays_between('interval_start', 'interval_end') }} as closed_form_weekdays
    from day_by_day
    where weekdays != {{ weekdays_between('interval_start', 'interval_end') }}
)

select * from final
