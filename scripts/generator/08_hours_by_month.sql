-- Hours per course and month in 30ths of a full-time-equivalent hour (R4):
-- RAM weeks, FLEUR periods and løntilskud weekdays.
create or replace temp table hours_by_month as
with lt_months as (
    select
        *,
        unnest(range(0, datediff('month', s, e) + 1)) as mi
    from course_segments
    where kind = 'LT'
),

lt_month_starts as (
    select
        *,
        (date_trunc('month', s) + to_months(mi::int))::date as ms
    from lt_months
)

select
    idx,
    k,
    date_trunc('month', d0)::date as month_start,
    sum(
        case
            when ins = 'D' then timer * {{ gen.part_time_weekday_units }}
            else timer * {{ gen.full_time_weekday_units }}
        end
    ) as h30
from ram_weeks
group by all
union all
select
    idx,
    k,
    date_trunc('month', periode_fra)::date as month_start,
    sum(
        case
            when ins = 'D' then timer * {{ gen.part_time_weekday_units }}
            else timer * {{ gen.full_time_weekday_units }}
        end
    ) as h30
from fleur_periods
group by all
union all
select
    idx,
    k,
    ms as month_start,
    sum(
        case
            when ins = 'D'
                then
                    wd(greatest(ms, s), least(last_day(ms), e))
                    * tpu * {{ gen.part_time_lt_factor }}
            else wd(greatest(ms, s), least(last_day(ms), e)) * tpu * {{ gen.full_time_lt_factor }}
        end
    ) as h30
from lt_month_starts
group by all
