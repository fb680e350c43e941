{% macro weekday_index(date_expr) -%}
    (
        5 * (date_diff('day', date '1900-01-01', {{ date_expr }}) // 7)
        + least(date_diff('day', date '1900-01-01', {{ date_expr }}) % 7, 5)
    )
{%- endmacro %}
