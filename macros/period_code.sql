{#- A month as the period code of jobindsats.dk: 2024-06-01 -> '2024M06' (R18). -#}
{% macro period_code(month_expr) -%}
    strftime({{ month_expr }}, '%Y') || 'M' || strftime({{ month_expr }}, '%m')
{%- endmacro %}
