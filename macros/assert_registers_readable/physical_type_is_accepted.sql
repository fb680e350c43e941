{% macro physical_type_is_accepted(physical_type, contract_type) -%}
    {%- set family = contract_type.split('(')[0] -%}
    {{ return(physical_type.split('(')[0] in physical_types_accepted().get(family, [])) }}
{%- endmacro %}
