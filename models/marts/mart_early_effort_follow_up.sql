-- R24: STAR's follow-up on the municipalities' early effort. Per municipality
-- and report month: does the month count against the municipality, how many
-- consecutive report months up to it do, and is it under follow-up. The runs
-- are islands over report months (gaps-and-islands), never rows per day.
with

monthly as (
    select * from {{ ref('mart_early_effort_monthly') }}
),

municipalities as (
    select * from {{ ref('municipalities') }}
),

rules as (
    select * from {{ ref('follow_up_rules') }}
),

-- Every municipality in every report month (the monthly mart has a row for
-- each, m1 = 0 included); 'Uoplyst' is no municipality and is not followed up.
municipality_months as (
    select
        monthly.report_month,
        municipalities.municipality_code,
        municipalities.municipality_name,
        municipalities.region_code,
        monthly.m1_persons,
        monthly.m4_persons_meeting_requirement,
        monthly.m4_share_meeting_requirement
    from monthly
    inner join municipalities
        on monthly.geo_code = cast(municipalities.municipality_code as varchar)
    where
        monthly.geo_level = 'kommune'
        and not municipalities.is_unknown
),

-- R24: the rule in force in the report month (dated seed, empty = open). A
-- month without a rule keeps its row with null parameters, which the
-- contract refuses; two rules in force would duplicate the primary key.
with_rule as (
    select
        municipality_months.*,
        rules.threshold_share,
        rules.run_length_months,
        rules.min_population,
        rules.small_month_breaks_run
    from municipality_months
    left join rules on {{ valid_on('rules', 'municipality_months.report_month') }}
),

-- R24: a month counts against the municipality when m1 reaches the minimum
-- population and m4 is below the threshold, compared exactly (integer m4
-- against decimal threshold × integer m1: 799 of 1000 counts, 800 does not).
-- A smaller month (m1 = 0 included) breaks the run, or is skipped when the
-- rule says so. A report month missing before this one also ends the run.
classified as (
    select
        *,
        m1_persons >= min_population
        and m4_persons_meeting_requirement < threshold_share * m1_persons as counts_against,
        m1_persons < min_population and not small_month_breaks_run as is_skipped,
        coalesce(
            lag(report_month) over (
                partition by municipality_code order by report_month
            ) != cast(report_month - interval 1 month as date),
            false
        ) as follows_gap
    from with_rule
),

-- An island starts at every month that neither counts nor is skipped, and
-- after a gap.
islands as (
    select
        *,
        sum(
            case when follows_gap or not (counts_against or is_skipped) then 1 else 0 end
        ) over (
            partition by municipality_code
            order by report_month
            rows between unbounded preceding and current row
        ) as run_id
    from classified
),

runs as (
    select
        *,
        count(*) filter (where counts_against) over (
            partition by municipality_code, run_id
            order by report_month
            rows between unbounded preceding and current row
        ) as months_counting_against
    from islands
),

final as (
    select
        cast(report_month as date) as report_month,
        {{ period_code('report_month') }} as period_code,
        cast(municipality_code as smallint) as municipality_code,
        cast(municipality_name as varchar) as municipality_name,
        cast(region_code as smallint) as region_code,
        cast(m1_persons as integer) as m1_persons,
        cast(m4_persons_meeting_requirement as integer) as m4_persons_meeting_requirement,
        cast(m4_share_meeting_requirement as double) as m4_share_meeting_requirement,
        cast(counts_against as boolean) as counts_against,
        cast(months_counting_against as integer) as months_counting_against,
        cast(
            counts_against and months_counting_against >= run_length_months as boolean
        ) as is_under_follow_up,
        cast(threshold_share as decimal(5, 4)) as threshold_share,
        cast(run_length_months as integer) as run_length_months,
        cast(min_population as integer) as min_population
    from runs
)

select * from final
