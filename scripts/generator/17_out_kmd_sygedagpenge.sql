-- Register kmd_sygedagpenge: sick pay before a placement (R11) and sick-pay
-- spells anywhere in the person's history (~4.5 % of persons, 1-2 spells).
create or replace temp table out_kmd_sygedagpenge as
with pre_placement_sickness as (
    select
        *,
        dadd(r0, floor(u(idx, k, 'sk2') * (p - r0 - 1))) as fr
    from courses
    where r0 < p - 1 and u(idx, k, 'sk') < 0.08
),

history_sickness as (
    select
        persons.*,
        spell_rows.j,
        dadd(
            persons.p1,
            -300 + floor(
                u(persons.idx, spell_rows.j, 'sy2')
                * greatest(date '{{ gen.data_end }}' - persons.p1 + 300, 1)
            )
        ) as fr
    from persons, range(1, 3) as spell_rows (j)
    where u(persons.idx, 0, 'sy') < 0.045 and (spell_rows.j = 1 or u(persons.idx, 0, 'sy1') < 0.3)
)

select
    pid as person_id,
    fr as fra_dato,
    least(dadd(fr, 2 + floor(u(idx, k, 'sk3') * 30)), p - 1) as til_dato,
    u(idx, k, 'sk4') < 0.1 as delvis_raskmeldt
from pre_placement_sickness
union all
select
    pid as person_id,
    fr as fra_dato,
    case
        when u(idx, j, 'sy4') < 0.05 and fr > dadd(date '{{ gen.data_end }}', -200) then null
        else dadd(fr, 3 + floor(u(idx, j, 'sy3') * 150))
    end as til_dato,
    u(idx, j, 'sy5') < 0.1 as delvis_raskmeldt
from history_sickness
