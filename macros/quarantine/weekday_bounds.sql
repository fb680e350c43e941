{% macro weekday_bounds(first_day, last_day) -%}
    {{ weekday_index(first_day) }} as first_weekday,
    {{ weekday_index(last_day ~ ' + 1') }} as end_weekday
{%- endmacro %}
