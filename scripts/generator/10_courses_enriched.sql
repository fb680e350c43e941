-- Courses with their derived dates: the handover (tass_overgang), the
-- measurement windows of the jobcentre and the a-kasse, the focus target
-- window (R19-R22) and the interview propensities.
create or replace temp table courses_enriched as
with joined as (
    select
        courses.*,
        course_thresholds.m410,
        course_thresholds.m641,
        course_thresholds.fp,
        course_thresholds.fu,
        coalesce(course_thresholds.cum2023, 0) as cum2023,
        coalesce(addresses.kommune, courses.m1::smallint) as muni_p,
        full_period_dates.fpx
    from courses
    left join course_thresholds
        on courses.idx = course_thresholds.idx and courses.k = course_thresholds.k
    left join full_period_dates
        on courses.idx = full_period_dates.idx and courses.k = full_period_dates.k
    left join addresses
        on
            courses.idx = addresses.idx
            and courses.p between addresses.fra and coalesce(addresses.til, date '9999-12-31')
),

with_handover as (
    select
        *,
        case
            when m410 is null or last_day(m410) > date '{{ gen.data_end }}' then null
            when p >= date '{{ gen.new_regime_from }}'
                then
                    case
                        when u(idx, k, 'ov') < 0.05 then null
                        when
                            u(idx, k, 'ov') < 0.08 and m641 is not null
                            and last_day(m641) <= date '{{ gen.data_end }}'
                            then last_day(m641)
                        when u(idx, k, 'ov') < 0.12
                            then dadd(last_day(m410), -1 - floor(u(idx, k, 'ov2') * 10))
                        else last_day(m410)
                    end
            when
                p >= date '2023-01-01' and sp2s is not null
                and dadd(p, sp2s) >= date '{{ gen.new_regime_from }}'
                and cum2023 < {{ gen.a_kasse_part_h30 }}
                and m410 >= date '{{ gen.new_regime_from }}'
                and u(idx, k, 'ov') < 0.7
                then last_day(m410)
        end as overgang
    from joined
),

with_regime as (
    select
        *,
        p >= date '{{ gen.new_regime_from }}' as new_regime,
        least(dadd(p, coalesce(sp2e, sp1e)), date '{{ gen.data_end }}') as act_end,
        case when sp2s is not null then dadd(p, sp1e + 1) end as gap_s,
        case when sp2s is not null then dadd(p, sp2s - 1) end as gap_e,
        case
            when p >= date '{{ gen.new_regime_from }}' then coalesce(overgang, last_day(m410))
        end as trans_used,
        list_contains({{ gen.trial_a_kasser }}, ak)
        and p between date '{{ gen.trial_from }}' and date '{{ gen.trial_to }}' as trial
    from with_handover
),

with_windows as (
    select
        *,
        case when new_regime then coalesce(trans_used + 1, dadd(p, 91)) else p end as ws_jc,
        case
            when new_regime then greatest(coalesce(trans_used, dadd(p, 91)), dadd(p, 14))
            else greatest(coalesce(fp, dadd(p, 91)), dadd(p, 14))
        end as we_ak
    from with_regime
),

with_focus as (
    select
        *,
        fpx is not null and fpx >= date '{{ gen.focus_from }}' as focus,
        -- interviews fall on days of the spells from the placement date to the
        -- full period date (in the new regime: to the handover when that is earlier)
        case
            when new_regime and trans_used >= dadd(p, 60) and trans_used < fpx then trans_used
            else fpx
        end as we_f,
        case when sp2s is not null then dadd(p, sp2s) end as sp2_date
    from with_windows
),

focus_windows as (
    select
        *,
        (least(we_f, dadd(p, sp1e)) - p + 1)::int as win_a1,
        case
            when sp2_date is not null and we_f >= sp2_date then (we_f - sp2_date + 1)::int
            else 0
        end as win_a2
    from with_focus
),

-- the memo's published share of >= 2 counted a-kasse interviews per a-kasse
-- and report month; a null month: the a-kasse's mean for every other month
shares (s_ak, s_month, s_share) as (
    values
    {%- for share in gen.focus_shares %}
        {% if not loop.first %},{% endif %}(
            '{{ share.a_kasse }}', {{ share.month }}, {{ share.share }}
        )
    {%- endfor %}
)

-- courses_enriched is courses plus its derived columns (courses.* above)
select
    focus_windows.*,  -- noqa: AM04
    greatest(
        coalesce(focus_windows.fu, dadd(focus_windows.ws_jc, 182)), dadd(focus_windows.ws_jc, 30)
    ) as we_jc,
    -- jobcentre propensity: a persistent municipality effect plus a year effect
    0.62 + 0.28 * u(focus_windows.muni_p, 0, 'pijc')
    + 0.09 * u(focus_windows.muni_p, year(focus_windows.ws_jc), 'pijc_y') as pi_jc,
    case
        when focus_windows.trial
            then
                0.75 + 0.24 * u(
                    focus_windows.ak, year(focus_windows.p) * 12 + month(focus_windows.p), 'piak'
                )
        else 0.50 + 0.30 * u(focus_windows.ak, year(focus_windows.p), 'piak')
    end as pi_ak,
    -- focus target (R19-R22): a full trial period reported from the first
    -- focus window on; the chance of >= 2 counted a-kasse interviews is the
    -- memo's share of the a-kasse and report month (other months: its mean)
    case
        when focus_windows.focus then coalesce(month_share.s_share, mean_share.s_share)
    end as focus_share
from focus_windows
left join shares as month_share
    on
        focus_windows.focus and focus_windows.ak = month_share.s_ak
        and date_trunc('month', focus_windows.fpx) = month_share.s_month
left join shares as mean_share
    on focus_windows.focus and focus_windows.ak = mean_share.s_ak and mean_share.s_month is null
