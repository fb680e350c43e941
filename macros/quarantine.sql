{#-
    The shared steps of the quarantine of every staging base model (issue 8:
    nothing is altered silently). A base model reads its source once as
    `source`, keeps the raw row as the struct column `raw`, casts each column
    and lists its row-level checks (macro first_failing_check) as
    `row_reject_reason`; quarantine_steps then adds, in this order, exact
    duplicate rows (`duplicate_row`), duplicates of the register's key and
    overlapping periods, and ends in the CTE `quarantined` with the final
    `reject_reason` and the raw row as JSON for rejected rows only.
-#}

{#-
    A text id or code with leading and trailing Unicode whitespace, control
    and format characters removed (tab, line break, no-break space, zero-width
    space, byte-order mark ...): an id made only of those is empty, i.e.
    missing (is_blank). Ids whose ends are printable ASCII skip the regular
    expression.
-#}
{% macro clean_text(expression) -%}
    {%- set text = 'try_cast(' ~ expression ~ ' as varchar)' -%}
    case
        {#- fast path: both ends printable ASCII, nothing to remove #}
        when
            ascii({{ text }}) between 33 and 126
            and ascii(right({{ text }}, 1)) between 33 and 126
            then {{ text }}
        else regexp_replace({{ text }}, '^[\p{Z}\p{Cc}\p{Cf}]+|[\p{Z}\p{Cc}\p{Cf}]+$', '', 'g')
    end
{%- endmacro %}

{#-
    Present but unparseable is not missing: one check per typed column, true
    when the raw value is not null but its cast failed (a string that is no
    date, '7,40' as hours, 70000 as a SMALLINT). `columns` is a list of
    (raw column, typed column) pairs; for hours (typed DECIMAL(9,2)) a value
    with more than two decimals is unparseable too, since the cast would
    round it. An empty string is not null: it is unparseable, so a blank
    til_dato never becomes an open interval. Reason: `unparseable_<raw column>`.
-#}
{% macro unparseable_checks(columns, decimal_columns=[]) -%}
    {%- set checks = [] -%}
    {%- for raw_column, typed_column in columns -%}
        {%- set condition = '(raw_record.' ~ raw_column ~ ' is not null and (' ~ typed_column ~ ' is null'
            ~ (' or ' ~ typed_column ~ ' != try_cast(raw_record.' ~ raw_column ~ ' as decimal(38, 10))' if typed_column in decimal_columns else '')
            ~ '))' -%}
        {%- do checks.append((condition, 'unparseable_' ~ raw_column)) -%}
    {%- endfor -%}
    {{ return(checks) }}
{%- endmacro %}

{#- The contracted columns of a register, as source `registers` declares them. -#}
{% macro register_columns(register) -%}
    {%- set node = graph.get('sources', {}).get('source.' ~ project_name ~ '.registers.' ~ register) -%}
    {%- if node is none -%}
        {#- Only while dbt parses the project, before the graph is complete. -#}
        {{ return(['file_row_number']) }}
    {%- endif -%}
    {{ return(node.columns.keys() | list) }}
{%- endmacro %}

{#- A hash of the contracted raw columns of a row: exact duplicate candidates share it. -#}
{% macro row_hash(register, relation='source') -%}
    hash({%- for column_name in register_columns(register) -%}{{ relation }}.{{ column_name }}{{ ', ' if not loop.last }}{%- endfor -%})
{%- endmacro %}

{#-
    CTEs after `checked` (which has source_row_number, raw_record, row_hash and
    row_reject_reason):
    - exact duplicates: among rows that passed the row-level checks, a later
      copy of a row with the same contracted values is `duplicate_row`; the
      first in file order is kept. The window runs only over rows whose hash
      occurs more than once.
    - key duplicates (key_columns, key_reason): a later row with the same key
      among the remaining valid rows.
    - overlaps (overlap = {'from', 'to', 'condition', 'reason'}): among the
      remaining valid rows meeting `condition`, a row whose period overlaps a
      row of the same person that starts before it (or the same day, earlier
      in the file) is quarantined; the earliest-starting row is kept. A day can
      never be paid twice, so in a chain of overlaps every row after the first
      is quarantined.
    Ends with CTE `quarantined`: every column of `checked` plus reject_reason
    and raw_row (JSON of the raw row, only when rejected).
-#}
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

{#-
    R2, issue 8: the staged rows of the three payment registers in one shape
    (register, origin as in int_unemployment_payments, source_row_number,
    person_id), from the CTEs named ram, fleur and offers.
-#}
{% macro staged_payment_rows(ram, fleur, offers) -%}
    {%- for register, origin, relation in [
        ('ram_ledighed', 'RAM', ram), ('fleur_udbetaling', 'FLEUR', fleur), ('plan_tilbud', 'PLANDATA', offers)
    ] %}
    select
        '{{ register }}' as register,
        '{{ origin }}' as origin,
        source_row_number,
        person_id
    from {{ relation }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}

{#- R1–R3: joins payments `p` to the courses `c` they overlap; weekdays of p inside c. -#}
{% macro payment_overlaps_course(p, c) -%}
    {{ p }}.person_id = {{ c }}.person_id
    and {{ p }}.period_to >= {{ c }}.placement_date
    and ({{ c }}.course_end is null or {{ p }}.period_from <= {{ c }}.course_end)
{%- endmacro %}

{% macro payment_weekdays_in_course(p, c) -%}
    {{ weekdays_between(
        'greatest(' ~ p ~ '.period_from, ' ~ c ~ '.placement_date)',
        'least(' ~ p ~ '.period_to, coalesce(' ~ c ~ '.course_end, ' ~ p ~ '.period_to))'
    ) }}
{%- endmacro %}
