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
            count(*) as raw_row_count,
            count(*) filter (where reject_reason is null) as staged_row_count,
            count(*) filter (where reject_reason is not null) as rejected_row_count
        from base_{{ register }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

final as (
    select
        register,
        raw_row_count,
        staged_row_count,
        rejected_row_count,
        case
            when raw_row_count > 0 then rejected_row_count / raw_row_count
        end as rejected_share
    from unioned
)

select * from final
