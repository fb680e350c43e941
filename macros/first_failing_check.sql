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
    The checks every person interval register shares (valid_from, valid_to,
    inclusive, open when valid_to is null), in priority order: the id, then
    every typed column whose raw value is present but unparseable (the raw
    columns fra_dato, til_dato and the pairs in `unparseable`), then missing,
    reversed and implausible dates. Residence periods may start at birth:
    they pass from_var='plausible_birth_date_from'.
-#}
{% macro person_interval_checks(from_var='plausible_date_from', unparseable=[]) -%}
    {{ return([
        (is_blank('person_id'), 'missing_person_id'),
    ] + unparseable_checks([('fra_dato', 'valid_from'), ('til_dato', 'valid_to')] + unparseable) + [
        ('valid_from is null', 'missing_start_date'),
        ('valid_to < valid_from', 'end_before_start'),
        (is_implausible_date('valid_from', from_var) ~ ' or ' ~ is_implausible_date('valid_to', from_var), 'implausible_date'),
    ]) }}
{%- endmacro %}
