-- R20: no report month of the focus-target mart lies outside the reporting
-- windows (2021-01 – 2021-06 are left out).
with

monthly as (
    select * from {{ ref('mart_focus_target_monthly') }}
),

windows as (
    select * from {{ ref('focus_target_windows') }}
),

final as (
    select
        monthly.a_kasse,
        monthly.report_month,
        monthly.persons
    from monthly
    where not exists (
        select 1 as is_inside
        from windows
        where
            monthly.report_month >= windows.window_from
            and (windows.window_to is null or monthly.report_month <= windows.window_to)
    )
)

select * from final
