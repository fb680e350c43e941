with

source as (
    select * from {{ source('registers', 'ram_ledighed') }}
),

insurance_statuses as (
    select * from {{ ref('insurance_statuses') }}
),

register_periods as (
    select * from {{ ref('register_periods') }}
    where register = 'ram_ledighed'
),

typed as (
    select
        source.file_row_number as source_row_number,
        {{ clean_text('source.person_id') }} as person_id,
        trim(try_cast(source.aar_uge as varchar)) as iso_week,
        {{ clean_text('source.a_kasse') }} as a_kasse,
        try_cast(source.timer as decimal(9, 2)) as hours,
        trim(try_cast(source.forsikring as varchar)) as insurance_code,
        {{ row_hash('ram_ledighed') }} as row_hash,
        source as raw_record
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

-- R2: a week whose Mon–Fri lies wholly outside RAM's register period (after
-- 2017-06-30) is quarantined. Part-time insured rows have their own maximum.
checked as (
    select
        weeks.*,
        weeks.week_start + 4 as week_end,
        insurance_statuses.insurance_status,
        {{ first_failing_check([
            (is_blank('weeks.person_id'), 'missing_person_id'),
        ] + unparseable_checks([('timer', 'weeks.hours')], decimal_columns=['weeks.hours']) + [
            ("not regexp_full_match(coalesce(weeks.iso_week, ''), '\\d{4}-W\\d{2}')"
                ~ " or weeks.week_start is null"
                ~ " or strftime(weeks.week_start, '%G-W%V') != weeks.iso_week", 'malformed_iso_week'),
            (is_implausible_date('weeks.week_start'), 'implausible_date'),
            ('weeks.week_start + 4 < register_periods.valid_from or weeks.week_start > register_periods.valid_to',
                'outside_register_period'),
            (is_blank('weeks.a_kasse'), 'missing_a_kasse'),
            ('weeks.hours is null', 'missing_hours'),
            ('weeks.hours < 0', 'negative_hours'),
            ("weeks.hours > case when insurance_statuses.insurance_status = 'part_time' then "
                ~ var('max_part_time_hours_per_week') ~ ' else ' ~ var('max_hours_per_week') ~ ' end', 'absurd_hours'),
            ('insurance_statuses.insurance_status is null', 'unknown_insurance_code'),
        ]) }} as row_reject_reason
    from weeks
    left join register_periods on true
    left join insurance_statuses
        on
            insurance_statuses.register = 'ram_ledighed'
            and weeks.insurance_code = insurance_statuses.source_code
),

{{ quarantine_steps(
    'ram_ledighed', key_columns=['person_id', 'iso_week'], key_reason='duplicate_person_week'
) }},

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
        reject_reason,
        raw_row
    from quarantined
)

select * from final
