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
