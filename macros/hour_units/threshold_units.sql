{% macro threshold_units(s, full_time_hours, part_time_hours) -%}
    (
        case
            when {{ s }}.insurance_status = 'part_time'
                then cast({{ part_time_hours }} * 100 as hugeint) * ({{ s }}.units_per_part_time_hour // 100)
            else cast({{ full_time_hours }} * 100 as hugeint) * ({{ s }}.units_per_full_time_hour // 100)
        end
    )
{%- endmacro %}
