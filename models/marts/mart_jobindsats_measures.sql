-- R18, R22: measures 1–4 of the early effort (by hele landet, region and
-- kommune) and the focus target (by a-kasse) in jobindsats.dk's long shape:
-- one row per period, area and measure (macro jobindsats_long_ctes).
with

early_effort as (
    select * from {{ ref('mart_early_effort_monthly') }}
),

focus_target as (
    select * from {{ ref('mart_focus_target_monthly') }}
),

measures as (
    select * from {{ ref('jobindsats_measures') }}
),

{{ jobindsats_long_ctes(with_suppression=false) }}

select * from final
