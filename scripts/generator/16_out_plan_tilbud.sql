-- Register plan_tilbud: løntilskud on a-dagpenge (counts as unemployment),
-- other offers during a course, offers on other benefits and an offer paid by
-- kontanthjælp before the placement (R11).
create or replace temp table out_plan_tilbud as
with course_offers as (
    select
        *,
        dadd(p, 20 + floor(u(idx, k, 'ot3') * 150)) as fr
    from courses
    where u(idx, k, 'ot') < 0.08
),

other_benefit_offers as (
    select
        *,
        dadd(
            p1, -400 + floor(u(idx, 0, 'ob4') * greatest(date '{{ gen.data_end }}' - p1 + 400, 1))
        ) as fr
    from persons
    where u(idx, 0, 'ob') < 0.03
)

-- løntilskud financed by a-dagpenge (counts as unemployment)
select
    pid as person_id,
    'LOENTILSKUD' as tilbud,
    'A_DAGPENGE' as ydelsesgrundlag,
    s as fra_dato,
    e as til_dato,
    tpu as timer_pr_uge
from course_segments
where kind = 'LT'
union all
-- other offers during the course, still on a-dagpenge (do not add hours)
select
    pid,
    case when u(idx, k, 'ot2') < 0.6 then 'VIRKSOMHEDSPRAKTIK' else 'OPKVALIFICERING' end as tilbud,
    'A_DAGPENGE' as ydelsesgrundlag,
    fr as fra_dato,
    dadd(fr, 13 + floor(u(idx, k, 'ot4') * 80)) as til_dato,
    round(20 + 17 * u(idx, k, 'ot5'), 2)::decimal(5, 2) as timer_pr_uge
from course_offers
union all
-- offers on other benefits somewhere in the person's history
select
    pid,
    pick(['LOENTILSKUD', 'VIRKSOMHEDSPRAKTIK', 'OPKVALIFICERING'], u(idx, 0, 'ob2')) as tilbud,
    case
        when u(idx, 0, 'ob3') < 0.7 then 'KONTANTHJAELP' else 'SYGEDAGPENGE'
    end as ydelsesgrundlag,
    fr as fra_dato,
    dadd(fr, 14 + floor(u(idx, 0, 'ob5') * 180)) as til_dato,
    round(10 + 27 * u(idx, 0, 'ob6'), 2)::decimal(5, 2) as timer_pr_uge
from other_benefit_offers
union all
-- an offer paid by kontanthjælp between a pre-placement registration and the placement (R11)
select
    pid,
    'VIRKSOMHEDSPRAKTIK' as tilbud,
    'KONTANTHJAELP' as ydelsesgrundlag,
    r0 + 1 as fra_dato,
    p - 1 as til_dato,
    25.00 as timer_pr_uge
from courses
where r0 < p - 5 and u(idx, k, 'okh') < 0.08
