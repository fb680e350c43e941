-- R22: the focus target by a-kasse and month for public release:
-- mart_focus_target_monthly with persons and persons_two_plus suppressed
-- (null) as int_small_cell_suppression says, and the share with either.
with

focus_target as (
    select * from {{ ref('mart_focus_target_monthly') }}
),

suppression as (
    select * from {{ ref('int_small_cell_suppression') }}
),

suppressed_counts as (
    select
        report_month,
        area_code as a_kasse,
        bool_or(is_suppressed) filter (where variable_name = 'persons') as persons,
        bool_or(is_suppressed) filter (where variable_name = 'persons_two_plus') as persons_two_plus
    from suppression
    where source_table = 'focus_target'
    group by report_month, area_code
),

flagged as (
    select
        focus_target.*,
        suppressed_counts.persons as persons_suppressed,
        suppressed_counts.persons_two_plus as two_plus_suppressed,
        suppressed_counts.persons or suppressed_counts.persons_two_plus as share_suppressed
    from focus_target
    inner join suppressed_counts
        on
            focus_target.report_month = suppressed_counts.report_month
            and focus_target.a_kasse = suppressed_counts.a_kasse
),

final as (
    select
        cast(a_kasse as varchar) as a_kasse,
        cast(report_month as date) as report_month,
        cast(period_code as varchar) as period_code,
        cast(case when not persons_suppressed then persons end as integer) as persons,
        cast(case when not two_plus_suppressed then persons_two_plus end as integer)
            as persons_two_plus,
        cast(case when not share_suppressed then share_two_plus end as double) as share_two_plus,
        cast(concat_ws(
            ',',
            case when persons_suppressed then 'persons' end,
            case when two_plus_suppressed then 'persons_two_plus' end,
            case when share_suppressed then 'share_two_plus' end
        ) as varchar) as suppressed_columns
    from flagged
)

select * from final
