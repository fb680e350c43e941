{% macro focus_target_mean(numerator, denominator, has_persons_condition) -%}
    cast(
        (
            sum(cast({{ numerator }} as hugeint) * cast(1000000000000000000 as hugeint) // nullif({{ denominator }}, 0))
                filter (where {{ has_persons_condition }})
            // nullif(count(*) filter (where {{ has_persons_condition }}), 0)
            + 500
        ) // 1000
        as double
    ) / 1e15
{%- endmacro %}
