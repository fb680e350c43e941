-- R22: the focus target's summary for public release. The mean rests on the
-- monthly shares: with all but one of them published, a suppressed share
-- would follow from the mean, so average_share is suppressed whenever any
-- month of the a-kasse has a suppressed share. months_included, the goal
-- and whether it is met (one bit, decided on all months) stay published.
with

summary as (
    select * from {{ ref('mart_focus_target_summary') }}
),

monthly_public as (
    select * from {{ ref('mart_focus_target_monthly_public') }}
),

suppressed_months as (
    select
        a_kasse,
        count(*) filter (where suppressed_columns like '%share_two_plus%')
        > 0 as has_suppressed_month
    from monthly_public
    group by a_kasse
),

final as (
    select
        cast(summary.a_kasse as varchar) as a_kasse,
        cast(summary.months_included as integer) as months_included,
        cast(
            case
                when not suppressed_months.has_suppressed_month then summary.average_share
            end as double
        )
            as average_share,
        cast(summary.target_share as double) as target_share,
        cast(summary.meets_target as boolean) as meets_target,
        cast(
            case
                when suppressed_months.has_suppressed_month then 'average_share' else ''
            end as varchar
        )
            as suppressed_columns
    from summary
    inner join suppressed_months on summary.a_kasse = suppressed_months.a_kasse
)

select * from final
