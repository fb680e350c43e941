-- R22: the summary's mean and month count, recomputed from the monthly mart
-- by hand (sum of shares / number of months with persons), agree.
with

monthly as (
    select * from {{ ref('mart_focus_target_monthly') }}
),

summary as (
    select * from {{ ref('mart_focus_target_summary') }}
),

recomputed as (
    select
        a_kasse,
        sum(case when persons > 0 then 1 else 0 end) as months_included,
        sum(case when persons > 0 then share_two_plus else 0 end)
        / nullif(sum(case when persons > 0 then 1 else 0 end), 0) as average_share
    from monthly
    group by a_kasse
),

final as (
    select
        recomputed.a_kasse,
        recomputed.months_included,
        summary.months_included as summary_months_included,
        recomputed.average_share,
        summary.average_share as summary_average_share
    from recomputed
    full outer join summary on recomputed.a_kasse = summary.a_kasse
    where
        recomputed.a_kasse is null
        or summary.a_kasse is null
        or recomputed.months_included != summary.months_included
        or abs(coalesce(recomputed.average_share, -1) - coalesce(summary.average_share, -1)) > 1e-12
)

select * from final
