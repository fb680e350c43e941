{% macro row_hash(register, relation='source') -%}
    hash({%- for column_name in register_columns(register) -%}{{ relation }}.{{ column_name }}{{ ', ' if not loop.last }}{%- endfor -%})
{%- endmacro %}
