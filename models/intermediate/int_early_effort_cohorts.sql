-- R5, R7: courses reaching the follow-up date in a reported month, and
-- their group and subgroup.
with

courses as (
    select * from {{ ref('int_benefit_courses') }}
),

threshold_dates as (
    select * from {{ ref('int_course_threshold_dates') }}
),

segments as (
    select * from {{ ref('int_course_hour_segments') }}
),

registrations as (
    select * from {{ ref('stg_tass_tilmelding') }}
),

thresholds as (
    select * from {{ ref('hour_thresholds') }}
),

parameters as (
    select * from {{ ref('early_effort_parameters') }}
),

cohort_groups as (
    select * from {{ ref('cohort_groups') }}
),

-- R5: the follow-up date is the day the six-month threshold is reached; the
-- report month is its month.
followed_up as (
    select
        courses.person_id,
        courses.placement_date,
        courses.course_end,
        six_months.reached_date as follow_up_date,
        cast(date_trunc('month', six_months.reached_date) as date) as report_month,
        a_kasse_part.reached_date as a_kasse_part_date
    from courses
    inner join threshold_dates as six_months
        on
            courses.person_id = six_months.person_id
            and courses.placement_date = six_months.placement_date
            and six_months.threshold_code = 'six_months'
    left join threshold_dates as a_kasse_part
        on
            courses.person_id = a_kasse_part.person_id
            and courses.placement_date = a_kasse_part.placement_date
            and a_kasse_part.threshold_code = 'a_kasse_part'
    where six_months.reached_date >= date '{{ var("first_report_month") }}'
),

-- R7: registered as job seeker on the split date (2023-12-31)?
registered_on_split_date as (
    select distinct followed_up.person_id
    from followed_up
    cross join parameters
    inner join registrations
        on
            followed_up.person_id = registrations.person_id
            and parameters.group_split_date >= registrations.valid_from
            and (
                registrations.valid_to is null
                or parameters.group_split_date <= registrations.valid_to
            )
),

-- A re-registration: a registration starting after the split date on a day
-- the person was not registered the day before (deregistered in between).
reregistrations as (
    select
        later.person_id,
        later.valid_from as reregistration_date
    from registrations as later
    cross join parameters
    where
        later.valid_from > parameters.group_split_date
        and not exists (
            select 1 as is_registered_the_day_before
            from registrations as earlier
            where
                earlier.person_id = later.person_id
                and earlier.valid_from <= later.valid_from - 1
                and (earlier.valid_to is null or earlier.valid_to >= later.valid_from - 1)
        )
),

-- R7: accumulated hours on the split date against the a-kasse-part
-- threshold (410 / 333) in the status units of that day (R4).
hours_on_split_date as (
    select
        followed_up.person_id,
        followed_up.placement_date,
        {{ accumulated_units('segments', 'parameters.group_split_date') }}
        < {{ threshold_units(
            'segments', 'thresholds.full_time_hours', 'thresholds.part_time_hours'
        ) }}
            as is_below_a_kasse_part
    from followed_up
    cross join parameters
    inner join thresholds
        on
            thresholds.threshold_code = 'a_kasse_part'
            and {{ valid_on('thresholds', 'parameters.group_split_date') }}
    inner join segments
        on
            followed_up.person_id = segments.person_id
            and followed_up.placement_date = segments.placement_date
            and {{ segment_contains('segments', 'parameters.group_split_date') }}
),

facts as (
    select
        followed_up.*,
        parameters.new_regime_from,
        parameters.group_split_date,
        registered_on_split_date.person_id is not null as is_registered_on_split_date,
        coalesce(hours_on_split_date.is_below_a_kasse_part, true)
            as is_below_a_kasse_part_on_split_date,
        (
            select min(reregistrations.reregistration_date) as first_reregistration_date
            from reregistrations
            where
                reregistrations.person_id = followed_up.person_id
                and reregistrations.reregistration_date <= followed_up.follow_up_date
        ) as first_reregistration_date
    from followed_up
    cross join parameters
    left join registered_on_split_date
        on followed_up.person_id = registered_on_split_date.person_id
    left join hours_on_split_date
        on
            followed_up.person_id = hours_on_split_date.person_id
            and followed_up.placement_date = hours_on_split_date.placement_date
),

grouped as (
    select
        *,
        case
            when report_month < new_regime_from then '3'
            when placement_date >= new_regime_from then '1a'
            when is_registered_on_split_date and not is_below_a_kasse_part_on_split_date then '2a'
            when
                is_registered_on_split_date
                and first_reregistration_date is not null
                and first_reregistration_date <= coalesce(a_kasse_part_date, follow_up_date)
                then '1c'
            when is_registered_on_split_date then '2b'
            when
                is_below_a_kasse_part_on_split_date
                and first_reregistration_date is not null
                then '1b'
            else '2c'
        end as cohort_subgroup
    from facts
),

final as (
    select
        grouped.person_id,
        grouped.placement_date,
        grouped.course_end,
        grouped.follow_up_date,
        grouped.report_month,
        grouped.a_kasse_part_date,
        grouped.is_registered_on_split_date,
        grouped.is_below_a_kasse_part_on_split_date,
        grouped.first_reregistration_date,
        cohort_groups.cohort_group,
        grouped.cohort_subgroup
    from grouped
    inner join cohort_groups on grouped.cohort_subgroup = cohort_groups.cohort_subgroup
)

select * from final
