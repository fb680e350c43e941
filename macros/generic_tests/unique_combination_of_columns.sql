{% test unique_combination_of_columns(model, combination_of_columns) %}

with

model_rows as (
    select * from {{ model }}
),

final as (
    select
        {{ combination_of_columns | join(', ') }},
        count(*) as occurrences
    from model_rows
    group by {{ combination_of_columns | join(', ') }}
    having count(*) > 1
)

select * from final

{% endtest %}
