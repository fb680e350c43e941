-- An auditor's explanation of one course's result in the early effort
-- (R1–R18): the course, its payments, threshold dates, group and why, the
-- measurement period, each interview with whether it counted or why not, the
-- exempt hours and MII days, the exclusion flags and the result.
--
--   scripts/analysis.py explain_early_effort_person --vars "{person_id: P00000042}"
--   scripts/analysis.py explain_early_effort_person \
--       --vars "{person_id: P00000042, placement_date: 2024-02-01}"   # a given course
--
-- or compile it yourself:
--   dbt compile -s explain_early_effort_person --vars '{person_id: P00000042}'
{% set person_id = var('person_id', '') %}
{% set placement_date = var('placement_date', '') %}

with

facts as (
    select * from {{ ref('fct_early_effort_person') }}
),

cohorts as (
    select * from {{ ref('int_early_effort_cohorts') }}
),

payments as (
    select * from {{ ref('int_unemployment_payments') }}
),

threshold_dates as (
    select * from {{ ref('int_course_threshold_dates') }}
),

interviews as (
    select * from {{ ref('int_early_effort_interviews') }}
),

exemption_intervals as (
    select * from {{ ref('int_exemption_intervals') }}
),

chosen as (
    select
        facts.*,
        cohorts.course_end,
        cohorts.is_registered_on_split_date,
        cohorts.is_below_a_kasse_part_on_split_date,
        cohorts.first_reregistration_date
    from facts
    inner join cohorts
        on
            facts.person_id = cohorts.person_id
            and facts.placement_date = cohorts.placement_date
    where
        facts.person_id = '{{ person_id }}'
        and (
            {{ placement_date == '' }}
            or facts.placement_date = try_cast('{{ placement_date }}' as date)
        )
    order by facts.placement_date desc
    limit 1
),

course_lines as (
    select
        1 as section_order,
        'course' as section,
        chosen.placement_date as item_date,
        'placement (R1)' as item,
        'course ends ' || coalesce(cast(chosen.course_end as varchar), 'open') as detail
    from chosen
    union all
    select
        1 as section_order,
        'course' as section,
        chosen.follow_up_date as item_date,
        'follow-up date, six months reached (R5)' as item,
        'report month ' || chosen.period_code
        || ', municipality ' || chosen.municipality_code
        || ', region ' || chosen.region_code || ' (R17)' as detail
    from chosen
    union all
    select
        2 as section_order,
        'group' as section,
        chosen.report_month as item_date,
        'group ' || chosen.cohort_subgroup || ' (R7)' as item,
        'registered on the split date: ' || chosen.is_registered_on_split_date
        || '; below the a-kasse-part hours that day: '
        || chosen.is_below_a_kasse_part_on_split_date
        || '; re-registered: ' || coalesce(cast(chosen.first_reregistration_date as varchar), 'no')
            as detail
    from chosen
    union all
    select
        2 as section_order,
        'group' as section,
        chosen.measurement_start as item_date,
        'measurement period (R8)' as item,
        coalesce(cast(chosen.measurement_start as varchar), 'none') || ' to '
        || cast(chosen.measurement_end as varchar)
        || coalesce(
            '; transition ' || cast(chosen.transition_date as varchar)
            || case when chosen.is_transition_date_derived then ' (derived)' else ' (handover)' end
            || ', hours then ' || cast(chosen.hours_at_transition as varchar) || ' (R15)',
            ''
        ) as detail
    from chosen
),

payment_lines as (
    select
        3 as section_order,
        'payments' as section,
        payments.period_from as item_date,
        payments.origin || ' to ' || cast(payments.period_to as varchar) || ' (R2, R3)' as item,
        cast(payments.hours as varchar) || ' hours over ' || payments.weekdays || ' weekdays'
        || coalesce(', ' || payments.insurance_status, '')
        || coalesce(', ' || payments.a_kasse, '') as detail
    from payments
    inner join chosen
        on
            payments.person_id = chosen.person_id
            and payments.period_to >= chosen.placement_date
            and payments.period_from <= chosen.follow_up_date
),

threshold_lines as (
    select
        4 as section_order,
        'thresholds' as section,
        threshold_dates.reached_date as item_date,
        threshold_dates.threshold_code || ' reached (R4)' as item,
        '' as detail
    from threshold_dates
    inner join chosen
        on
            threshold_dates.person_id = chosen.person_id
            and threshold_dates.placement_date = chosen.placement_date
),

interview_lines as (
    select
        5 as section_order,
        'interviews' as section,
        interviews.interview_date as item_date,
        interviews.interview_id || ' ' || interviews.interview_type || ' '
        || interviews.contact_form || ' by ' || interviews.held_by
        || ' (' || interviews.interview_status || ')' as item,
        case
            when interviews.is_counted then 'counted (R10)'
            else 'not counted: ' || interviews.reason_not_counted || ' (R10)'
        end
        || case
            when interviews.is_first_interview_exception
                then '; first-interview exception: ' || interviews.first_interview_exceptions
            else ''
        end
        || case
            when interviews.has_pre_placement_window
                then '; window from ' || cast(interviews.window_start as varchar) || ' (R11)'
            else ''
        end as detail
    from interviews
    inner join chosen
        on
            interviews.person_id = chosen.person_id
            and interviews.placement_date = chosen.placement_date
),

exemption_lines as (
    select
        6 as section_order,
        'exemptions' as section,
        exemption_intervals.valid_from as item_date,
        exemption_intervals.exemption_kind || ' to '
        || coalesce(cast(exemption_intervals.valid_to as varchar), 'open') as item,
        'merged registrations (R12, R13)' as detail
    from exemption_intervals
    inner join chosen
        on
            exemption_intervals.person_id = chosen.person_id
            and exemption_intervals.valid_from <= chosen.measurement_end
            and (
                exemption_intervals.valid_to is null
                or exemption_intervals.valid_to >= chosen.measurement_start
            )
),

result_lines as (
    select
        7 as section_order,
        'result' as section,
        chosen.follow_up_date as item_date,
        'exemptions and exclusions (R6, R12–R16)' as item,
        'exempt hours ' || cast(chosen.exempt_fte_hours as varchar) || ' of '
        || cast(chosen.period_fte_hours as varchar)
        || ' (share ' || round(chosen.exempt_hours_share, 4) || ')'
        || ', MII weekdays ' || chosen.mii_weekdays
        || '; age ' || chosen.is_outside_age || ', education order ' || chosen.has_education_order
        || ', late transition ' || chosen.is_late_transition
        || ', exemption share ' || chosen.exceeds_exemption_share
        || ', MII ' || chosen.has_less_intensive_effort
        || ' => ' || coalesce('excluded: ' || chosen.exclusion_reason, 'included') as detail
    from chosen
    union all
    select
        7 as section_order,
        'result' as section,
        chosen.follow_up_date as item_date,
        'interviews (R9, R10)' as item,
        chosen.interviews_counted || ' counted of ' || chosen.interviews_required
        || ' required, bucket ' || chosen.interview_bucket
        || ', meets requirement: ' || chosen.meets_requirement as detail
    from chosen
),

final as (
    select * from course_lines
    union all
    select * from payment_lines
    union all
    select * from threshold_lines
    union all
    select * from interview_lines
    union all
    select * from exemption_lines
    union all
    select * from result_lines
)

select
    section,
    item_date,
    item,
    detail
from final
order by section_order, item_date nulls first, item
