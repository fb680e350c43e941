{% macro quarantine_steps(register, key_columns=[], key_reason=none, overlap=none) %}
{%- set raw_columns = register_columns(register) -%}
checked_rows as materialized (
    select * exclude (raw_record{{ ', row_hash' if key_columns }})
    from checked
),

passed as (
    select
        source_row_number
        {%- if not key_columns %},
        row_hash
        {%- endif %}
        {%- for column_name in key_columns %},
        {{ column_name }}
        {%- endfor %}
        {%- if key_columns %},
        hash({{ key_columns | join(', ') }}) as key_hash
        {%- endif %}
        {%- if overlap %},
        person_id,
        {{ overlap.from }} as overlap_from,
        {{ overlap.to }} as overlap_to,
        coalesce({{ overlap.condition }}, false) as overlap_applies
        {%- endif %}
    from checked_rows
    where row_reject_reason is null
),

{%- if key_columns %}

repeated_key_hashes as (
    select key_hash
    from passed
    group by key_hash
    having count(*) > 1
),

duplicate_candidates as (
    select passed.*
    from passed
    where passed.key_hash in (select repeated_key_hashes.key_hash from repeated_key_hashes)
),

{%- else %}

{%- if overlap %}

overlap_order as (
    select
        source_row_number,
        row_hash,
        overlap_from,
        overlap_to,
        max(overlap_to) over (
            partition by person_id
            order by overlap_from, source_row_number
            rows between unbounded preceding and 1 preceding
        ) as earlier_overlap_to
    from passed
    where overlap_applies
),

{%- endif %}

repeated_hashes as (
    {%- if overlap %}
    select row_hash
    from overlap_order
    where
        earlier_overlap_to >= overlap_from
        or not coalesce(overlap_to >= overlap_from, false)
    union
    {%- endif %}
    select row_hash
    from passed
    {%- if overlap %}
    where not overlap_applies
    {%- endif %}
    group by row_hash
    having count(*) > 1
),

duplicate_candidates as (
    select passed.*
    from passed
    where passed.row_hash in (select repeated_hashes.row_hash from repeated_hashes)
),

{%- endif %}

exact_copies as (
    select
        raw.file_row_number as source_row_number,
        row_number() over (
            partition by
                {%- for column_name in raw_columns %}
                raw.{{ column_name }}{{ ',' if not loop.last }}
                {%- endfor %}
            order by raw.file_row_number
        ) as copy_number
    from {{ source('registers', register) }} as raw
    where raw.file_row_number in (select duplicate_candidates.source_row_number from duplicate_candidates)
),

copy_rejects as (
    select
        source_row_number,
        'duplicate_row' as reject_reason
    from exact_copies
    where copy_number > 1
),

{%- if key_columns %}

key_candidates as (
    select duplicate_candidates.*
    from duplicate_candidates
    left join copy_rejects
        on duplicate_candidates.source_row_number = copy_rejects.source_row_number
    where copy_rejects.source_row_number is null
),

first_of_keys as (
    select
        {%- for column_name in key_columns %}
        {{ column_name }},
        {%- endfor %}
        min(source_row_number) as first_row_number
    from key_candidates
    group by {{ key_columns | join(', ') }}
),

key_rejects as (
    select
        key_candidates.source_row_number,
        '{{ key_reason }}' as reject_reason
    from key_candidates
    inner join first_of_keys
        on
            {%- for column_name in key_columns %}
            key_candidates.{{ column_name }} is not distinct from first_of_keys.{{ column_name }}
            and
            {%- endfor %}
            key_candidates.source_row_number > first_of_keys.first_row_number
),

{%- else %}

key_rejects as (
    select
        cast(null as bigint) as source_row_number,
        cast(null as varchar) as reject_reason
    where false
),

{%- endif %}

{%- if overlap and not key_columns %}

overlap_rejects as (
    select
        overlap_order.source_row_number,
        '{{ overlap.reason }}' as reject_reason
    from overlap_order
    left join copy_rejects
        on overlap_order.source_row_number = copy_rejects.source_row_number
    where
        overlap_order.earlier_overlap_to >= overlap_order.overlap_from
        and copy_rejects.source_row_number is null
),

{%- elif overlap %}

overlap_candidates as (
    select
        passed.source_row_number,
        passed.overlap_from,
        max(passed.overlap_to) over (
            partition by passed.person_id
            order by passed.overlap_from, passed.source_row_number
            rows between unbounded preceding and 1 preceding
        ) as earlier_overlap_to
    from passed
    left join copy_rejects
        on passed.source_row_number = copy_rejects.source_row_number
    left join key_rejects
        on passed.source_row_number = key_rejects.source_row_number
    where
        passed.overlap_applies
        and copy_rejects.source_row_number is null
        and key_rejects.source_row_number is null
),

overlap_rejects as (
    select
        source_row_number,
        '{{ overlap.reason }}' as reject_reason
    from overlap_candidates
    where earlier_overlap_to >= overlap_from
),

{%- endif %}

later_rejects as (
    select * from copy_rejects
    union all
    select * from key_rejects
    {%- if overlap %}
    union all
    select * from overlap_rejects
    {%- endif %}
),

rejects as (
    select
        source_row_number,
        row_reject_reason as reject_reason
    from checked_rows
    where row_reject_reason is not null
    union all
    select * from later_rejects
),

rejected_raw_rows as (
    select
        raw.file_row_number as source_row_number,
        to_json(raw) as raw_row
    from {{ source('registers', register) }} as raw
    where raw.file_row_number in (select rejects.source_row_number from rejects)
),

quarantined as (
    select
        checked_rows.* exclude (row_reject_reason),
        coalesce(checked_rows.row_reject_reason, later_rejects.reject_reason) as reject_reason,
        rejected_raw_rows.raw_row
    from checked_rows
    left join later_rejects
        on checked_rows.source_row_number = later_rejects.source_row_number
    left join rejected_raw_rows
        on checked_rows.source_row_number = rejected_raw_rows.source_row_number
)
{% endmacro %}
