{% macro segment_contains(s, date_expr) -%}
    ({{ date_expr }} >= {{ s }}.segment_from and ({{ s }}.segment_to is null or {{ date_expr }} <= {{ s }}.segment_to))
{%- endmacro %}
