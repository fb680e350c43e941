-- R8, R15: the measurement period of each course of the early effort, the
-- transition date of group 1 (handed over or derived) and the hours on it.
with

cohorts as (
    select * from {{ ref('int_early_effort_cohorts') }}
),

handovers as (
    select * from {{ ref('stg_tass_overgang') }}
),

segments as (
    select * from {{ ref('int_course_hour_segments') }}
),

thresholds as (
    select * from {{ ref('hour_thresholds') }}
),

course_rules as (
    select * from {{ ref('int_early_effort_course_rules') }}
),

group_one_without_handover as (
    select
        cohorts.person_id,
        cohorts.placement_date,
        cohorts.follow_up_date
    from cohorts
    inner join course_rules
        on
            cohorts.person_id = course_rules.person_id
            and cohorts.placement_date = course_rules.placement_date
            and course_rules.measurement_starts_at = 'transition'
    left join handovers
        on
            cohorts.person_id = handovers.person_id
            and cohorts.placement_date = handovers.placement_date
    where handovers.person_id is null
),

-- R8: the month ends from the placement month to the follow-up month, a few
-- rows per course (never one per day).
month_ends as (
    select
        person_id,
        placement_date,
        cast(last_day(unnest(generate_series(
            date_trunc('month', placement_date),
            date_trunc('month', follow_up_date),
            interval 1 month
        ))) as date) as month_end
    from group_one_without_handover
),

-- R8: the derived transition date is the first month end at which the
-- accumulated hours exceed (strictly) the a-kasse-part threshold (410 / 333)
-- in the status units of that day.
derived_transitions as (
    select
        month_ends.person_id,
        month_ends.placement_date,
        min(month_ends.month_end) as transition_date
    from month_ends
    inner join thresholds
        on
            thresholds.threshold_code = 'a_kasse_part'
            and {{ valid_on('thresholds', 'month_ends.month_end') }}
    inner join segments
        on
            month_ends.person_id = segments.person_id
            and month_ends.placement_date = segments.placement_date
            and {{ segment_contains('segments', 'month_ends.month_end') }}
    where
        {{ accumulated_units('segments', 'month_ends.month_end') }}
        > {{ threshold_units(
            'segments', 'thresholds.full_time_hours', 'thresholds.part_time_hours'
        ) }}
    group by month_ends.person_id, month_ends.placement_date
),

periods as (
    select
        cohorts.person_id,
        cohorts.placement_date,
        cohorts.cohort_subgroup,
        cohorts.follow_up_date,
        case
            when course_rules.measurement_starts_at = 'transition'
                then coalesce(handovers.transition_date, derived_transitions.transition_date)
        end as transition_date,
        course_rules.measurement_starts_at = 'transition'
        and handovers.person_id is null as is_transition_date_derived
    from cohorts
    inner join course_rules
        on
            cohorts.person_id = course_rules.person_id
            and cohorts.placement_date = course_rules.placement_date
    left join handovers
        on
            cohorts.person_id = handovers.person_id
            and cohorts.placement_date = handovers.placement_date
    left join derived_transitions
        on
            cohorts.person_id = derived_transitions.person_id
            and cohorts.placement_date = derived_transitions.placement_date
),

-- R15: hours accumulated up to and including the transition date against the
-- late-transition threshold (641 / 520, strictly more), status units.
late_transitions as (
    select
        periods.person_id,
        periods.placement_date,
        {{ accumulated_units('segments', 'periods.transition_date') }}
        > {{ threshold_units(
            'segments', 'thresholds.full_time_hours', 'thresholds.part_time_hours'
        ) }}
            as is_late_transition,
        {{ units_as_hours(accumulated_units('segments', 'periods.transition_date'),
            "case when segments.insurance_status = 'part_time' then segments.units_per_part_time_hour"
            ~ " else segments.units_per_full_time_hour end") }} as hours_at_transition
    from periods
    inner join thresholds
        on
            thresholds.threshold_code = 'late_transition'
            and {{ valid_on('thresholds', 'periods.transition_date') }}
    inner join segments
        on
            periods.person_id = segments.person_id
            and periods.placement_date = segments.placement_date
            and {{ segment_contains('segments', 'periods.transition_date') }}
),

final as (
    select
        periods.person_id,
        periods.placement_date,
        periods.transition_date,
        periods.is_transition_date_derived,
        case
            when periods.transition_date is not null then periods.transition_date + 1
            when periods.is_transition_date_derived then null
            else periods.placement_date
        end as measurement_start,
        periods.follow_up_date as measurement_end,
        late_transitions.hours_at_transition,
        coalesce(late_transitions.is_late_transition, false) as is_late_transition
    from periods
    left join late_transitions
        on
            periods.person_id = late_transitions.person_id
            and periods.placement_date = late_transitions.placement_date
)

select * from final
