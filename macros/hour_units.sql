{#-
    R2–R4 exact arithmetic. int_course_hour_segments expresses hours as
    integer "units" per course: 1 full-time-equivalent hour is
    units_per_full_time_hour units and 1 part-time hour units_per_part_time_hour
    units (their ratio is 7.4/6, R4), chosen so that every record's hours per
    weekday is a whole number of units. All threshold comparisons are integer
    comparisons: no rounding, no floating point.
-#}

{#- Units accumulated in a course up to and including date_expr, for the segment `s` containing it. -#}
{% macro accumulated_units(s, date_expr) -%}
    ({{ s }}.units_before + {{ s }}.units_per_weekday * {{ weekdays_between(s ~ '.segment_from', date_expr) }})
{%- endmacro %}

{#- True when segment `s` contains date_expr (segments tile the course; the last may be open). -#}
{% macro segment_contains(s, date_expr) -%}
    ({{ date_expr }} >= {{ s }}.segment_from and ({{ s }}.segment_to is null or {{ date_expr }} <= {{ s }}.segment_to))
{%- endmacro %}

{#-
    A threshold of seed hour_thresholds in the units of segment `s`, in the
    insurance status of that segment (R4: full-time hours when full-time
    insured, part-time hours when part-time insured).
-#}
{% macro threshold_units(s, full_time_hours, part_time_hours) -%}
    (
        case
            when {{ s }}.insurance_status = 'part_time'
                then cast({{ part_time_hours }} * 100 as hugeint) * ({{ s }}.units_per_part_time_hour // 100)
            else cast({{ full_time_hours }} * 100 as hugeint) * ({{ s }}.units_per_full_time_hour // 100)
        end
    )
{%- endmacro %}

{#- Units as DECIMAL hours (truncated to 4 decimals), for people to read; never compared. -#}
{% macro units_as_hours(units_expr, units_per_hour_expr) -%}
    cast(cast(({{ units_expr }}) * 10000 // ({{ units_per_hour_expr }}) as decimal(38, 0)) * 0.0001 as decimal(18, 4))
{%- endmacro %}
