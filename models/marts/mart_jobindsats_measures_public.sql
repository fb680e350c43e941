-- R18, R22: the long jobindsats shape for public release, from the public
-- wide marts: a suppressed cell has value null and is_suppressed true
-- (macro jobindsats_long_ctes).
with

early_effort as (
    select * from {{ ref('mart_early_effort_monthly_public') }}
),

focus_target as (
    select * from {{ ref('mart_focus_target_monthly_public') }}
),

measures as (
    select * from {{ ref('jobindsats_measures') }}
),

{{ jobindsats_long_ctes(with_suppression=true) }}

select * from final
