{% macro overlap_weekdays(a_from, a_to, b_from, b_to) -%}
    {{ weekdays_between(
        'greatest(' ~ a_from ~ ', ' ~ b_from ~ ')',
        'least(coalesce(' ~ a_to ~ ', ' ~ b_to ~ '), coalesce(' ~ b_to ~ ', ' ~ a_to ~ '))'
    ) }}
{%- endmacro %}
