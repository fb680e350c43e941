{% macro is_implausible_date(column_name, from_var='plausible_date_from') -%}
    ({{ column_name }} < date '{{ var(from_var) }}' or {{ column_name }} > date '{{ var("plausible_date_to") }}')
{%- endmacro %}
