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
