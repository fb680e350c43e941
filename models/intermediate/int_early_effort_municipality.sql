-- R17: the municipality of residence on the follow-up date.
with

cohorts as (
    select * from {{ ref('int_early_effort_cohorts') }}
),

addresses as (
    select * from {{ ref('stg_cpr_adresse') }}
),

municipalities as (
    select * from {{ ref('municipalities') }}
),

-- Overlapping address periods: the one that started last wins.
residence as (
    select
        cohorts.person_id,
        cohorts.placement_date,
        arg_max(
            addresses.municipality_code, (addresses.valid_from, addresses.source_row_number)
        ) as municipality_code
    from cohorts
    inner join addresses
        on
            cohorts.person_id = addresses.person_id
            and cohorts.follow_up_date >= addresses.valid_from
            and (addresses.valid_to is null or cohorts.follow_up_date <= addresses.valid_to)
    group by cohorts.person_id, cohorts.placement_date
),

-- No address known on the day: code 0, "Uoplyst" (region 0).
final as (
    select
        cohorts.person_id,
        cohorts.placement_date,
        municipalities.municipality_code,
        municipalities.municipality_name,
        municipalities.region_code
    from cohorts
    left join residence
        on
            cohorts.person_id = residence.person_id
            and cohorts.placement_date = residence.placement_date
    inner join municipalities
        on coalesce(residence.municipality_code, 0) = municipalities.municipality_code
)

select * from final
