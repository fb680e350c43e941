{#-
    Quarantine of bad rows: returns a CASE expression naming the first check
    that a row fails, or null when it passes them all. `checks` is a list of
    (condition, reason) pairs in priority order; a condition is true for a bad
    row. Every staging base model uses it, so a row has exactly one reason.
-#}
{% macro first_failing_check(checks) -%}
    case
        {%- for condition, reason in checks %}
            when {{ condition }} then '{{ reason }}'
        {%- endfor %}
    end
{%- endmacro %}

{#- True when a text id is null or blank. -#}
{% macro is_blank(column_name) -%}
    ({{ column_name }} is null or trim({{ column_name }}) = '')
{%- endmacro %}

{#- True when a date lies outside the plausible range of the vars. -#}
{% macro is_implausible_date(column_name, from_var='plausible_date_from') -%}
    ({{ column_name }} < date '{{ var(from_var) }}' or {{ column_name }} > date '{{ var("plausible_date_to") }}')
{%- endmacro %}

{#-
    True when a non-null code is not listed in the given column of a seed
    (optionally only among the seed rows meeting `seed_filter`).
-#}
{% macro is_unknown_code(column_name, seed_name, seed_column, seed_filter='true') -%}
    ({{ column_name }} is not null and {{ column_name }} not in (
        select {{ seed_column }} from {{ ref(seed_name) }} where {{ seed_filter }}
    ))
{%- endmacro %}

{#-
    Duplicates of a key: the position of a row among the rows with the same key
    that passed the row-level checks (or among those that failed them), in file
    order. The first valid occurrence is staged, later ones are rejected, so a
    bad row never pushes a good one out.
-#}
{% macro occurrence_among_valid(key_columns) -%}
    row_number() over (
        partition by {{ key_columns | join(', ') }}, row_reject_reason is null
        order by source_row_number
    )
{%- endmacro %}

{#- The final reason of a row with a duplicate check: the row-level reason first. -#}
{% macro reject_reason_with_duplicates(duplicate_reason) -%}
    coalesce(
        row_reject_reason,
        case when occurrence > 1 then '{{ duplicate_reason }}' end
    )
{%- endmacro %}

{#- The raw row as JSON, kept only for rejected rows (with or without a duplicate check). -#}
{% macro raw_row_if_rejected(with_duplicates=true) -%}
    {%- if with_duplicates -%}
        case when row_reject_reason is not null or occurrence > 1 then raw_row end
    {%- else -%}
        case when reject_reason is not null then raw_row end
    {%- endif -%}
{%- endmacro %}

{#-
    The checks every person interval register shares (valid_from, valid_to,
    inclusive, open when valid_to is null), in priority order. Residence
    periods may start at birth: they pass from_var='plausible_birth_date_from'.
-#}
{% macro person_interval_checks(from_var='plausible_date_from') -%}
    {{ return([
        (is_blank('person_id'), 'missing_person_id'),
        ('valid_from is null', 'missing_start_date'),
        ('valid_to < valid_from', 'end_before_start'),
        (is_implausible_date('valid_from', from_var) ~ ' or ' ~ is_implausible_date('valid_to', from_var), 'implausible_date'),
    ]) }}
{%- endmacro %}
