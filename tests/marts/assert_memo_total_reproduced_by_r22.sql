-- R23: R22 (macro focus_target_mean: the unweighted mean of the months with
-- persons, blank months skipped; a published share in hundredths is the
-- fraction (share x 100) / 100) applied to the memo's published monthly
-- shares gives its Total row within one percentage point (the memo rounded
-- each month before publishing). Returns the a-kasser that differ more.
with

published_months as (
    select * from {{ ref('memo_focus_target_monthly') }}
),

published_totals as (
    select * from {{ ref('memo_focus_target_total') }}
),

recomputed as (
    select
        a_kasse,
        {{ focus_target_mean('share_two_plus * 100', 100, 'share_two_plus is not null') }}
            as average_share
    from published_months
    group by a_kasse
),

final as (
    select
        published_totals.a_kasse,
        published_totals.total_share,
        recomputed.average_share,
        abs(recomputed.average_share - published_totals.total_share) as difference
    from published_totals
    left join recomputed on published_totals.a_kasse = recomputed.a_kasse
    where
        recomputed.average_share is null
        or abs(recomputed.average_share - published_totals.total_share) > 0.01
)

select * from final
