{% macro jobindsats_long_ctes(with_suppression=false) -%}
long_rows as (
    {{ jobindsats_cells('early_effort', 'focus_target', with_suppression) }}
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
        cast(long_rows.measure_value as double) as value,
        cast(long_rows.is_suppressed as boolean) as is_suppressed
    from long_rows
    inner join measures on long_rows.measure = measures.measure
)
{%- endmacro %}
