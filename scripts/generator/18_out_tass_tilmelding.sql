-- Register tass_tilmelding: registrations from the registration start to the
-- end of each spell (some split in two, some open), cut at the next course's
-- registration.
create or replace temp table out_tass_tilmelding as
with spell_ends as (
    select
        *,
        (p - r0) > 20 and u(idx, k, 'spl') < 0.3 as split,
        -- end of a spell's registration
        case
            when sp1e < e then dadd(p, sp1e)
            when next_p is null and cend = date '{{ gen.data_end }}' then null
            when next_p is not null then next_p - 1
            when u(idx, k, 'tr') < 0.4 then null
            else cend
        end as til1,
        case
            when sp2s is null then null
            when sp2e < e then dadd(p, sp2e)
            when next_p is null and cend = date '{{ gen.data_end }}' then null
            when next_p is not null then next_p - 1
            when u(idx, k, 'tr') < 0.4 then null
            else cend
        end as til2
    from courses
),

registrations as (
    select
        idx,
        pid,
        next_r0,
        r0 as fra,
        dadd(r0, (p - r0) // 3) as til
    from spell_ends
    where split
    union all
    select
        idx,
        pid,
        next_r0,
        case when split then dadd(r0, (p - r0) // 2) else r0 end as fra,
        til1 as til
    from spell_ends
    union all
    select
        idx,
        pid,
        next_r0,
        dadd(p, sp2s) as fra,
        til2 as til
    from spell_ends
    where sp2s is not null
),

cut_at_next_course as (
    select
        pid,
        fra,
        case
            when next_r0 is null then til else least(coalesce(til, date '9999-12-31'), next_r0 - 1)
        end as til
    from registrations
)

select
    pid as person_id,
    fra as fra_dato,
    til as til_dato
from cut_at_next_course
where til is null or til >= fra
