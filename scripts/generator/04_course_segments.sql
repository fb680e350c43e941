-- The spells of each course cut at every change (spell start and end,
-- løntilskud start and end, insurance switch): one row per segment with its
-- kind (ADAG or LT), insurance status, daily rate and løntilskud weekly hours.
create or replace temp table course_segments as
with breakpoints as (
    select
        idx,
        pid,
        k,
        p,
        ak,
        ins_base,
        sw,
        sw_c,
        rate0,
        rate1,
        has_lt,
        lt_a,
        lt_b,
        sp1e,
        sp2s,
        sp2e,
        e,
        list_sort(list_distinct(list_filter(
            [0, sp1e + 1, sp2s, sp2e + 1, lt_a, lt_b + 1, sw_c, e + 1],
            lambda x: x is not null and x >= 0 and x <= e + 1
        ))) as bps
    from courses
),

pieces as (
    select
        *,
        unnest(range(1, len(bps))) as i
    from breakpoints
),

classified as (
    select
        *,
        bps[i] as s_off,
        bps[i + 1] - 1 as e_off,
        bps[i] <= sp1e or (sp2s is not null and bps[i] between sp2s and sp2e) as in_spell,
        has_lt and bps[i] between lt_a and lt_b as in_lt,
        sw_c is not null and bps[i] >= sw_c as post_sw
    from pieces
)

select
    idx,
    pid,
    k,
    i::int as seg,
    ak,
    dadd(p, s_off) as s,
    dadd(p, e_off) as e,
    case when in_lt then 'LT' else 'ADAG' end as kind,
    case when post_sw then (case sw when 'FD' then 'D' else 'F' end) else ins_base end as ins,
    case when post_sw then rate1 else rate0 end as rate,
    (case
        when
            (
                case when post_sw then (case sw when 'FD' then 'D' else 'F' end) else ins_base end
            ) = 'F'
            then (
                case
                    when u(idx, k, 'tpu') < 0.7 then 37.00
                    else round(15 + 22 * u(idx, k, 'tpu2'), 2)
                end
            )
        else (
            case
                when u(idx, k, 'tpu') < 0.7 then 30.00
                else round(10 + 20 * u(idx, k, 'tpu2'), 2)
            end
        )
    end)::decimal(5, 2) as tpu
from classified
where in_spell
