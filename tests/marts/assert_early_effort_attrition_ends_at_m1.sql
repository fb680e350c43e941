-- R18: the attrition of each report month ends at the whole country's
-- measure 1 of mart_early_effort_monthly. Returns the months that differ.
with

attrition as (
    select * from {{ ref('mart_early_effort_attrition') }}
),

monthly as (
    select * from {{ ref('mart_early_effort_monthly') }}
),

final as (
    select
        monthly.report_month,
        monthly.m1_persons as monthly_m1,
        attrition.m1_persons as attrition_m1
    from monthly
    left join attrition on monthly.report_month = attrition.report_month
    where
        monthly.geo_level = 'hele_landet'
        and monthly.m1_persons != coalesce(attrition.m1_persons, 0)
)

select * from final
