-- RAM weeks (to the last RAM day, R2) per ADAG segment: one row per ISO week
-- with the weekdays paid and the hours (some weeks partly paid).
create or replace temp table ram_weeks as
with ram_segments as (
    select
        idx,
        pid,
        k,
        seg,
        ak,
        ins,
        rate,
        s as sd,
        least(e, date '{{ gen.ram_last_day }}') as ed,
        date_trunc('week', s)::date as mon0
    from course_segments
    where kind = 'ADAG' and s <= date '{{ gen.ram_last_day }}'
),

week_numbers as (
    select
        *,
        unnest(range(0, (ed - mon0) // 7 + 1)) as wi
    from ram_segments
),

week_days as (
    select
        *,
        dadd(mon0, 7 * wi) as mon,
        greatest(dadd(mon0, 7 * wi), sd) as d0,
        least(dadd(mon0, 7 * wi + 4), ed) as d1
    from week_numbers
),

paid_weeks as (
    select
        *,
        wd(d0, d1) as nwd,
        (mon - date '2000-01-03')::int as wkey
    from week_days
)

select
    idx,
    pid,
    k,
    seg,
    ak,
    ins,
    mon,
    d0,
    d1,
    case
        when u(idx, wkey, 'wf') < 0.10
            then round(nwd * rate::double * (0.3 + 0.6 * u(idx, wkey, 'wf2')), 2)::decimal(7, 2)
        else (nwd * rate)::decimal(7, 2)
    end as timer
from paid_weeks
where nwd > 0
