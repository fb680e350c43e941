-- R17, R18: municipality rows add up to their region, and region rows to the
-- whole country, for every count of mart_early_effort_monthly. Returns the
-- report months and units where a sum differs.
with

monthly as (
    select * from {{ ref('mart_early_effort_monthly') }}
),

municipalities as (
    select * from {{ ref('municipalities') }}
),

municipality_sums as (
    select
        monthly.report_month,
        'region' as geo_level,
        cast(municipalities.region_code as varchar) as geo_code,
        sum(monthly.m1_persons) as m1_persons,
        sum(monthly.m2_interviews_0) as m2_interviews_0,
        sum(monthly.m2_interviews_1) as m2_interviews_1,
        sum(monthly.m2_interviews_2) as m2_interviews_2,
        sum(monthly.m2_interviews_3plus) as m2_interviews_3plus,
        sum(monthly.m4_persons_meeting_requirement) as m4_persons_meeting_requirement
    from monthly
    inner join municipalities
        on monthly.geo_code = cast(municipalities.municipality_code as varchar)
    where monthly.geo_level = 'kommune'
    group by monthly.report_month, municipalities.region_code
),

region_sums as (
    select
        report_month,
        'hele_landet' as geo_level,
        'DK' as geo_code,
        sum(m1_persons) as m1_persons,
        sum(m2_interviews_0) as m2_interviews_0,
        sum(m2_interviews_1) as m2_interviews_1,
        sum(m2_interviews_2) as m2_interviews_2,
        sum(m2_interviews_3plus) as m2_interviews_3plus,
        sum(m4_persons_meeting_requirement) as m4_persons_meeting_requirement
    from monthly
    where geo_level = 'region'
    group by report_month
),

expected as (
    select * from municipality_sums
    union all
    select * from region_sums
),

final as (
    select
        expected.report_month,
        expected.geo_level,
        expected.geo_code
    from expected
    left join monthly
        on
            expected.report_month = monthly.report_month
            and expected.geo_level = monthly.geo_level
            and expected.geo_code = monthly.geo_code
    where
        monthly.report_month is null
        or expected.m1_persons != monthly.m1_persons
        or expected.m2_interviews_0 != monthly.m2_interviews_0
        or expected.m2_interviews_1 != monthly.m2_interviews_1
        or expected.m2_interviews_2 != monthly.m2_interviews_2
        or expected.m2_interviews_3plus != monthly.m2_interviews_3plus
        or expected.m4_persons_meeting_requirement != monthly.m4_persons_meeting_requirement
)

select * from final
