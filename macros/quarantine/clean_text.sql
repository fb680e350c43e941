{% macro clean_text(expression) -%}
    {%- set text = 'try_cast(' ~ expression ~ ' as varchar)' -%}
    case
        {#- fast path: both ends printable ASCII (bytes 33-126), nothing to
            remove. The first byte is tested by byte-wise comparison; the last
            by substring at the byte length, which is the last character only
            when every character is one byte (else it is '' and the row takes
            the regular expression). Both avoid a Unicode scan from the end. #}
        when
            {{ text }} >= '!' and {{ text }} < chr(127)
            and substring({{ text }}, strlen({{ text }})) between '!' and '~'
            then {{ text }}
        else regexp_replace({{ text }}, '^[\p{Z}\p{Cc}\p{Cf}]+|[\p{Z}\p{Cc}\p{Cf}]+$', '', 'g')
    end
{%- endmacro %}
