{% macro bignum_times(value_expr, count_expr) -%}
    (
        select coalesce(
            sum(cast(cast({{ value_expr }} as varchar) || repeat('0', cast(place.k as integer)) as bignum)),
            cast(0 as bignum)
        )
        from range(length(cast({{ count_expr }} as varchar))) as place (k)
        cross join
            range(cast(substr(reverse(cast({{ count_expr }} as varchar)), cast(place.k as integer) + 1, 1) as integer))
                as copy (c)
    )
{%- endmacro %}
