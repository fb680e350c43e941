{% macro jobindsats_cells(early_effort, focus_target, with_suppression=false) -%}
    select
        report_month,
        area_level,
        area_code,
        area,
        struct_extract(measure_row, 'measure') as measure,
        struct_extract(measure_row, 'measure_value') as measure_value,
        struct_extract(measure_row, 'is_suppressed') as is_suppressed
    from (
        select
            report_month,
            geo_level as area_level,
            geo_code as area_code,
            geo_name as area,
            {{ jobindsats_measure_rows('tidlig_indsats', with_suppression) }} as measure_row
        from {{ early_effort }}
        union all
        select
            report_month,
            'a_kasse' as area_level,
            a_kasse as area_code,
            a_kasse as area,
            {{ jobindsats_measure_rows('fokusmaal', with_suppression) }} as measure_row
        from {{ focus_target }}
    ) as measure_rows
{%- endmacro %}
