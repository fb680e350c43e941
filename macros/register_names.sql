{% macro register_names() -%}
    {{ return([
        'cpr_person',
        'cpr_adresse',
        'ram_ledighed',
        'fleur_udbetaling',
        'taeller_dagpengeperiode',
        'kmd_sygedagpenge',
        'plan_tilbud',
        'tass_samtale',
        'tass_fravaer',
        'tass_tilmelding',
        'tass_overgang',
        'uddannelsespaalaeg',
    ]) }}
{%- endmacro %}
