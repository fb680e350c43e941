{% macro weekdays_between(start_expr, end_expr) -%}
    greatest(
        {{ weekday_index('(' ~ end_expr ~ ') + 1') }} - {{ weekday_index(start_expr) }},
        0
    )
{%- endmacro %}
