{% macro staged_payment_rows(ram, fleur, offers) -%}
    {%- for (register, origin), relation in zip(payment_registers(), [ram, fleur, offers]) %}
    select
        '{{ register }}' as register,
        '{{ origin }}' as origin,
        source_row_number,
        person_id
    from {{ relation }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
