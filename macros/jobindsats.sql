{#-
    R18, R22: the measures of the jobindsats long shape and the columns of
    the wide marts they come from: measure set 'tidlig_indsats' from
    mart_early_effort_monthly, 'fokusmaal' from mart_focus_target_monthly.
    Labels and export order are in seed jobindsats_measures; a data test
    checks that every measure here has a row there.
-#}
{% macro jobindsats_measure_columns(measure_set) -%}
    {%- if measure_set == 'tidlig_indsats' -%}
        {%- do return({
            'm1_persons': 'm1_persons',
            'm2_interviews_0': 'm2_interviews_0',
            'm2_interviews_1': 'm2_interviews_1',
            'm2_interviews_2': 'm2_interviews_2',
            'm2_interviews_3plus': 'm2_interviews_3plus',
            'm3_share_0': 'm3_share_0',
            'm3_share_1': 'm3_share_1',
            'm3_share_2': 'm3_share_2',
            'm3_share_3plus': 'm3_share_3plus',
            'm4_persons_meeting_requirement': 'm4_persons_meeting_requirement',
            'm4_share_meeting_requirement': 'm4_share_meeting_requirement',
        }) -%}
    {%- elif measure_set == 'fokusmaal' -%}
        {%- do return({
            'focus_persons': 'persons',
            'focus_persons_two_plus': 'persons_two_plus',
            'focus_share_two_plus': 'share_two_plus',
        }) -%}
    {%- else -%}
        {{ exceptions.raise_compiler_error("unknown jobindsats measure set '" ~ measure_set ~ "'") }}
    {%- endif -%}
{%- endmacro %}

{#-
    One row per measure of a wide row: unnest(...) of a struct
    {measure, measure_value} per measure of the set (values as DOUBLE).
-#}
{% macro jobindsats_measure_rows(measure_set) -%}
    unnest([
        {%- for measure, column in jobindsats_measure_columns(measure_set).items() %}
        {'measure': '{{ measure }}', 'measure_value': cast({{ column }} as double)}{{ ',' if not loop.last }}
        {%- endfor %}
    ])
{%- endmacro %}
