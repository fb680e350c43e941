-- R12, R13: per course of the early effort, the share of the hours in the
-- measurement period on exempt days, and the MII weekdays in the period.
with

periods as (
    select * from {{ ref('int_early_effort_periods') }}
),

segments as (
    select * from {{ ref('int_course_hour_segments') }}
),

exemptions as (
    select * from {{ ref('int_exemption_intervals') }}
),

-- The course's hour segments cut to the measurement period.
period_segments as (
    select
        periods.person_id,
        periods.placement_date,
        greatest(segments.segment_from, periods.measurement_start) as part_from,
        least(
            coalesce(segments.segment_to, periods.measurement_end), periods.measurement_end
        ) as part_to,
        segments.units_per_weekday,
        segments.units_per_full_time_hour
    from periods
    inner join segments
        on
            periods.person_id = segments.person_id
            and periods.placement_date = segments.placement_date
            and periods.measurement_end >= segments.segment_from
            and (segments.segment_to is null or periods.measurement_start <= segments.segment_to)
),

period_units as (
    select
        person_id,
        placement_date,
        sum(units_per_weekday * {{ weekdays_between('part_from', 'part_to') }}) as period_units,
        any_value(units_per_full_time_hour) as units_per_full_time_hour
    from period_segments
    group by person_id, placement_date
),

-- R12: the hours of the period on days inside a merged exemption interval.
exempt_units as (
    select
        period_segments.person_id,
        period_segments.placement_date,
        sum(
            period_segments.units_per_weekday
            * {{ overlap_weekdays(
                'period_segments.part_from', 'period_segments.part_to',
                'exemptions.valid_from', 'exemptions.valid_to'
            ) }}
        ) as exempt_units
    from period_segments
    inner join exemptions
        on
            period_segments.person_id = exemptions.person_id
            and exemptions.exemption_kind = 'exemption'
            and period_segments.part_to >= exemptions.valid_from
            and (exemptions.valid_to is null or period_segments.part_from <= exemptions.valid_to)
    group by period_segments.person_id, period_segments.placement_date
),

-- R13: weekdays of the period inside a merged MII interval. A course without
-- a measurement start (a group 1 transition date that could not be derived,
-- R8) has no period and so no MII weekdays (overlap_weekdays' greatest()
-- would otherwise ignore the NULL start and count from the MII's start).
mii_weekdays as (
    select
        periods.person_id,
        periods.placement_date,
        sum({{ overlap_weekdays(
            'periods.measurement_start', 'periods.measurement_end',
            'exemptions.valid_from', 'exemptions.valid_to'
        ) }}) as mii_weekdays
    from periods
    inner join exemptions
        on
            periods.person_id = exemptions.person_id
            and exemptions.exemption_kind = 'mii'
            and periods.measurement_start is not null
            and periods.measurement_end >= exemptions.valid_from
            and (exemptions.valid_to is null or periods.measurement_start <= exemptions.valid_to)
    group by periods.person_id, periods.placement_date
),

final as (
    select
        periods.person_id,
        periods.placement_date,
        coalesce(period_units.period_units, 0) as period_units,
        coalesce(exempt_units.exempt_units, 0) as exempt_units,
        -- Hours for reading; 0 when the period has no hour segment at all.
        coalesce(
            {{ units_as_hours(
                'period_units.period_units', 'period_units.units_per_full_time_hour'
            ) }},
            0
        ) as period_fte_hours,
        coalesce(
            {{ units_as_hours(
                'exempt_units.exempt_units', 'period_units.units_per_full_time_hour'
            ) }},
            0
        ) as exempt_fte_hours,
        -- No hours in the period: share 0 (R12).
        case
            when coalesce(period_units.period_units, 0) = 0 then 0.0
            else
                cast(coalesce(exempt_units.exempt_units, 0) as double)
                / cast(period_units.period_units as double)
        end as exempt_hours_share,
        cast(coalesce(mii_weekdays.mii_weekdays, 0) as integer) as mii_weekdays
    from periods
    left join period_units
        on
            periods.person_id = period_units.person_id
            and periods.placement_date = period_units.placement_date
    left join exempt_units
        on
            periods.person_id = exempt_units.person_id
            and periods.placement_date = exempt_units.placement_date
    left join mii_weekdays
        on
            periods.person_id = mii_weekdays.person_id
            and periods.placement_date = mii_weekdays.placement_date
)

select * from final
