{% macro payment_register(origin_expr) -%}
    case {{ origin_expr }}
        {%- for register, origin in payment_registers() %}
        when '{{ origin }}' then '{{ register }}'
        {%- endfor %}
    end
{%- endmacro %}
