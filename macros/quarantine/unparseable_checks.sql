{% macro unparseable_checks(columns, decimal_columns=[]) -%}
    {%- set checks = [] -%}
    {%- for raw_column, typed_column in columns -%}
        {%- set condition = '(raw_record.' ~ raw_column ~ ' is not null and (' ~ typed_column ~ ' is null'
            ~ (' or ' ~ typed_column ~ ' != try_cast(raw_record.' ~ raw_column ~ ' as decimal(38, 10))' if typed_column in decimal_columns else '')
            ~ '))' -%}
        {%- do checks.append((condition, 'unparseable_' ~ raw_column)) -%}
    {%- endfor -%}
    {{ return(checks) }}
{%- endmacro %}
