{#-
    Generic test for dated rule data: two rows of `model` with the same values
    of `partition_by` never share a day of validity (valid_from, valid_to
    inclusive, empty = open), so a date selects at most one row per key.
    Returns the overlapping pairs.
-#}
{% test no_overlapping_validity(model, partition_by=[]) %}

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
            valid_from nulls first, valid_to nulls last
        ) as row_number_in_seed
    from rule_rows
),

final as (
    select
        {%- for column in partition_by %}
            earlier.{{ column }},
        {%- endfor %}
        earlier.valid_from as earlier_valid_from,
        earlier.valid_to as earlier_valid_to,
        later.valid_from as later_valid_from,
        later.valid_to as later_valid_to
    from numbered as earlier
    inner join numbered as later
        on
            earlier.row_number_in_seed < later.row_number_in_seed
            {%- for column in partition_by %}
            and earlier.{{ column }} is not distinct from later.{{ column }}
            {%- endfor %}
            and (earlier.valid_to is null or later.valid_from is null or later.valid_from <= earlier.valid_to)
            and (later.valid_to is null or earlier.valid_from is null or earlier.valid_from <= later.valid_to)
)

select * from final

{% endtest %}
