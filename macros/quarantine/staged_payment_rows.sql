{% macro payment_registers() -%}
    {{ return([('ram_ledighed', 'RAM'), ('fleur_udbetaling', 'FLEUR'), ('plan_tilbud', 'PLANDATA')]) }}
{%- endmacro %}

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

{% macro payment_register(origin_expr) -%}
    case {{ origin_expr }}
        {%- for register, origin in payment_registers() %}
        when '{{ origin }}' then '{{ register }}'
        {%- endfor %}
    end
{%- endmacro %}
