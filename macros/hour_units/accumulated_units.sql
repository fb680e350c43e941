{% macro accumulated_units(s, date_expr) -%}
    ({{ s }}.units_before + {{ s }}.units_per_weekday * {{ weekdays_between(s ~ '.segment_from', date_expr) }})
{%- endmacro %}
