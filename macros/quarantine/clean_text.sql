{% macro clean_text(expression) -%}
    {%- set text = 'try_cast(' ~ expression ~ ' as varchar)' -%}
    case
        {#- fast path: both ends printable ASCII (bytes 33-126), nothing to
            remove. The first byte is tested by byte-wise comparison; the last
            character by substring(text, -1), which steps back over one code
            point from the end (a multi-byte last character starts with a byte
            above '~', so the row takes the regular expression). Neither scans
            the value. #}
        when
            {{ text }} >= '!' and {{ text }} < chr(127)
            and substring({{ text }}, -1) between '!' and '~'
            then {{ text }}
        else regexp_replace({{ text }}, '^[\p{Z}\p{Cc}\p{Cf}]+|[\p{Z}\p{Cc}\p{Cf}]+$', '', 'g')
    end
{%- endmacro %}
