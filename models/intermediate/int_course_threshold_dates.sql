-- R4, R5, R19: the first day on which a course's accumulated hours reach
-- each threshold, in the units of the insurance status of that day.
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
        {{ threshold_units(
            "segments", "thresholds.full_time_hours", "thresholds.part_time_hours"
        ) }}
            as target_units
    from segments
    cross join thresholds
),

-- Within a segment the units grow by units_per_weekday on each weekday, so
-- the k-th weekday reaches the target for the least k with
-- units_before + k * units_per_weekday >= target_units (integer ceiling).
-- A segment that starts at or above the target reaches it on its first day
-- (possible when the status changes).
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
        end as reached_date,
        segment_to
    from targets
),

final as (
    select
        person_id,
        placement_date,
        threshold_code,
        min(reached_date) as reached_date
    from crossings
    where
        reached_date is not null
        and (segment_to is null or reached_date <= segment_to)
    group by person_id, placement_date, threshold_code
)

select * from final
