{% macro units_as_hours(units_expr, units_per_hour_expr) -%}
    cast(cast(({{ units_expr }}) * 10000 // ({{ units_per_hour_expr }}) as decimal(38, 0)) * 0.0001 as decimal(18, 4))
{%- endmacro %}
