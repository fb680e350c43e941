{#-
    Exact arithmetic on big integers for R22 (exact means). DuckDB's BIGNUM
    (arbitrary-precision integer) adds and sums exactly but has no exact
    product (bignum * bignum returns a DOUBLE). A common denominator of many
    monthly shares outgrows HUGEINT (the lcm of 40 monthly person counts of
    a few hundred each has 50+ digits), so the product is built from exact
    operations only: a shift by k decimal places is the text of the number
    followed by k zeros, and n = sum of digit_k * 10^k gives
    x * n = sum over places k of digit_k copies of x shifted by k places:
    at most 9 additions per decimal digit of n.
-#}

{#- value_expr (BIGNUM) times count_expr (a non-negative integer), exactly. -#}
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
