{#-
    Generic test for dated rule data: two rows of `model` with the same values
    of `partition_by` never share a day of validity (from_column, to_column,
    by default valid_from, valid_to; inclusive, empty = open), so a date
    selects at most one row per key. Returns the overlapping pairs.
-#}
{% test no_overlapping_validity(model, partition_by=[], from_column='valid_from', to_column='valid_to') %}

with

rule_rows as (
    select * from {{ model }}
),

numbered as (
    select
        *,
        row_number() over (
            order by
            {%- for column in partition_by %} {{ column }},{% endfor %}
            {{ from_column }} nulls first, {{ to_column }} nulls last
        ) as row_number_in_seed
    from rule_rows
),

final as (
    select
        {%- for column in partition_by %}
            earlier.{{ column }},
        {%- endfor %}
        earlier.{{ from_column }} as earlier_valid_from,
        earlier.{{ to_column }} as earlier_valid_to,
        later.{{ from_column }} as later_valid_from,
        later.{{ to_column }} as later_valid_to
    from numbered as earlier
    inner join numbered as later
        on
            earlier.row_number_in_seed < later.row_number_in_seed
            {%- for column in partition_by %}
            and earlier.{{ column }} is not distinct from later.{{ column }}
            {%- endfor %}
            and (
                earlier.{{ to_column }} is null
                or later.{{ from_column }} is null
                or later.{{ from_column }} <= earlier.{{ to_column }}
            )
            and (
                later.{{ to_column }} is null
                or earlier.{{ from_column }} is null
                or earlier.{{ from_column }} <= later.{{ to_column }}
            )
)

select * from final

{% endtest %}
