{% macro payment_overlaps_course(p, c) -%}
    {{ p }}.person_id = {{ c }}.person_id
    and {{ p }}.period_to >= {{ c }}.placement_date
    and ({{ c }}.course_end is null or {{ p }}.period_from <= {{ c }}.course_end)
{%- endmacro %}
