-- R1: a benefit course runs from a placement date to the day before the
-- person's next placement date, or stays open.
with

placements as (
    select * from {{ ref('stg_taeller_dagpengeperiode') }}
),

ordered as (
    select
        person_id,
        placement_date,
        period_last_day,
        row_number() over (
            partition by person_id order by placement_date
        ) as course_number,
        lead(placement_date) over (
            partition by person_id order by placement_date
        ) as next_placement_date
    from placements
),

final as (
    select
        person_id,
        placement_date,
        course_number,
        next_placement_date - 1 as course_end,
        next_placement_date,
        period_last_day
    from ordered
)

select * from final
