-- R24: the runs of mart_early_effort_follow_up, computed there as islands,
-- checked month by month as a recurrence on the previous report month: a
-- month that counts adds one to the previous month's run (0 after a gap or
-- in the first month); a small month skipped by the rule keeps it; any other
-- month breaks it (0). Returns the rows that disagree.
with

follow_up as (
    select * from {{ ref('mart_early_effort_follow_up') }}
),

rules as (
    select * from {{ ref('follow_up_rules') }}
),

with_previous as (
    select
        follow_up.*,
        rules.small_month_breaks_run,
        previous.months_counting_against as previous_run
    from follow_up
    inner join rules
        on
            (rules.valid_from is null or follow_up.report_month >= rules.valid_from)
            and (rules.valid_to is null or follow_up.report_month <= rules.valid_to)
    left join follow_up as previous
        on
            follow_up.municipality_code = previous.municipality_code
            and previous.report_month = cast(follow_up.report_month - interval 1 month as date)
),

expected as (
    select
        *,
        case
            when counts_against then coalesce(previous_run, 0) + 1
            when m1_persons < min_population and not small_month_breaks_run
                then coalesce(previous_run, 0)
            else 0
        end as expected_run
    from with_previous
),

final as (
    select
        report_month,
        municipality_code,
        months_counting_against,
        expected_run
    from expected
    where months_counting_against != expected_run
)

select * from final
