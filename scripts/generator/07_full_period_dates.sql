-- The full trial period date (R19), exact, for courses in a trial a-kasse
-- placed from the first FLEUR day: the first weekday on which the hours of the
-- course's FLEUR ADAG periods and a-dagpenge løntilskud (spread evenly over
-- their weekdays, part-time hours x the conversion factor, R4) reach the
-- three-month threshold, in integer units ({{ gen.fte_hour_units }} a
-- full-time-equivalent hour).
create or replace temp table full_period_dates as
with trial_courses as (
    select
        idx,
        k
    from courses
    where list_contains({{ gen.trial_a_kasser }}, ak) and p >= date '{{ gen.fleur_first_day }}'
),

paid_records as (
    select
        fleur_periods.idx,
        fleur_periods.k,
        fleur_periods.periode_fra as a,
        wd(fleur_periods.periode_fra, fleur_periods.periode_til) as n,
        fleur_periods.ins,
        fleur_periods.timer,
        null as tpu
    from fleur_periods
    inner join trial_courses
        on fleur_periods.idx = trial_courses.idx and fleur_periods.k = trial_courses.k
    union all
    select
        course_segments.idx,
        course_segments.k,
        course_segments.s as a,
        wd(course_segments.s, course_segments.e) as n,
        null as ins,
        null as timer,
        course_segments.tpu
    from course_segments
    inner join trial_courses
        on course_segments.idx = trial_courses.idx and course_segments.k = trial_courses.k
    where course_segments.kind = 'LT'
),

-- the insurance status of a løntilskud day is that of the latest FLEUR record
-- starting on or before it (R4)
with_status as (
    select
        *,
        last_value(ins ignore nulls) over (
            partition by idx, k order by a
            rows between unbounded preceding and current row
        ) as st
    from paid_records
),

record_units as (
    select
        idx,
        k,
        a,
        n,
        case
            when tpu is null
                then (timer * 100)::bigint * (
                    case
                        when st = 'D' then {{ gen.part_time_hundredth_units }}
                        else {{ gen.full_time_hundredth_units }}
                    end
                )
            else (tpu * 100)::bigint * (
                case
                    when st = 'D' then {{ gen.part_time_weekday_units }}
                    else {{ gen.full_time_weekday_units }}
                end
            ) * n
        end as units
    from with_status
),

accumulated as (
    select
        *,
        coalesce(sum(units) over (
            partition by idx, k order by a
            rows between unbounded preceding and 1 preceding
        ), 0) as units_before
    from record_units
    where n > 0 and units > 0
)

select
    idx,
    k,
    min(
        wd_date(
            wd_before(a)
            + (({{ gen.three_months_units }} - units_before) * n + units - 1) // units - 1
        )
    ) as fpx
from accumulated
where
    units_before < {{ gen.three_months_units }}
    and units_before + units >= {{ gen.three_months_units }}
group by idx, k
