{% macro payment_registers() -%}
    {{ return([('ram_ledighed', 'RAM'), ('fleur_udbetaling', 'FLEUR'), ('plan_tilbud', 'PLANDATA')]) }}
{%- endmacro %}
