-- R19, R20: courses with a full three-month trial period in an a-kasse of
-- the trial, their paying a-kasse and report month, and whether (and if not,
-- why not) the report month is reported.
with

threshold_dates as (
    select * from {{ ref('int_course_threshold_dates') }}
),

courses as (
    select * from {{ ref('int_benefit_courses') }}
),

payments as (
    select * from {{ ref('int_unemployment_payments') }}
),

a_kasser as (
    select * from {{ ref('a_kasser') }}
),

windows as (
    select * from {{ ref('focus_target_windows') }}
),

suspensions as (
    select * from {{ ref('dagpenge_suspensions') }}
),

-- R19: the full-period date is the day the three-month threshold
-- (481 / 390) is reached; the same threshold mechanism as the follow-up date.
full_periods as (
    select
        courses.person_id,
        courses.placement_date,
        courses.course_end,
        threshold_dates.reached_date as full_period_date,
        cast(date_trunc('month', threshold_dates.reached_date) as date) as report_month
    from courses
    inner join threshold_dates
        on
            courses.person_id = threshold_dates.person_id
            and courses.placement_date = threshold_dates.placement_date
            and threshold_dates.threshold_code = 'three_months'
),

-- R19: the paying a-kasse is that of the a-dagpenge record where the
-- threshold is reached: a record paying hours on the full-period date (it
-- covers that weekday, with hours) is preferred; among those, or failing
-- them among the course's records starting on or before that day, the
-- latest (ties: the one ending last, then FLEUR, then the later raw row).
paying as (
    select
        full_periods.person_id,
        full_periods.placement_date,
        arg_max(
            payments.a_kasse,
            (
                full_periods.full_period_date <= payments.period_to
                and payments.hours > 0
                and isodow(full_periods.full_period_date) <= 5,
                payments.period_from,
                payments.period_to,
                payments.origin = 'FLEUR',
                payments.source_row_number
            )
        ) as a_kasse
    from full_periods
    inner join payments
        on
            full_periods.person_id = payments.person_id
            and payments.a_kasse is not null
            and full_periods.full_period_date >= payments.period_from
            and full_periods.placement_date <= payments.period_to
    group by full_periods.person_id, full_periods.placement_date
),

-- R20: report months 2020-09 – 2020-12 and from 2021-07 on (seed).
in_window as (
    select distinct
        full_periods.person_id,
        full_periods.placement_date
    from full_periods
    inner join windows
        on
            full_periods.report_month >= windows.window_from
            and (windows.window_to is null or full_periods.report_month <= windows.window_to)
),

-- R20: a full period completed while dagpenge consumption was suspended
-- (seed dagpenge_suspensions) is not reported for that reason.
in_suspension as (
    select distinct
        full_periods.person_id,
        full_periods.placement_date
    from full_periods
    inner join suspensions
        on
            full_periods.full_period_date >= suspensions.suspension_from
            and (
                suspensions.suspension_to is null
                or full_periods.full_period_date <= suspensions.suspension_to
            )
),

final as (
    select
        full_periods.person_id,
        paying.a_kasse,
        full_periods.placement_date,
        full_periods.full_period_date,
        full_periods.report_month,
        in_window.person_id is not null as is_in_reporting_window,
        case
            when in_window.person_id is not null then null
            when in_suspension.person_id is not null then 'dagpenge_suspension'
            else 'outside_reporting_window'
        end as outside_window_reason
    from full_periods
    inner join paying
        on
            full_periods.person_id = paying.person_id
            and full_periods.placement_date = paying.placement_date
    inner join a_kasser
        on
            paying.a_kasse = a_kasser.a_kasse
            and a_kasser.is_trial
    left join in_window
        on
            full_periods.person_id = in_window.person_id
            and full_periods.placement_date = in_window.placement_date
    left join in_suspension
        on
            full_periods.person_id = in_suspension.person_id
            and full_periods.placement_date = in_suspension.placement_date
)

select * from final
