-- R18, R22: measures 1–4 of the early effort (by hele landet, region and
-- kommune) and the focus target (by a-kasse) in jobindsats.dk's long shape:
-- one row per period, area and measure.
with

early_effort as (
    select * from {{ ref('mart_early_effort_monthly') }}
),

focus_target as (
    select * from {{ ref('mart_focus_target_monthly') }}
),

measures as (
    select * from {{ ref('jobindsats_measures') }}
),

early_effort_long as (
    select
        report_month,
        geo_level as area_level,
        geo_code as area_code,
        geo_name as area,
        {{ jobindsats_measure_rows('tidlig_indsats') }} as measure_row
    from early_effort
),

focus_target_long as (
    select
        report_month,
        'a_kasse' as area_level,
        a_kasse as area_code,
        a_kasse as area,
        {{ jobindsats_measure_rows('fokusmaal') }} as measure_row
    from focus_target
),

long_rows as (
    select
        report_month,
        area_level,
        area_code,
        area,
        struct_extract(measure_row, 'measure') as measure,
        struct_extract(measure_row, 'measure_value') as measure_value
    from early_effort_long
    union all
    select
        report_month,
        area_level,
        area_code,
        area,
        struct_extract(measure_row, 'measure') as measure,
        struct_extract(measure_row, 'measure_value') as measure_value
    from focus_target_long
),

final as (
    select
        {{ period_code('long_rows.report_month') }} as period,
        cast(long_rows.report_month as date) as report_month,
        cast(long_rows.area as varchar) as area,
        cast(long_rows.area_level as varchar) as area_level,
        cast(long_rows.area_code as varchar) as area_code,
        cast(long_rows.measure as varchar) as measure,
        cast(measures.measure_label as varchar) as measure_label,
        cast(measures.measure_set as varchar) as measure_set,
        cast(measures.sort_order as integer) as measure_order,
        cast(long_rows.measure_value as double) as value,  -- noqa: RF04
        false as is_suppressed
    from long_rows
    inner join measures on long_rows.measure = measures.measure
)

select * from final
