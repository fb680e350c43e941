-- R4, R5, R19: the first day on which a course's accumulated hours reach
-- each threshold, in the units of the insurance status of that day, using
-- the threshold row in force on that day (seed hour_thresholds, dated).
with

segments as (
    select * from {{ ref('int_course_hour_segments') }}
),

thresholds as (
    select * from {{ ref('hour_thresholds') }}
),

targets as (
    select
        segments.*,
        thresholds.threshold_code,
        thresholds.valid_from as threshold_valid_from,
        thresholds.valid_to as threshold_valid_to,
        {{ threshold_units(
            "segments", "thresholds.full_time_hours", "thresholds.part_time_hours"
        ) }}
            as target_units
    from segments
    inner join thresholds
        on
            (
                thresholds.valid_from is null
                or segments.segment_to is null
                or segments.segment_to >= thresholds.valid_from
            )
            and (thresholds.valid_to is null or segments.segment_from <= thresholds.valid_to)
),

-- Within a segment the units grow by units_per_weekday on each weekday, so
-- the k-th weekday reaches the target for the least k with
-- units_before + k * units_per_weekday >= target_units (integer ceiling).
-- A segment that starts at or above the target reaches it on its first day
-- (possible when the status changes). A segment whose units at its last day
-- are still below the target reaches it on none of its days (an open last
-- segment has no hours) and is left out; on every segment kept the crossing
-- is a day of the segment, so it is never null and never after segment_to.
crossings as (
    select
        person_id,
        placement_date,
        threshold_code,
        case
            when units_before >= target_units then segment_from
            when units_per_weekday > 0
                then {{ weekday_date(
                    weekday_index('segment_from')
                    ~ ' + (target_units - units_before + units_per_weekday - 1)'
                    ~ ' // units_per_weekday - 1'
                ) }}
        end as crossing_date,
        segment_to,
        threshold_valid_from,
        threshold_valid_to
    from targets
    where units_before + units_per_weekday * coalesce(weekdays, 0) >= target_units
),

-- A threshold row counts only on the days it is in force: hours only grow,
-- so a crossing before the row's valid_from means the hours are already at
-- or above it on that day, which is then the day it is reached (a day of the
-- segment too: targets keeps segments ending on or after valid_from).
in_force_crossings as (
    select
        person_id,
        placement_date,
        threshold_code,
        case
            when threshold_valid_from > crossing_date then threshold_valid_from
            else crossing_date
        end as reached_date,
        threshold_valid_to
    from crossings
),

-- The in-force test is an aggregate filter, not a where: DuckDB then
-- computes the crossing date once per row in a projection rather than once
-- per use inside a filter expression.
first_reached as (
    select
        person_id,
        placement_date,
        threshold_code,
        min(reached_date) filter (
            where threshold_valid_to is null or reached_date <= threshold_valid_to
        ) as reached_date
    from in_force_crossings
    group by person_id, placement_date, threshold_code
),

-- A course and threshold with no day in force has no row.
final as (
    select * from first_reached
    where reached_date is not null
)

select * from final
