with

source as (
    select * from {{ source('registers', 'fleur_udbetaling') }}
),

typed as (
    select
        source.file_row_number as source_row_number,
        trim(try_cast(source.person_id as varchar)) as person_id,
        trim(try_cast(source.a_kasse as varchar)) as a_kasse,
        trim(try_cast(source.ydelse as varchar)) as benefit_type,
        try_cast(source.periode_fra as date) as period_from,
        try_cast(source.periode_til as date) as period_to,
        try_cast(source.timer as decimal(9, 2)) as hours,
        trim(try_cast(source.forsikring as varchar)) as insurance_code,
        to_json(source) as raw_row
    from source
),

checked as (
    select
        typed.*,
        insurance_statuses.insurance_status,
        {{ weekdays_between('typed.period_from', 'typed.period_to') }} as weekdays,
        {{ first_failing_check([
            (is_blank('typed.person_id'), 'missing_person_id'),
            (is_blank('typed.a_kasse'), 'missing_a_kasse'),
            (is_unknown_code('typed.benefit_type', 'benefit_types', 'benefit_type')
                ~ ' or typed.benefit_type is null', 'unknown_benefit_type'),
            ('typed.period_from is null or typed.period_to is null', 'missing_period'),
            ('typed.period_to < typed.period_from', 'end_before_start'),
            (is_implausible_date('typed.period_from') ~ ' or ' ~ is_implausible_date('typed.period_to'), 'implausible_date'),
            ('typed.hours is null', 'missing_hours'),
            ('typed.hours < 0', 'negative_hours'),
            ('typed.hours > ' ~ var('max_hours_per_weekday') ~ ' * '
                ~ weekdays_between('typed.period_from', 'typed.period_to'), 'absurd_hours'),
            ('insurance_statuses.insurance_status is null', 'unknown_insurance_code'),
        ]) }} as reject_reason
    from typed
    left join {{ ref('insurance_statuses') }} as insurance_statuses
        on
            insurance_statuses.register = 'fleur_udbetaling'
            and typed.insurance_code = insurance_statuses.source_code
),

final as (
    select
        source_row_number,
        person_id,
        a_kasse,
        benefit_type,
        period_from,
        period_to,
        weekdays,
        hours,
        insurance_status,
        reject_reason,
        {{ raw_row_if_rejected(with_duplicates=false) }} as raw_row
    from checked
)

select * from final
