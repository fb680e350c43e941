{% macro payment_weekdays_in_course(p, c) -%}
    {{ weekdays_between(
        'greatest(' ~ p ~ '.period_from, ' ~ c ~ '.placement_date)',
        'least(' ~ p ~ '.period_to, coalesce(' ~ c ~ '.course_end, ' ~ p ~ '.period_to))'
    ) }}
{%- endmacro %}
