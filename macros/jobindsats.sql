{#-
    R18, R22: the measures of the jobindsats long shape and the columns of
    the wide marts they come from: measure set 'tidlig_indsats' from
    mart_early_effort_monthly, 'fokusmaal' from mart_focus_target_monthly.
    Labels and export order are in seed jobindsats_measures; a data test
    checks that every measure here has a row there.
-#}
{% macro jobindsats_measure_columns(measure_set) -%}
    {%- if measure_set == 'tidlig_indsats' -%}
        {%- do return({
            'm1_persons': 'm1_persons',
            'm2_interviews_0': 'm2_interviews_0',
            'm2_interviews_1': 'm2_interviews_1',
            'm2_interviews_2': 'm2_interviews_2',
            'm2_interviews_3plus': 'm2_interviews_3plus',
            'm3_share_0': 'm3_share_0',
            'm3_share_1': 'm3_share_1',
            'm3_share_2': 'm3_share_2',
            'm3_share_3plus': 'm3_share_3plus',
            'm4_persons_meeting_requirement': 'm4_persons_meeting_requirement',
            'm4_share_meeting_requirement': 'm4_share_meeting_requirement',
        }) -%}
    {%- elif measure_set == 'fokusmaal' -%}
        {%- do return({
            'focus_persons': 'persons',
            'focus_persons_two_plus': 'persons_two_plus',
            'focus_share_two_plus': 'share_two_plus',
        }) -%}
    {%- else -%}
        {{ exceptions.raise_compiler_error("unknown jobindsats measure set '" ~ measure_set ~ "'") }}
    {%- endif -%}
{%- endmacro %}

{#-
    One row per measure of a wide row: unnest(...) of a struct
    {measure, measure_value, is_suppressed} per measure of the set (values
    as DOUBLE). With suppression, a measure is suppressed when its column is
    named in the row's suppressed_columns (public variants).
-#}
{% macro jobindsats_measure_rows(measure_set, with_suppression=false) -%}
    unnest([
        {%- for measure, column in jobindsats_measure_columns(measure_set).items() %}
        {
            'measure': '{{ measure }}',
            'measure_value': cast({{ column }} as double),
            'is_suppressed': {% if with_suppression -%}
                list_contains(string_split(suppressed_columns, ','), '{{ column }}')
            {%- else %}false{% endif %}
        }{{ ',' if not loop.last }}
        {%- endfor %}
    ])
{%- endmacro %}

{#-
    R18, R22: the cells of the wide marts in the long shape, one row per
    measure: a select of report_month, area_level, area_code, area, measure,
    measure_value, is_suppressed over the relations (or CTE names)
    early_effort (mart_early_effort_monthly or its public variant) and
    focus_target (mart_focus_target_monthly or its public variant). Used by
    mart_jobindsats_measures and by the tests that compare wide and long.
-#}
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

{#-
    R18, R22: the long shape of mart_jobindsats_measures and its public
    variant, as CTEs after the import CTEs `early_effort` (rows of
    mart_early_effort_monthly or its public variant), `focus_target`
    (mart_focus_target_monthly or its public variant) and `measures` (seed
    jobindsats_measures), ending in `final`.
-#}
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
