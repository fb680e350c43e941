-- FLEUR ADAG payment periods (from the first FLEUR day, R2) per ADAG segment:
-- calendar months, or 4-week periods for the a-kasser that pay so.
create or replace temp table fleur_periods as
with fleur_segments as (
    select
        idx,
        pid,
        k,
        seg,
        ak,
        ins,
        rate,
        greatest(s, date '{{ gen.fleur_first_day }}') as sd,
        e as ed,
        list_contains({{ gen.four_week_a_kasser }}, ak) as fourw
    from course_segments
    where kind = 'ADAG' and e >= date '{{ gen.fleur_first_day }}'
),

period_counts as (
    select
        *,
        (sd - date '{{ gen.four_week_anchor }}') // 28 as n0,
        case
            when fourw
                then
                    (ed - date '{{ gen.four_week_anchor }}') // 28
                    - (sd - date '{{ gen.four_week_anchor }}') // 28
            else datediff('month', sd, ed)
        end as nn
    from fleur_segments
),

period_numbers as (
    select
        *,
        unnest(range(0, nn + 1)) as pi
    from period_counts
),

period_starts as (
    select
        *,
        case
            when fourw then dadd(date '{{ gen.four_week_anchor }}', 28 * (n0 + pi))
            else (date_trunc('month', sd) + to_months(pi::int))::date
        end as ps
    from period_numbers
),

clipped as (
    select
        *,
        greatest(ps, sd) as pf,
        least(case when fourw then ps + 27 else last_day(ps) end, ed) as pt
    from period_starts
),

paid_periods as (
    select
        *,
        wd(pf, pt) as nwd,
        (ps - date '2000-01-01')::int as pkey
    from clipped
)

select
    idx,
    pid,
    k,
    seg,
    ak,
    ins,
    pf as periode_fra,
    pt as periode_til,
    case
        when u(idx, pkey, 'pf') < 0.10
            then round(nwd * rate::double * (0.3 + 0.6 * u(idx, pkey, 'pf2')), 2)::decimal(7, 2)
        else (nwd * rate)::decimal(7, 2)
    end as timer
from paid_periods
where nwd > 0
