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

{% set counts = ['m1_persons', 'm2_interviews_0', 'm2_interviews_1', 'm2_interviews_2',
    'm2_interviews_3plus', 'm4_persons_meeting_requirement'] %}

municipality_sums as (
    select
        monthly.report_month,
        'region' as geo_level,
        cast(municipalities.region_code as varchar) as geo_code,
        {%- for count in counts %}
            sum(monthly.{{ count }}) as {{ count }}{{ "," if not loop.last }}
        {%- endfor %}
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
        {%- for count in counts %}
            sum({{ count }}) as {{ count }}{{ "," if not loop.last }}
        {%- endfor %}
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
        {%- for count in counts %}
            or expected.{{ count }} != monthly.{{ count }}
        {%- endfor %}
)

select * from final
