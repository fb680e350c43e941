{#-
    R22: the total of an a-kasse is the unweighted mean of its monthly shares
    over the months in which it had at least one person; months without
    persons (blank in the published table) are skipped. Used by
    mart_focus_target_summary on the computed months and by the R23 test on
    the memo's published months, so both apply the same rule.

    The mean for readers: each month's share numerator / denominator is
    taken exactly to 18 decimals (integer division, HUGEINT), the shares are
    summed as integers (exact, so independent of the order in which DuckDB's
    threads add them), divided by the number of months and rounded to 15
    decimals. Identical data always give the identical DOUBLE. Whether the
    mean meets the goal is not decided on this rounded value but exactly
    (mart_focus_target_summary, macro bignum_times).
-#}
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

{#-
    R22 decided exactly: CTEs ending in `focus_target_goal_met` (a_kasse,
    meets_target), from `months` (a CTE with a_kasse, persons,
    persons_two_plus per month) and `goal` (a CTE with target_share, a
    DECIMAL(5,2) as seed focus_target_goal). The mean is at least the goal
    when sum over months with persons of persons_two_plus / persons is at
    least months x target_share. The sum is kept as one fraction with a
    BIGNUM numerator and denominator (a / b + p / n = (a n + p b) / (b n),
    macro bignum_times), so nothing is rounded; months with the same number
    of persons are added as one fraction first. The query using it must open
    with `with recursive`.
-#}
{% macro focus_target_goal_met_ctes(months, goal) -%}
focus_target_fractions as (
    select
        a_kasse,
        persons as denominator,
        sum(persons_two_plus) as numerator,
        row_number() over (partition by a_kasse order by persons) as step
    from {{ months }}
    where persons > 0
    group by a_kasse, persons
),

focus_target_exact_sums (a_kasse, step, sum_numerator, sum_denominator) as (
    select distinct
        a_kasse,
        0 as step,
        cast(0 as bignum) as sum_numerator,
        cast(1 as bignum) as sum_denominator
    from {{ months }}
    union all
    select
        focus_target_exact_sums.a_kasse,
        focus_target_fractions.step,
        {{ bignum_times('focus_target_exact_sums.sum_numerator', 'focus_target_fractions.denominator') }}
        + {{ bignum_times('focus_target_exact_sums.sum_denominator', 'focus_target_fractions.numerator') }}
            as sum_numerator,
        {{ bignum_times('focus_target_exact_sums.sum_denominator', 'focus_target_fractions.denominator') }}
            as sum_denominator
    from focus_target_exact_sums
    inner join focus_target_fractions
        on
            focus_target_exact_sums.a_kasse = focus_target_fractions.a_kasse
            and focus_target_exact_sums.step + 1 = focus_target_fractions.step
),

focus_target_exact_totals as (
    select
        a_kasse,
        arg_max(sum_numerator, step) as sum_numerator,
        arg_max(sum_denominator, step) as sum_denominator
    from focus_target_exact_sums
    group by a_kasse
),

focus_target_months_included as (
    select
        a_kasse,
        count(*) filter (where persons > 0) as months_included
    from {{ months }}
    group by a_kasse
),

focus_target_goal_met as (
    select
        focus_target_exact_totals.a_kasse,
        -- An a-kasse without any month with persons has not met the goal.
        focus_target_months_included.months_included > 0
        and {{ bignum_times('focus_target_exact_totals.sum_numerator', 100) }}
        >= {{ bignum_times(
            'focus_target_exact_totals.sum_denominator',
            'focus_target_months_included.months_included * cast(' ~ goal ~ '.target_share * 100 as integer)'
        ) }} as meets_target
    from focus_target_exact_totals
    inner join focus_target_months_included
        on focus_target_exact_totals.a_kasse = focus_target_months_included.a_kasse
    cross join {{ goal }}
)
{%- endmacro %}
