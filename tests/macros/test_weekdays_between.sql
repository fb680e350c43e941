-- R3: the closed-form weekday count (macros/weekdays.sql) equals a
-- day-by-day count for every interval of up to 60 days starting on any of
-- 21 consecutive days (all weekday/weekend start and end combinations),
-- around the 2017-07-01 register switch and a year end. Also an empty
-- interval (end before start) counts 0. Returns the disagreeing intervals.
with

starts as (
    select cast(start_day as date) as interval_start
    from range(date '2017-06-19', date '2017-07-10', interval 1 day) as t (start_day)
    union all
    select cast(start_day as date) as interval_start
    from range(date '2015-12-21', date '2016-01-11', interval 1 day) as t (start_day)
),

intervals as (
    select
        starts.interval_start,
        starts.interval_start + cast(length_days.n as integer) as interval_end
    from starts
    cross join range(-1, 60) as length_days (n)
),

counted as (
    select
        interval_start,
        interval_end,
        {{ weekdays_between('interval_start', 'interval_end') }} as closed_form,
        (
            select count(*)
            from range(interval_start, interval_end + 1, interval 1 day) as d (day)
            where isodow(d.day) <= 5
        ) as day_by_day
    from intervals
),

final as (
    select * from counted
    where closed_form != day_by_day
)

select * from final
