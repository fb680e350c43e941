-- Register fleur_udbetaling: ADAG periods, holiday pay and early retirement
-- pay (the last two must never count).
create or replace temp table out_fleur_udbetaling as
with holiday_weeks as (
    select
        *,
        date_trunc('week', dadd(p, sp1e + 7))::date as fd0
    from courses
    where sp1e < e and u(idx, k, 'fe') < 0.35
),

retirement_months as (
    select
        *,
        unnest(range(1, 4 + floor(u(idx, k, 'ef2') * 20)::int)) as mi
    from courses
    where
        next_p is null and cend < dadd(date '{{ gen.data_end }}', -40)
        and cend >= date '{{ gen.fleur_first_day }}'
        and (cend - birth) >= 60 * 365.25 and u(idx, k, 'ef') < 0.5
),

retirement_periods as (
    select
        pid,
        ak,
        (date_trunc('month', cend) + to_months(mi::int))::date as pf
    from retirement_months
)

select
    pid as person_id,
    ak as a_kasse,
    'ADAG' as ydelse,
    periode_fra,
    periode_til,
    timer,
    ins as forsikring
from fleur_periods
union all
-- holiday pay: the week after a spell ended early (before a return or after leaving)
select
    pid,
    ak,
    'FERIEDAGPENGE' as ydelse,
    fd0 as periode_fra,
    fd0 + 4 as periode_til,
    (5 * rate0)::decimal(7, 2) as timer,
    ins_base as forsikring
from holiday_weeks
where
    fd0 >= date '{{ gen.fleur_first_day }}' and fd0 + 4 <= date '{{ gen.data_end }}'
    and (sp2s is null or fd0 + 4 < dadd(p, sp2s)) and (next_p is null or fd0 + 4 < next_p)
union all
-- early retirement pay after the last course of older persons
select
    pid,
    ak,
    'EFTERLOEN' as ydelse,
    pf as periode_fra,
    last_day(pf) as periode_til,
    (wd(pf, last_day(pf)) * 7.40)::decimal(7, 2) as timer,
    'F' as forsikring
from retirement_periods
where pf <= date '{{ gen.data_end }}'
