-- R17, R18: measures 1–4 of the early effort by report month and by
-- municipality, region and the whole country.
with

persons as (
    select * from {{ ref('fct_early_effort_person') }}
),

municipalities as (
    select * from {{ ref('municipalities') }}
),

regions as (
    select * from {{ ref('regions') }}
),

-- R18: every report month from the first reported one to the latest with a
-- follow-up, so a month without persons shows up with m1 = 0.
latest as (
    select max(report_month) as latest_report_month
    from persons
),

report_months as (
    select
        cast(
            unnest(generate_series(
                date '{{ var("first_report_month") }}',
                coalesce(latest.latest_report_month, date '{{ var("first_report_month") }}'),
                interval 1 month
            )) as date
        ) as report_month
    from latest
),

-- R6: the population is the courses not excluded.
population as (
    select * from persons
    where not is_excluded
),

by_municipality as (
    select
        report_month,
        municipality_code,
        count(*) as m1_persons,
        count(*) filter (where interview_bucket = '0') as m2_interviews_0,
        count(*) filter (where interview_bucket = '1') as m2_interviews_1,
        count(*) filter (where interview_bucket = '2') as m2_interviews_2,
        count(*) filter (where interview_bucket = '3+') as m2_interviews_3plus,
        count(*) filter (where meets_requirement) as m4_persons_meeting_requirement
    from population
    group by report_month, municipality_code
),

-- Every municipality (and "Uoplyst", code 0) in every report month.
municipality_grid as (
    select
        report_months.report_month,
        municipalities.municipality_code,
        municipalities.municipality_name,
        municipalities.region_code,
        coalesce(by_municipality.m1_persons, 0) as m1_persons,
        coalesce(by_municipality.m2_interviews_0, 0) as m2_interviews_0,
        coalesce(by_municipality.m2_interviews_1, 0) as m2_interviews_1,
        coalesce(by_municipality.m2_interviews_2, 0) as m2_interviews_2,
        coalesce(by_municipality.m2_interviews_3plus, 0) as m2_interviews_3plus,
        coalesce(by_municipality.m4_persons_meeting_requirement, 0)
            as m4_persons_meeting_requirement
    from report_months
    cross join municipalities
    left join by_municipality
        on
            report_months.report_month = by_municipality.report_month
            and municipalities.municipality_code = by_municipality.municipality_code
),

levels as (
    select
        report_month,
        'kommune' as geo_level,
        cast(municipality_code as varchar) as geo_code,
        municipality_name as geo_name,
        m1_persons,
        m2_interviews_0,
        m2_interviews_1,
        m2_interviews_2,
        m2_interviews_3plus,
        m4_persons_meeting_requirement
    from municipality_grid
    union all
    select
        municipality_grid.report_month,
        'region' as geo_level,
        cast(regions.region_code as varchar) as geo_code,
        regions.region_name as geo_name,
        sum(municipality_grid.m1_persons) as m1_persons,
        sum(municipality_grid.m2_interviews_0) as m2_interviews_0,
        sum(municipality_grid.m2_interviews_1) as m2_interviews_1,
        sum(municipality_grid.m2_interviews_2) as m2_interviews_2,
        sum(municipality_grid.m2_interviews_3plus) as m2_interviews_3plus,
        sum(municipality_grid.m4_persons_meeting_requirement) as m4_persons_meeting_requirement
    from municipality_grid
    inner join regions on municipality_grid.region_code = regions.region_code
    group by municipality_grid.report_month, regions.region_code, regions.region_name
    union all
    select
        report_month,
        'hele_landet' as geo_level,
        'DK' as geo_code,
        'Hele landet' as geo_name,
        sum(m1_persons) as m1_persons,
        sum(m2_interviews_0) as m2_interviews_0,
        sum(m2_interviews_1) as m2_interviews_1,
        sum(m2_interviews_2) as m2_interviews_2,
        sum(m2_interviews_3plus) as m2_interviews_3plus,
        sum(m4_persons_meeting_requirement) as m4_persons_meeting_requirement
    from municipality_grid
    group by report_month
),

-- R18: shares only where m1 > 0; a month without persons has null shares.
final as (
    select
        cast(report_month as date) as report_month,
        {{ period_code('report_month') }} as period_code,
        cast(geo_level as varchar) as geo_level,
        cast(geo_code as varchar) as geo_code,
        cast(geo_name as varchar) as geo_name,
        cast(m1_persons as integer) as m1_persons,
        cast(m2_interviews_0 as integer) as m2_interviews_0,
        cast(m2_interviews_1 as integer) as m2_interviews_1,
        cast(m2_interviews_2 as integer) as m2_interviews_2,
        cast(m2_interviews_3plus as integer) as m2_interviews_3plus,
        cast(m2_interviews_0 / nullif(m1_persons, 0) as double) as m3_share_0,
        cast(m2_interviews_1 / nullif(m1_persons, 0) as double) as m3_share_1,
        cast(m2_interviews_2 / nullif(m1_persons, 0) as double) as m3_share_2,
        cast(m2_interviews_3plus / nullif(m1_persons, 0) as double) as m3_share_3plus,
        cast(m4_persons_meeting_requirement as integer) as m4_persons_meeting_requirement,
        cast(m4_persons_meeting_requirement / nullif(m1_persons, 0) as double)
            as m4_share_meeting_requirement
    from levels
)

select * from final
