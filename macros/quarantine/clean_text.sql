{% macro clean_text(expression) -%}
    {%- set text = 'try_cast(' ~ expression ~ ' as varchar)' -%}
    case
        {#- fast path: both ends printable ASCII, nothing to remove #}
        when
            ascii({{ text }}) between 33 and 126
            and ascii(right({{ text }}, 1)) between 33 and 126
            then {{ text }}
        else regexp_replace({{ text }}, '^[\p{Z}\p{Cc}\p{Cf}]+|[\p{Z}\p{Cc}\p{Cf}]+$', '', 'g')
    end
{%- endmacro %}
