{#-
    R3 building blocks: weekday (Mon–Fri) counts in closed form, never one row
    per day.

    weekday_index(d): the number of weekdays from Monday 1900-01-01 up to but
    not including d. Every later weekday count is a difference of two indexes.
    weekdays_between(s, e): weekdays in the inclusive interval [s, e]; 0 when
    e < s. Tested exhaustively against a day-by-day count by
    tests/macros/test_weekdays_between.sql.
-#}
{% macro weekday_index(date_expr) -%}
    (
        5 * (date_diff('day', date '1900-01-01', {{ date_expr }}) // 7)
        + least(date_diff('day', date '1900-01-01', {{ date_expr }}) % 7, 5)
    )
{%- endmacro %}

{% macro weekdays_between(start_expr, end_expr) -%}
    greatest(
        {{ weekday_index('(' ~ end_expr ~ ') + 1') }} - {{ weekday_index(start_expr) }},
        0
    )
{%- endmacro %}

{#- The date of weekday number n (the inverse of weekday_index on weekdays). -#}
{% macro weekday_date(index_expr) -%}
    (date '1900-01-01' + cast(7 * (({{ index_expr }}) // 5) + (({{ index_expr }}) % 5) as integer))
{%- endmacro %}

{#-
    Weekdays of the intersection of [a_from, a_to] and [b_from, b_to]; a null
    end is open (the other interval's end bounds it). 0 when they do not meet.
-#}
{% macro overlap_weekdays(a_from, a_to, b_from, b_to) -%}
    {{ weekdays_between(
        'greatest(' ~ a_from ~ ', ' ~ b_from ~ ')',
        'least(coalesce(' ~ a_to ~ ', ' ~ b_to ~ '), coalesce(' ~ b_to ~ ', ' ~ a_to ~ '))'
    ) }}
{%- endmacro %}
