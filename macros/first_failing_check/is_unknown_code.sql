{% macro is_unknown_code(column_name, seed_name, seed_column, seed_filter='true') -%}
    ({{ column_name }} is not null and {{ column_name }} not in (
        select {{ seed_column }} from {{ ref(seed_name) }} where {{ seed_filter }}
    ))
{%- endmacro %}
