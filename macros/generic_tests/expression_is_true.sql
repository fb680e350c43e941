{% test expression_is_true(model, expression, row_condition='true') %}

with

model_rows as (
    select * from {{ model }}
    where {{ row_condition }}
),

final as (
    select *
    from model_rows
    where not coalesce({{ expression }}, false)
)

select * from final

{% endtest %}
