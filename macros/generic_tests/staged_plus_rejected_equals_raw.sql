{% test staged_plus_rejected_equals_raw(model, register) %}

with

raw_rows as (
    select count(*) as row_count from {{ source('registers', register) }}
),

staged_rows as (
    select count(*) as row_count from {{ model }}
),

rejected_rows as (
    select count(*) as row_count
    from {{ ref('stg_rejected_rows') }}
    where register = '{{ register }}'
),

final as (
    select
        '{{ register }}' as register,
        raw_rows.row_count as raw_row_count,
        staged_rows.row_count as staged_row_count,
        rejected_rows.row_count as rejected_row_count
    from raw_rows
    cross join staged_rows
    cross join rejected_rows
    where raw_rows.row_count != staged_rows.row_count + rejected_rows.row_count
)

select * from final

{% endtest %}
