with
{% for register in register_names() %}
    base_{{ register }} as (
        select * from {{ ref('base_' ~ register) }}
    ),
{% endfor %}
unioned as (
    {%- for register in register_names() %}
        select
            '{{ register }}' as register,
            source_row_number,
            reject_reason,
            raw_row
        from base_{{ register }}
        where reject_reason is not null
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

final as (
    select * from unioned
)

select * from final
