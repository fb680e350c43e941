-- R22, R23: the focus target in the memo's own layout (memo 000): report
-- months as rows (2020M11 …), the nine trial a-kasser as columns, whole
-- percentages, blank where an a-kasse had no persons, a Total row (R22 over
-- the months shown) and the 85 % goal marked.
--
--   dbt compile -s focus_target_memo_table --vars '{memo_from: 2020-11-01, memo_to: 2021-09-01}'
-- then run target/compiled/jobsamtaler/analyses/focus_target_memo_table.sql,
-- or: scripts/analysis.py focus_target_memo_table \
--       --vars '{memo_from: 2020-11-01, memo_to: 2021-09-01}'
-- depends_on: {{ ref('a_kasser') }}
{% set memo_from = var('memo_from', '2000-01-01') %}
{% set memo_to = var('memo_to', '2999-12-01') %}
{#- The columns: the trial a-kasser of seed a_kasser, in the memo's order. -#}
{% set trial_a_kasser = [] %}
{% if execute %}
    {% set trial_a_kasser = run_query(
        "select a_kasse from " ~ ref('a_kasser') ~ " where is_trial order by a_kasse"
    ).columns[0].values() %}
{% endif %}

with recursive

monthly as (
    select * from {{ ref('mart_focus_target_monthly') }}
),

goal as (
    select * from {{ ref('focus_target_goal') }}
),

shown as (
    select * from monthly
    where report_month between date '{{ memo_from }}' and date '{{ memo_to }}'
),

month_cells as (
    select
        report_month as sort_key,
        period_code as row_label,
        a_kasse,
        case
            when persons > 0 then cast(round(100 * share_two_plus) as integer) || ' %'
            else ''
        end as cell
    from shown
),

-- R22 over the months shown; '*' marks an a-kasse that meets the 85 % goal,
-- decided exactly (macro focus_target_goal_met_ctes).
{{ focus_target_goal_met_ctes('shown', 'goal') }},

totals as (
    select
        shown.a_kasse,
        {{ focus_target_mean('shown.persons_two_plus', 'shown.persons', 'shown.persons > 0') }}
            as average_share,
        any_value(focus_target_goal_met.meets_target) as meets_target
    from shown
    inner join focus_target_goal_met on shown.a_kasse = focus_target_goal_met.a_kasse
    group by shown.a_kasse
),

total_cells as (
    select
        date '9999-12-01' as sort_key,
        'Total (* = goal ' || cast(round(100 * goal.target_share) as integer) || ' % met)'
            as row_label,
        totals.a_kasse,
        coalesce(
            cast(round(100 * totals.average_share) as integer) || ' %'
            || case when totals.meets_target then ' *' else '' end,
            ''
        ) as cell
    from totals
    cross join goal
),

cells as (
    select * from month_cells
    union all
    select * from total_cells
),

final as (
    pivot cells
    on a_kasse in (
        {%- for a_kasse in trial_a_kasser %}
            '{{ a_kasse }}'{{ "," if not loop.last }}
        {%- endfor %}
    )
    using first(cell)
    group by sort_key, row_label
)

select final.* exclude (final.sort_key)  -- noqa: AM04
from final
order by final.sort_key
