{#-
    The base model of a register that is nothing but person intervals
    (person_id, fra_dato, til_dato, inclusive, open when til_dato is null),
    optionally with extra columns: renamed and cast, with the first contract
    check a row fails (person_interval_checks) and the shared quarantine steps
    (exact duplicate rows, macro quarantine_steps). tass_tilmelding,
    uddannelsespaalaeg and kmd_sygedagpenge share it, so their quarantine is
    one piece of SQL. extra_columns: a list of (english_name, expression over
    `source`, raw column) triples; a present raw value whose cast fails is
    rejected as `unparseable_<raw column>`.
-#}
{% macro base_person_intervals(register, extra_columns=[]) %}
{%- set unparseable = [] -%}
{%- for name, _, raw_column in extra_columns -%}
    {%- do unparseable.append((raw_column, name)) -%}
{%- endfor %}
with

source as (
    select * from {{ source('registers', register) }}
),

typed as (
    select
        source.file_row_number as source_row_number,
        {{ clean_text('source.person_id') }} as person_id,
        try_cast(source.fra_dato as date) as valid_from,
        try_cast(source.til_dato as date) as valid_to,
        {%- for name, expression, _ in extra_columns %}
        {{ expression }} as {{ name }},
        {%- endfor %}
        {{ row_hash(register) }} as row_hash,
        source as raw_record
    from source
),

checked as (
    select
        *,
        {{ first_failing_check(person_interval_checks(unparseable=unparseable)) }} as row_reject_reason
    from typed
),

{{ quarantine_steps(register) }},

final as (
    select
        source_row_number,
        person_id,
        valid_from,
        valid_to,
        {%- for name, _, _ in extra_columns %}
        {{ name }},
        {%- endfor %}
        reject_reason,
        raw_row
    from quarantined
)

select * from final
{% endmacro %}
