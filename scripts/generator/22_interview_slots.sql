-- Interview slots per course: jobcentre slots (src 'J': one before the
-- placement, one per planned interview of the window, two after it) and
-- a-kasse slots (src 'A'); for focus courses (R19-R22) a planned number of
-- counted interviews ('C') and some that do not count ('N') on four slots.
create or replace temp table interview_slots as
with jobcentre_slots as (
    select
        courses_enriched.*,
        'J' as src,
        slot_numbers.s::int as slot,
        case when courses_enriched.new_regime then 4 else 6 end as nslot
    from courses_enriched, range(0, 8) as slot_numbers (s)
),

jobcentre_dates as (
    select
        *,
        case
            when slot = 0
                then (
                    case
                        when r0 < p and u(idx, k * 10 + slot, 'jx') < 0.5
                            then (
                                case
                                    when u(idx, k, 'j0') < 0.3 then r0
                                    else dadd(r0, floor(u(idx, k, 'j0b') * (p - r0)))
                                end
                            )
                    end
                )
            when slot <= nslot
                then (
                    case
                        when u(idx, k * 10 + slot, 'jx') < pi_jc
                            then dadd(
                                ws_jc,
                                floor(
                                    (slot - 1 + 0.1 + 0.8 * u(idx, k * 10 + slot, 'jd'))
                                    / nslot * least((we_jc - ws_jc) + 1, 200)
                                )
                            )
                    end
                )
            when slot <= nslot + 2
                then (
                    case
                        when u(idx, k * 10 + slot, 'jx') < 0.5
                            then dadd(
                                we_jc,
                                10 + (slot - nslot - 1) * 60
                                + floor(u(idx, k * 10 + slot, 'jd') * 50)
                            )
                    end
                )
        end as dt
    from jobcentre_slots
),

a_kasse_slots as (
    select
        course.*,
        'A' as src,
        slot_numbers.s::int as slot,
        case when course.trial then 4 else 3 end as nslot,
        -- focus courses: a planned number of counted interviews (>= 2 with the
        -- memo's share) on 4 slots, starting at a random slot; a slot without a
        -- counted interview may hold one that does not count
        case
            when not course.focus then null
            when u(course.idx, course.k, 'fts') < course.focus_share
                then (
                    case
                        when u(course.idx, course.k, 'ftn') < 0.55 then 2
                        when u(course.idx, course.k, 'ftn') < 0.85 then 3
                        else 4
                    end
                )
            when u(course.idx, course.k, 'ftn') < 0.35 then 0
            else 1
        end as n_counted,
        (slot_numbers.s - 1 + floor(u(course.idx, course.k, 'ftr') * 4)::int) % 4 as fpos
    from courses_enriched as course, range(1, 5) as slot_numbers (s)
),

a_kasse_planned as (
    select
        *,
        case
            when focus
                then (
                    case
                        when fpos < n_counted then 'C'
                        when
                            u(idx, k * 10 + slot, 'ftx')
                            < case when n_counted < 2 then 0.5 else 0.25 end
                            then 'N'
                    end
                )
        end as planned_outcome,
        -- focus courses: position on the paid days from the placement date to the
        -- end of the window (spell 1, then spell 2), a few days before its end
        floor(
            (slot - 1 + 0.1 + 0.8 * u(idx, k * 10 + slot, 'ad')) / 4
            * greatest(win_a1 + win_a2 - 3, 1)
        )::int as fx
    from a_kasse_slots
),

a_kasse_dates as (
    select
        *,
        case
            when focus
                then (
                    case
                        when planned_outcome is not null
                            then (
                                case
                                    when fx < win_a1 then dadd(p, fx)
                                    else dadd(sp2_date, fx - win_a1)
                                end
                            )
                    end
                )
            when slot <= nslot and u(idx, k * 10 + slot, 'ax') < pi_ak
                then dadd(
                    p,
                    floor(
                        (slot - 1 + 0.1 + 0.8 * u(idx, k * 10 + slot, 'ad')) / nslot
                        * ((we_ak - p) + 1)
                    )
                )
        end as dt
    from a_kasse_planned
),

all_slots as (
    select
        idx,
        pid,
        k,
        p,
        ak,
        muni_p,
        src,
        slot,
        dt,
        act_end,
        gap_s,
        gap_e,
        null as planned_outcome
    from jobcentre_dates
    where dt is not null
    union all
    select
        idx,
        pid,
        k,
        p,
        ak,
        muni_p,
        src,
        slot,
        dt,
        act_end,
        gap_s,
        gap_e,
        planned_outcome
    from a_kasse_dates
    where dt is not null
)

select
    idx,
    pid,
    k,
    ak,
    muni_p,
    src,
    slot,
    dt,
    planned_outcome,
    (src = 'J' and slot = 0) or dt = min(dt) over (partition by idx, k, src) as first_of_src
from all_slots
where
    dt <= act_end and dt <= date '{{ gen.data_end }}'
    and not (
        gap_s is not null and dt between gap_s and gap_e and u(idx, k * 10 + slot, 'gp') >= 0.1
    )
