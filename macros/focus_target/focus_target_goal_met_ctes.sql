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
