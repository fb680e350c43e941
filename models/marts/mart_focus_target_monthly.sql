-- R20, R22: per trial a-kasse and report month of the reporting windows:
-- persons with a full trial period, those with at least two interviews, and
-- the share.
with

persons as (
    select * from {{ ref('fct_focus_target_person') }}
),

a_kasser as (
    select * from {{ ref('a_kasser') }}
),

windows as (
    select * from {{ ref('focus_target_windows') }}
),

latest as (
    select max(report_month) as latest_report_month
    from persons
),

-- Every month of every window, an open window up to the latest report month.
window_bounds as (
    select
        windows.window_from,
        coalesce(
            windows.window_to,
            greatest(windows.window_from, coalesce(latest.latest_report_month, windows.window_from))
        ) as window_to
    from windows
    cross join latest
),

report_months as (
    select
        cast(
            unnest(generate_series(window_from, window_to, interval 1 month)) as date
        ) as report_month
    from window_bounds
),

counted as (
    select
        a_kasse,
        report_month,
        count(*) as persons,
        count(*) filter (where has_two_interviews) as persons_two_plus
    from persons
    where is_in_reporting_window
    group by a_kasse, report_month
),

-- A month without persons stays in the table with a blank (null) share.
final as (
    select
        cast(a_kasser.a_kasse as varchar) as a_kasse,
        cast(report_months.report_month as date) as report_month,
        {{ period_code('report_months.report_month') }} as period_code,
        cast(coalesce(counted.persons, 0) as integer) as persons,
        cast(coalesce(counted.persons_two_plus, 0) as integer) as persons_two_plus,
        cast(counted.persons_two_plus / nullif(counted.persons, 0) as double) as share_two_plus
    from a_kasser
    cross join report_months
    left join counted
        on
            a_kasser.a_kasse = counted.a_kasse
            and report_months.report_month = counted.report_month
    where a_kasser.is_trial
)

select * from final
