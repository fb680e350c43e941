{% macro quarantine_steps(register, key_columns=[], key_reason=none, overlap=none) %}
repeated_hashes as (
    select row_hash
    from checked
    where row_reject_reason is null
    group by row_hash
    having count(*) > 1
),

exact_copies as (
    select
        source_row_number,
        row_number() over (
            partition by
                {%- for column_name in register_columns(register) %}
                raw_record.{{ column_name }}{{ ',' if not loop.last }}
                {%- endfor %}
            order by source_row_number
        ) as copy_number
    from checked
    where
        row_reject_reason is null
        and row_hash in (select repeated_hashes.row_hash from repeated_hashes)
),

copies_checked as (
    select
        checked.*,
        coalesce(
            checked.row_reject_reason,
            case when exact_copies.copy_number > 1 then 'duplicate_row' end
        ) as copy_reject_reason
    from checked
    left join exact_copies
        on checked.source_row_number = exact_copies.source_row_number
),

keys_checked as (
    select
        *,
        {%- if key_columns %}
        coalesce(
            copy_reject_reason,
            case
                when row_number() over (
                    partition by {{ key_columns | join(', ') }}, copy_reject_reason is null
                    order by source_row_number
                ) > 1 then '{{ key_reason }}'
            end
        ) as key_reject_reason
        {%- else %}
        copy_reject_reason as key_reject_reason
        {%- endif %}
    from copies_checked
),

reasons as (
    select
        * exclude (row_reject_reason, copy_reject_reason, key_reject_reason),
        {%- if overlap %}
        coalesce(
            key_reject_reason,
            case
                when
                    ({{ overlap.condition }})
                    and max({{ overlap.to }}) over (
                        partition by person_id, key_reject_reason is null and ({{ overlap.condition }})
                        order by {{ overlap.from }}, source_row_number
                        rows between unbounded preceding and 1 preceding
                    ) >= {{ overlap.from }}
                    then '{{ overlap.reason }}'
            end
        ) as reject_reason
        {%- else %}
        key_reject_reason as reject_reason
        {%- endif %}
    from keys_checked
),

quarantined as (
    select
        * exclude (raw_record),
        case when reject_reason is not null then to_json(raw_record) end as raw_row
    from reasons
)
{% endmacro %}
