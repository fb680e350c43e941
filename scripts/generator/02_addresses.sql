-- The address history (cpr_adresse): most persons one row, ~10 % move, ~1 %
-- have a gap without any address, a few arrive late.
create or replace temp table addresses as
with address_draws as (
    select
        idx,
        pid,
        birth,
        p1,
        m1,
        m2,
        m3,
        case
            when u(idx, 0, 'at') < 0.01 then 'gap'
            when u(idx, 0, 'at') < 0.11 then 'mover'
            when u(idx, 0, 'at') < 0.12 then 'late'
            else 'single'
        end as atype,
        least(
            greatest(dadd(birth, 365), dadd(p1, -730 + floor(u(idx, 0, 'd1') * 2500))),
            dadd(date '{{ gen.data_end }}', -30)
        ) as d1,
        60 + floor(u(idx, 0, 'd2') * 900)::int as d2off,
        u(idx, 0, 'mv2') < 0.3 as mv2want,
        greatest(dadd(birth, 365), dadd(p1, -200 + floor(u(idx, 0, 'g0') * 600))) as g0,
        20 + floor(u(idx, 0, 'gl') * 400)::int as gl,
        u(idx, 0, 'gr2') < 0.7 as g_row2,
        greatest(birth, dadd(p1, -1500 + floor(u(idx, 0, 'imm') * 1700))) as imm
    from persons
),

second_moves as (
    select
        *,
        dadd(d1, d2off) as d2,
        mv2want and dadd(d1, d2off) <= dadd(date '{{ gen.data_end }}', -10) as mv2
    from address_draws
)

select
    second_moves.idx,
    second_moves.pid,
    address_rows.j,
    case address_rows.j
        when 1 then second_moves.m1
        when 2 then second_moves.m2
        else second_moves.m3
    end::smallint as kommune,
    case address_rows.j
        when 1
            then (
                case
                    when second_moves.atype = 'late' then second_moves.imm
                    else second_moves.birth
                end
            )
        when 2
            then (
                case
                    when second_moves.atype = 'mover' then second_moves.d1
                    else dadd(second_moves.g0, second_moves.gl + 1)
                end
            )
        else second_moves.d2
    end as fra,
    case address_rows.j
        when 1
            then (
                case
                    when second_moves.atype = 'mover' then second_moves.d1 - 1
                    when second_moves.atype = 'gap' then second_moves.g0
                end
            )
        when 2
            then (
                case
                    when second_moves.atype = 'mover' and second_moves.mv2 then second_moves.d2 - 1
                end
            )
    end as til
from second_moves, range(1, 4) as address_rows (j)
where
    address_rows.j = 1
    or (
        address_rows.j = 2
        and (second_moves.atype = 'mover' or (second_moves.atype = 'gap' and second_moves.g_row2))
    )
    or (address_rows.j = 3 and second_moves.atype = 'mover' and second_moves.mv2)
