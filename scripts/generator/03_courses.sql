-- Courses (Tællerdata placements): 1-3 per person, a new placement ends the
-- previous course; per course the unemployment spells (offsets in days from
-- the placement date), the daily a-dagpenge rate, an optional switch of
-- insurance status, an optional løntilskud and the registration start.
create or replace temp table courses as
with course_numbers as (
    select
        persons.idx,
        persons.pid,
        persons.birth,
        persons.p1,
        persons.ins_base,
        persons.ak1,
        persons.m1,
        course_rows.k::int as k,
        case
            when course_rows.k = 1 then 0
            when u(persons.idx, course_rows.k, 'gk') < 0.12
                then 40 + floor(u(persons.idx, course_rows.k, 'gl') * 160)::int
            else 400 + floor(u(persons.idx, course_rows.k, 'gl') * 900)::int
        end as gap
    from persons, range(1, 4) as course_rows (k)
    where course_rows.k <= persons.ncourse
),

placed as (
    select
        *,
        dadd(p1, sum(gap) over (partition by idx order by k)) as p
    from course_numbers
),

placed_in_range as (
    select * from placed
    where p <= date '{{ gen.last_placement }}'
),

with_neighbours as (
    select
        *,
        lead(p) over (partition by idx order by k) as next_p,
        lag(p) over (partition by idx order by k) as prev_p,
        (p + interval 2 year)::date - 1 as nom_end
    from placed_in_range
),

course_draws as (
    select
        *,
        least(coalesce(next_p - 1, date '9999-12-31'), nom_end, date '{{ gen.data_end }}') as cend,
        case
            when next_p is not null and u(idx, k, 'sd') < 0.8 then least(nom_end, next_p - 1)
            when
                next_p is null and nom_end <= date '{{ gen.data_end }}'
                and u(idx, k, 'sd') < 0.6
                then nom_end
        end as sidste_dag,
        case
            when k > 1 and u(idx, k, 'akc') < 0.12 then pick_a_kasse(u(idx, k, 'ak'))
            else ak1
        end as ak,
        -- spells (offsets in days from the placement date)
        u(idx, k, 'early') < case
            when p between date '2023-06-01' and date '{{ gen.group_split_date }}' then 0.40
            else 0.22
        end as early,
        u(idx, k, 'ret') < 0.6 as ret_want,
        10 + floor(u(idx, k, 'g') * 110)::int as g,
        60 + floor(u(idx, k, 'l2') * 600)::int as l2,
        -- daily a-dagpenge rate
        (case
            when ins_base = 'F' and u(idx, k, 'r') < 0.72 then 7.40
            when ins_base = 'F' then round(1.5 + 5.89 * u(idx, k, 'r2'), 2)
            when u(idx, k, 'r') < 0.72 then 6.00
            else round(1.5 + 4.49 * u(idx, k, 'r2'), 2)
        end)::decimal(4, 2) as rate0,
        case
            when ins_base = 'F' and u(idx, k, 'sw') < 0.04 then 'FD'
            when ins_base = 'D' and u(idx, k, 'sw') < 0.08 then 'DF'
        end as sw,
        30 + floor(u(idx, k, 'swc') * 150)::int as sw_c0,
        u(idx, k, 'lt') < 0.10 as has_lt,
        20 + floor(u(idx, k, 'lta') * 120)::int as lt_a0,
        30 + floor(u(idx, k, 'ltl') * 150)::int as lt_len,
        -- registration before the placement date
        case
            when u(idx, k, 'pre') < 0.66 then p
            when u(idx, k, 'pre') < 0.86 then dadd(p, -1 - floor(u(idx, k, 'pre2') * 120))
            when u(idx, k, 'pre') < 0.91 then (p - interval 3 month)::date
            when u(idx, k, 'pre') < 0.95 then (p - interval 3 month)::date - 1
            else dadd(p, -95 - floor(u(idx, k, 'pre2') * 100))
        end as r0raw
    from with_neighbours
),

course_lengths as (
    select
        *,
        (cend - p)::int as e,
        case
            when early then 14 + floor(u(idx, k, 'l1') * 160)::int
            else 200 + floor(u(idx, k, 'l1') * 530)::int
        end as l1,
        case when prev_p is not null then greatest(r0raw, prev_p + 1) else r0raw end as r0,
        case sw when 'FD' then least(rate0, 6.00) when 'DF' then 7.40 end::decimal(4, 2) as rate1,
        case when sw is not null then sw_c0 end as sw_c,
        case when has_lt then lt_a0 end as lt_a,
        case when has_lt then lt_a0 + lt_len end as lt_b
    from course_draws
),

spells as (
    select
        *,
        least(l1, e) as sp1e,
        case when early and ret_want and l1 + g + 1 <= e then l1 + g + 1 end as sp2s,
        case when early and ret_want and l1 + g + 1 <= e then least(l1 + g + l2, e) end as sp2e
    from course_lengths
)

select
    *,
    lead(r0) over (partition by idx order by k) as next_r0
from spells
