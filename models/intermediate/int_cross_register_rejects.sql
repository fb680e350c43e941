-- R6, issue 8: staged rows that break the contract only when read with
-- another register, listed with a reason (staging reads one register and
-- cannot see them).
with

persons as (
    select * from {{ ref('stg_cpr_person') }}
),

placements as (
    select * from {{ ref('stg_taeller_dagpengeperiode') }}
),

first_placements as (
    select
        person_id,
        min(placement_date) as first_placement_date
    from placements
    group by person_id
),

-- A person born after a placement date of their own cannot have been
-- placed in a dagpenge period: the birth date is implausible. R6 already
-- excludes such a course for age (under 16 on the follow-up date), so the
-- measures do not change; the row is listed so that it is seen.
births_after_placement as (
    select
        'cpr_person' as register,
        persons.source_row_number,
        persons.person_id,
        'birth_after_placement' as reject_reason
    from persons
    inner join first_placements
        on persons.person_id = first_placements.person_id
    where persons.birth_date > first_placements.first_placement_date
),

final as (
    select * from births_after_placement
)

select * from final
