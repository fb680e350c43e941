{#-
    Schemas are named by layer (staging, intermediate, marts, reference) and
    used as written, without the target schema as prefix, so that BI tools
    read marts.mart_early_effort_monthly on every target.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
