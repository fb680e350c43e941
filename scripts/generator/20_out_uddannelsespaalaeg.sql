-- Register uddannelsespaalaeg: education orders, mostly of young persons (R14).
create or replace temp table out_uddannelsespaalaeg as
with ordered as (
    select
        *,
        dadd(p, -30 + floor(u(idx, k, 'up2') * 200)) as fr
    from courses
    where u(idx, k, 'up') < case when (p - birth) < 30 * 365.25 then 0.13 else 0.012 end
)

select
    pid as person_id,
    fr as fra_dato,
    case
        when u(idx, k, 'up4') < 0.10 then null
        else dadd(fr, 30 + floor(u(idx, k, 'up3') * 335))
    end as til_dato
from ordered
