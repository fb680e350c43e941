-- Register tass_fravaer: 1-4 exemptions for ~20 % of courses around the
-- jobcentre window: Tabel 1 and Tabel 2 codes (seed exemption_codes, R12,
-- R13) and codes of neither table; the fourth a short MII run (R13).
create or replace temp table out_tass_fravaer as
with exemption_rows as (
    select
        course.*,
        exemption_numbers.j::int as j
    from courses_enriched as course, range(1, 5) as exemption_numbers (j)
    where
        u(course.idx, course.k, 'fr') < 0.20
        and (
            exemption_numbers.j = 1
            or (exemption_numbers.j = 2 and u(course.idx, course.k, 'fr2') < 0.5)
            or (exemption_numbers.j = 3 and u(course.idx, course.k, 'fr3') < 0.3)
            or (exemption_numbers.j = 4 and u(course.idx, course.k, 'fr4') < 0.35)
        )
),

drawn as (
    select
        *,
        dadd(ws_jc, -15 + floor(u(idx, k * 10 + j, 'fst') * ((we_jc - ws_jc) + 30))) as st0,
        case
            when u(idx, k * 10 + j, 'fln') < 0.35 then floor(u(idx, k * 10 + j, 'fl2') * 5)
            when u(idx, k * 10 + j, 'fln') < 0.70 then 5 + floor(u(idx, k * 10 + j, 'fl2') * 26)
            when u(idx, k * 10 + j, 'fln') < 0.90 then 31 + floor(u(idx, k * 10 + j, 'fl2') * 60)
            else 91 + floor(u(idx, k * 10 + j, 'fl2') * 90)
        end::int as len0,
        u(idx, k * 10 + j, 'fcl') as ucl
    from exemption_rows
),

with_previous as (
    select
        *,
        lag(st0) over (partition by idx, k order by j) as prev_st,
        lag(len0) over (partition by idx, k order by j) as prev_len
    from drawn
),

coded as (
    select
        pid,
        idx,
        k,
        j,
        case
            when j = 4 then pick({{ gen.tabel_2 }}, u(idx, k, 'fc4'))
            when ucl < 0.60 then pick({{ gen.tabel_1 }}, u(idx, k * 10 + j, 'fc'))
            when ucl < 0.90 then pick({{ gen.tabel_2 }}, u(idx, k * 10 + j, 'fc'))
            else pick({{ gen.other_exemption_codes }}, u(idx, k * 10 + j, 'fc'))
        end as code,
        case
            when j = 4
                then dadd(
                    date_trunc('week', st0)::date,
                    case when u(idx, k, 'fm1') < 0.5 then 0 else 3 end
                )
            when j = 2 and u(idx, k, 'fov') < 0.4
                then dadd(prev_st, floor(u(idx, k, 'fov2') * (prev_len + 1)))
            else st0
        end as fra,
        case
            when j = 4
                then
                    (case when u(idx, k, 'fm1') < 0.5 then 3 else 5 end)
                    + (case when u(idx, k, 'fm2') < 0.5 then 0 else 1 end)
            else len0
        end as len
    from with_previous
)

-- distinct: two draws can give the same registration; an exact duplicate
-- row breaks the contract (duplicate_row)
select distinct
    pid as person_id,
    code::smallint as fravaer_id,
    fra as fra_dato,
    case when u(idx, k * 10 + j, 'fnull') < 0.05 then null else dadd(fra, len) end as til_dato
from coded
where fra <= date '{{ gen.data_end }}'
