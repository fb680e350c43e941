{% test unique_combination_of_columns(model, combination_of_columns) %}

{#- Issue 12: duplicates are found on the rows sorted by the key (a row equal
    to the one before it), not by a hash aggregate over every key: on tables
    of millions of distinct keys DuckDB sorts them in about half the CPU time
    of building the hash table. Nulls are equal here, as in a group by. -#}
with

model_rows as (
    select * from {{ model }}
),

ordered as (
    select
        {%- for column_name in combination_of_columns %}
        {{ column_name }},
        lag({{ column_name }}) over key_order as previous_{{ loop.index }},
        {%- endfor %}
        row_number() over key_order > 1 as has_previous
    from model_rows
    window key_order as (order by {{ combination_of_columns | join(', ') }})
),

repeats as (
    select
        {%- for column_name in combination_of_columns %}
        {{ column_name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from ordered
    where
        has_previous
        {%- for column_name in combination_of_columns %}
        and {{ column_name }} is not distinct from previous_{{ loop.index }}
        {%- endfor %}
),

final as (
    select
        {{ combination_of_columns | join(', ') }},
        count(*) + 1 as occurrences
    from repeats
    group by {{ combination_of_columns | join(', ') }}
)

select * from final

{% endtest %}
