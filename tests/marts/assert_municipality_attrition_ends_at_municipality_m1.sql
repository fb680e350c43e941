-- R17, R18: each municipality's attrition ends at its measure 1 of
-- mart_early_effort_monthly, and a municipality with persons in measure 1
-- has an attrition row. Returns the (month, municipality) pairs that differ.
with

attrition as (
    select * from {{ ref('mart_early_effort_attrition_municipality') }}
),

monthly as (
    select * from {{ ref('mart_early_effort_monthly') }}
),

municipality_months as (
    select
        report_month,
        cast(geo_code as smallint) as municipality_code,
        m1_persons
    from monthly
    where geo_level = 'kommune'
),

final as (
    select
        coalesce(municipality_months.report_month, attrition.report_month) as report_month,
        coalesce(
            municipality_months.municipality_code, attrition.municipality_code
        ) as municipality_code,
        municipality_months.m1_persons as monthly_m1,
        attrition.m1_persons as attrition_m1
    from municipality_months
    full join attrition
        on
            municipality_months.report_month = attrition.report_month
            and municipality_months.municipality_code = attrition.municipality_code
    where coalesce(municipality_months.m1_persons, 0) != coalesce(attrition.m1_persons, 0)
)

select * from final
