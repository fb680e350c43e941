-- R18: measures 1–4 for public release: mart_early_effort_monthly with every
-- count suppressed (null) that int_small_cell_suppression suppresses, and
-- every share whose numerator or denominator is suppressed.
with

early_effort as (
    select * from {{ ref('mart_early_effort_monthly') }}
),

suppression as (
    select * from {{ ref('int_small_cell_suppression') }}
),

suppressed_counts as (
    select
        report_month,
        area_level,
        area_code,
        bool_or(is_suppressed) filter (where variable_name = 'm1_persons') as m1,
        bool_or(is_suppressed) filter (where variable_name = 'm2_interviews_0') as m2_0,
        bool_or(is_suppressed) filter (where variable_name = 'm2_interviews_1') as m2_1,
        bool_or(is_suppressed) filter (where variable_name = 'm2_interviews_2') as m2_2,
        bool_or(is_suppressed) filter (where variable_name = 'm2_interviews_3plus') as m2_3plus,
        bool_or(is_suppressed) filter (where variable_name = 'm4_persons_meeting_requirement') as m4
    from suppression
    where source_table = 'early_effort'
    group by report_month, area_level, area_code
),

flagged as (
    select
        early_effort.*,
        suppressed_counts.m1 as m1_suppressed,
        suppressed_counts.m2_0 as m2_0_suppressed,
        suppressed_counts.m2_1 as m2_1_suppressed,
        suppressed_counts.m2_2 as m2_2_suppressed,
        suppressed_counts.m2_3plus as m2_3plus_suppressed,
        suppressed_counts.m4 as m4_suppressed
    from early_effort
    inner join suppressed_counts
        on
            early_effort.report_month = suppressed_counts.report_month
            and early_effort.geo_level = suppressed_counts.area_level
            and early_effort.geo_code = suppressed_counts.area_code
),

-- A share goes with its numerator or its denominator (m1).
with_shares as (
    select
        *,
        m1_suppressed or m2_0_suppressed as m3_0_suppressed,
        m1_suppressed or m2_1_suppressed as m3_1_suppressed,
        m1_suppressed or m2_2_suppressed as m3_2_suppressed,
        m1_suppressed or m2_3plus_suppressed as m3_3plus_suppressed,
        m1_suppressed or m4_suppressed as m4_share_suppressed
    from flagged
),

final as (
    select
        cast(report_month as date) as report_month,
        cast(period_code as varchar) as period_code,
        cast(geo_level as varchar) as geo_level,
        cast(geo_code as varchar) as geo_code,
        cast(geo_name as varchar) as geo_name,
        cast(case when not m1_suppressed then m1_persons end as integer) as m1_persons,
        cast(case when not m2_0_suppressed then m2_interviews_0 end as integer) as m2_interviews_0,
        cast(case when not m2_1_suppressed then m2_interviews_1 end as integer) as m2_interviews_1,
        cast(case when not m2_2_suppressed then m2_interviews_2 end as integer) as m2_interviews_2,
        cast(case when not m2_3plus_suppressed then m2_interviews_3plus end as integer)
            as m2_interviews_3plus,
        cast(case when not m3_0_suppressed then m3_share_0 end as double) as m3_share_0,
        cast(case when not m3_1_suppressed then m3_share_1 end as double) as m3_share_1,
        cast(case when not m3_2_suppressed then m3_share_2 end as double) as m3_share_2,
        cast(case when not m3_3plus_suppressed then m3_share_3plus end as double) as m3_share_3plus,
        cast(case when not m4_suppressed then m4_persons_meeting_requirement end as integer)
            as m4_persons_meeting_requirement,
        cast(case when not m4_share_suppressed then m4_share_meeting_requirement end as double)
            as m4_share_meeting_requirement,
        cast(concat_ws(
            ',',
            case when m1_suppressed then 'm1_persons' end,
            case when m2_0_suppressed then 'm2_interviews_0' end,
            case when m2_1_suppressed then 'm2_interviews_1' end,
            case when m2_2_suppressed then 'm2_interviews_2' end,
            case when m2_3plus_suppressed then 'm2_interviews_3plus' end,
            case when m3_0_suppressed then 'm3_share_0' end,
            case when m3_1_suppressed then 'm3_share_1' end,
            case when m3_2_suppressed then 'm3_share_2' end,
            case when m3_3plus_suppressed then 'm3_share_3plus' end,
            case when m4_suppressed then 'm4_persons_meeting_requirement' end,
            case when m4_share_suppressed then 'm4_share_meeting_requirement' end
        ) as varchar) as suppressed_columns
    from with_shares
)

select * from final
