{% macro is_blank(column_name) -%}
    ({{ column_name }} is null or trim({{ column_name }}) = '')
{%- endmacro %}
