{#-
    Dated rule data (issue 11): true when the row `table_alias` of a dated
    seed is in force on `date_expr`. valid_from and valid_to are inclusive;
    an empty (null) bound is open.
-#}
{% macro valid_on(table_alias, date_expr) -%}
    (({{ table_alias }}.valid_from is null or {{ table_alias }}.valid_from <= {{ date_expr }})
    and ({{ table_alias }}.valid_to is null or {{ date_expr }} <= {{ table_alias }}.valid_to))
{%- endmacro %}
