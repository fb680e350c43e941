{% macro register_columns(register) -%}
    {%- set node = graph.get('sources', {}).get('source.' ~ project_name ~ '.registers.' ~ register) -%}
    {%- if node is none -%}
        {#- Only while dbt parses the project, before the graph is complete. -#}
        {{ return(['file_row_number']) }}
    {%- endif -%}
    {{ return(node.columns.keys() | list) }}
{%- endmacro %}
