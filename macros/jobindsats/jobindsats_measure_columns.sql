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
