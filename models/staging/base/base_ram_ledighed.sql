with

source as (
    select * from {{ source('registers', 'ram_ledighed') }}
),

typed as (
    select
        source.file_row_number as source_row_number,
        trim(try_cast(source.person_id as varchar)) as person_id,
        trim(try_cast(source.aar_uge as varchar)) as iso_week,
        trim(try_cast(source.a_kasse as varchar)) as a_kasse,
        try_cast(source.timer as decimal(9, 2)) as hours,
        trim(try_cast(source.forsikring as varchar)) as insurance_code,
        to_json(source) as raw_row
    from source
),

-- An ISO week is well formed when `YYYY-Www` parses and prints back to
-- itself: this rejects W00, W54 and W53 of a 52-week year.
weeks as (
    select
        *,
        cast(try_strptime(iso_week || '-1', '%G-W%V-%u') as date) as week_start
    from typed
),

checked as (
    select
        weeks.*,
        weeks.week_start + 4 as week_end,
        insurance_statuses.insurance_status,
        {{ first_failing_check([
            (is_blank('weeks.person_id'), 'missing_person_id'),
            ("not regexp_full_match(coalesce(weeks.iso_week, ''), '\\d{4}-W\\d{2}')"
                ~ " or weeks.week_start is null"
                ~ " or strftime(weeks.week_start, '%G-W%V') != weeks.iso_week", 'malformed_iso_week'),
            (is_implausible_date('weeks.week_start'), 'implausible_date'),
            (is_blank('weeks.a_kasse'), 'missing_a_kasse'),
            ('weeks.hours is null', 'missing_hours'),
            ('weeks.hours < 0', 'negative_hours'),
            ('weeks.hours > ' ~ var('max_hours_per_week'), 'absurd_hours'),
            ('insurance_statuses.insurance_status is null', 'unknown_insurance_code'),
        ]) }} as row_reject_reason
    from weeks
    left join {{ ref('insurance_statuses') }} as insurance_statuses
        on
            insurance_statuses.register = 'ram_ledighed'
            and weeks.insurance_code = insurance_statuses.source_code
),

numbered as (
    select
        *,
        {{ occurrence_among_valid(['person_id', 'iso_week']) }} as occurrence
    from checked
),

final as (
    select
        source_row_number,
        person_id,
        iso_week,
        week_start,
        week_end,
        a_kasse,
        hours,
        insurance_status,
        {{ reject_reason_with_duplicates('duplicate_person_week') }} as reject_reason,
        {{ raw_row_if_rejected() }} as raw_row
    from numbered
)

select * from final
