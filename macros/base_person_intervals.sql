{#-
    The base model of a register that is nothing but person intervals
    (person_id, fra_dato, til_dato, inclusive, open when til_dato is null),
    optionally with extra columns: renamed and cast, with the first contract
    check a row fails (person_interval_checks). tass_tilmelding,
    uddannelsespaalaeg and kmd_sygedagpenge share it, so their quarantine is
    one piece of SQL. extra_columns: a list of (english_name, expression over
    `source`) pairs.
-#}
{% macro base_person_intervals(register, extra_columns=[]) %}
with

source as (
    select * from {{ source('registers', register) }}
),

typed as (
    select
        source.file_row_number as source_row_number,
        trim(try_cast(source.person_id as varchar)) as person_id,
        try_cast(source.fra_dato as date) as valid_from,
        try_cast(source.til_dato as date) as valid_to,
        {%- for name, expression in extra_columns %}
        {{ expression }} as {{ name }},
        {%- endfor %}
        to_json(source) as raw_row
    from source
),

checked as (
    select
        *,
        {{ first_failing_check(person_interval_checks()) }} as reject_reason
    from typed
),

final as (
    select
        source_row_number,
        person_id,
        valid_from,
        valid_to,
        {%- for name, expression in extra_columns %}
        {{ name }},
        {%- endfor %}
        reject_reason,
        {{ raw_row_if_rejected(with_duplicates=false) }} as raw_row
    from checked
)

select * from final
{% endmacro %}
