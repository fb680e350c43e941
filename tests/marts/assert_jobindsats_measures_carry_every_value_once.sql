-- R18, R22: every value of mart_early_effort_monthly and of
-- mart_focus_target_monthly appears exactly once in mart_jobindsats_measures,
-- unchanged, and the long_rows mart holds nothing else. Returns the differences.
with

early_effort as (
    select * from {{ ref('mart_early_effort_monthly') }}
),

focus_target as (
    select * from {{ ref('mart_focus_target_monthly') }}
),

long_rows as (
    select * from {{ ref('mart_jobindsats_measures') }}
),

-- The wide values, one row per measure (macro jobindsats_cells).
expected as (
    {{ jobindsats_cells('early_effort', 'focus_target') }}
),

matched as (
    select
        coalesce(expected.report_month, long_rows.report_month) as report_month,
        coalesce(expected.area_level, long_rows.area_level) as area_level,
        coalesce(expected.area_code, long_rows.area_code) as area_code,
        coalesce(expected.measure, long_rows.measure) as measure,
        expected.measure_value as expected_value,
        long_rows.value as published_value,
        count(long_rows.measure) over (
            partition by
                expected.report_month, expected.area_level, expected.area_code, expected.measure
        ) as times_published,
        expected.measure is null as is_extra
    from expected
    full outer join long_rows
        on
            expected.report_month = long_rows.report_month
            and expected.area_level = long_rows.area_level
            and expected.area_code = long_rows.area_code
            and expected.measure = long_rows.measure
),

final as (
    select * from matched
    where
        is_extra
        or times_published != 1
        or expected_value is distinct from published_value
)

select * from final
