{% macro weekday_date(index_expr) -%}
    (date '1900-01-01' + cast(7 * (({{ index_expr }}) // 5) + (({{ index_expr }}) % 5) as integer))
{%- endmacro %}
