-- Per course the months and days the hour thresholds are reached (R4-R8,
-- R15), on the monthly hours (30ths of an FTE hour, spread evenly over the
-- month's days): the a-kasse part, the late transition, three and six months,
-- and the hours up to the group split.
create or replace temp table course_thresholds as
with monthly as (
    select
        idx,
        k,
        month_start,
        sum(h30) as h
    from hours_by_month
    group by all
),

cumulative as (
    select
        *,
        sum(h) over (
            partition by idx, k order by month_start
            rows between unbounded preceding and current row
        ) as cum
    from monthly
),

paid_months as (
    select
        *,
        (last_day(month_start) - month_start + 1)::int as dim
    from cumulative
    where h > 0
)

select
    idx,
    k,
    min(month_start) filter (where cum >= {{ gen.a_kasse_part_h30 }}) as m410,
    min(month_start) filter (where cum > {{ gen.late_transition_h30 }}) as m641,
    arg_min(
        dadd(
            month_start,
            least(
                floor(({{ gen.three_months_h30 }} - (cum - h))::double / h::double * dim), dim - 1
            )
        ),
        month_start
    ) filter (where cum >= {{ gen.three_months_h30 }}) as fp,
    arg_min(
        dadd(
            month_start,
            least(
                floor(({{ gen.six_months_h30 }} - (cum - h))::double / h::double * dim), dim - 1
            )
        ),
        month_start
    ) filter (where cum >= {{ gen.six_months_h30 }}) as fu,
    coalesce(
        max(cum) filter (where month_start <= date '{{ gen.group_split_month }}'), 0
    ) as cum2023
from paid_months
group by idx, k
