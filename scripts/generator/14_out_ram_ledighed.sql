-- Register ram_ledighed: one row per person and ISO week.
create or replace temp table out_ram_ledighed as
select
    pid as person_id,
    strftime(mon, '%G-W%V') as aar_uge,
    arg_max(ak, d0) as a_kasse,
    -- a week switching from full-time to part-time is part-time insured,
    -- at most 30 hours (the contract's part-time maximum)
    case arg_max(ins, d0)
        when 'D' then least(sum(timer), 30)
        else sum(timer)
    end::decimal(7, 2) as timer,
    case arg_max(ins, d0) when 'D' then 'DELTID' else 'FULDTID' end as forsikring
from ram_weeks
group by pid, mon
