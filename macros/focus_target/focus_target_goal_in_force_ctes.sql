{#-
    R22 with a dated goal: CTEs `focus_target_latest_month` and `goal`, the
    row of `goal_rows` (seed focus_target_goal) in force on the latest report
    month of `months` (macro valid_on).
-#}
{% macro focus_target_goal_in_force_ctes(goal_rows, months) -%}
focus_target_latest_month as (
    select max(report_month) as report_month from {{ months }}
),

goal as (
    select {{ goal_rows }}.*
    from {{ goal_rows }}
    inner join focus_target_latest_month
        on {{ valid_on(goal_rows, 'focus_target_latest_month.report_month') }}
)
{%- endmacro %}
