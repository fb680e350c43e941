-- One row per person of the chunk: id, first placement date, number of
-- courses, insurance, a-kasse, three municipalities, age and birth date.
create or replace temp table persons as
with person_numbers as (
    select person_range.i::bigint as idx
    from range({{ gen.first_person }}, {{ gen.end_person }}) as person_range (i)
),

drawn as (
    select
        idx,
        'P' || lpad(idx::varchar, {{ gen.id_width }}, '0') as pid,
        case
            -- a few placements exactly on the register and regime edges
            when u(idx, 0, 'pex') < 0.012
                then [
                    date '{{ gen.first_placement }}',
                    date '{{ gen.ram_last_day }}',
                    date '{{ gen.fleur_first_day }}',
                    date '{{ gen.group_split_date }}',
                    date '{{ gen.new_regime_from }}',
                    date '{{ gen.new_regime_second_day }}'
                ][1 + floor(u(idx, 0, 'pex2') * 6)::int]
            when u(idx, 0, 'pmix') < 0.30
                then dadd(date '{{ gen.first_placement }}', floor(u(idx, 0, 'pd') * 3469))
            -- the corona inflow: full periods reported in the trial's windows (R19-R22)
            when u(idx, 0, 'pmix') < 0.52
                then dadd(
                    date '{{ gen.trial_boost_from }}',
                    floor(u(idx, 0, 'pd') * {{ gen.trial_boost_days }})
                )
            when u(idx, 0, 'pmix') < 0.64 then dadd(date '2016-10-01', floor(u(idx, 0, 'pd') * 273))
            when u(idx, 0, 'pmix') < 0.80 then dadd(date '2023-03-01', floor(u(idx, 0, 'pd') * 306))
            else dadd(date '{{ gen.new_regime_from }}', floor(u(idx, 0, 'pd') * 456))
        end as p1,
        case
            when u(idx, 0, 'nc') < 0.72 then 1
            when u(idx, 0, 'nc') < 0.93 then 2
            else 3
        end as ncourse,
        case when u(idx, 0, 'ins') < 0.15 then 'D' else 'F' end as ins_base,
        pick_a_kasse(u(idx, 0, 'ak')) as ak1,
        pick_municipality(idx, 'm1') as m1,
        pick_municipality(idx, 'm2') as m2,
        pick_municipality(idx, 'm3') as m3,
        case
            -- near 16
            when u(idx, 0, 'age') < 0.012 then 15.2 + 1.1 * u(idx, 0, 'age2')
            -- near pension age
            when u(idx, 0, 'age') < 0.040 then 64.0 + 5.5 * u(idx, 0, 'age2')
            when u(idx, 0, 'age') < 0.070 then 55.0 + 9.0 * u(idx, 0, 'age2')
            else 18.0 + 22.0 * (u(idx, 0, 'age2') + u(idx, 0, 'age3'))
        end::double as age_years
    from person_numbers
)

select
    *,
    dadd(p1, -floor(age_years * 365.25)) as birth
from drawn
