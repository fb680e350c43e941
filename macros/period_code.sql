{% macro period_code(month_expr) -%}
    strftime({{ month_expr }}, '%Y') || 'M' || strftime({{ month_expr }}, '%m')
{%- endmacro %}
