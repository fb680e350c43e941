{#-
    Generic test (dbt-utils shape): every row meeting `row_condition` makes
    `expression` true. Returns the rows where it is false or null. Most
    invariants of the marts are thin uses of it.
-#}
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
