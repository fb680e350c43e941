-- R19–R21: one row per course with a full trial period in an a-kasse of the
-- trial, with its counted a-kasse job interviews.
with

courses as (
    select * from {{ ref('int_focus_target_courses') }}
),

interview_days as (
    select * from {{ ref('int_focus_target_interviews') }}
),

goal as (
    select * from {{ ref('focus_target_goal') }}
),

interview_counts as (
    select
        person_id,
        placement_date,
        count(*) as interviews_counted
    from interview_days
    group by person_id, placement_date
),

final as (
    select
        cast(courses.person_id as varchar) as person_id,
        cast(courses.a_kasse as varchar) as a_kasse,
        cast(courses.placement_date as date) as placement_date,
        cast(courses.full_period_date as date) as full_period_date,
        cast(courses.report_month as date) as report_month,
        {{ period_code('courses.report_month') }} as period_code,
        cast(courses.is_in_reporting_window as boolean) as is_in_reporting_window,
        cast(courses.outside_window_reason as varchar) as outside_window_reason,
        cast(coalesce(interview_counts.interviews_counted, 0) as integer) as interviews_counted,
        cast(
            coalesce(interview_counts.interviews_counted, 0) >= goal.min_interviews as boolean
        ) as has_two_interviews
    from courses
    left join goal on {{ valid_on('goal', 'courses.report_month') }}
    left join interview_counts
        on
            courses.person_id = interview_counts.person_id
            and courses.placement_date = interview_counts.placement_date
)

select * from final
