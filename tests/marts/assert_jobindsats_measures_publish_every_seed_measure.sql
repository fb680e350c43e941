-- R18, R22: every measure of seed jobindsats_measures is published in
-- mart_jobindsats_measures (the other direction, a label for every published
-- measure, is a relationships test of the mart). Returns the missing ones.
with

measures as (
    select * from {{ ref('jobindsats_measures') }}
),

published as (
    select * from {{ ref('mart_jobindsats_measures') }}
),

final as (
    select measures.measure
    from measures
    left join published on measures.measure = published.measure
    where published.measure is null
)

select * from final
