{% macro payment_has_weekday_in_course(p, c) -%}
    {{ p }}.person_id = {{ c }}.person_id
    and {{ p }}.end_weekday > {{ p }}.first_weekday
    and {{ p }}.end_weekday > {{ c }}.first_weekday
    and (
        {{ c }}.end_weekday is null
        or (
            {{ p }}.first_weekday < {{ c }}.end_weekday
            and {{ c }}.end_weekday > {{ c }}.first_weekday
        )
    )
{%- endmacro %}
