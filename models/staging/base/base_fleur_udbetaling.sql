with

source as (
    select * from {{ source('registers', 'fleur_udbetaling') }}
),

insurance_statuses as (
    select * from {{ ref('insurance_statuses') }}
),

benefit_types as (
    select * from {{ ref('benefit_types') }}
),

register_periods as (
    select * from {{ ref('register_periods') }}
    where register = 'fleur_udbetaling'
),

typed as (
    select
        source.file_row_number as source_row_number,
        {{ clean_text('source.person_id') }} as person_id,
        {{ clean_text('source.a_kasse') }} as a_kasse,
        trim(try_cast(source.ydelse as varchar)) as benefit_type,
        try_cast(source.periode_fra as date) as period_from,
        try_cast(source.periode_til as date) as period_to,
        try_cast(source.timer as decimal(9, 2)) as hours,
        trim(try_cast(source.forsikring as varchar)) as insurance_code,
        {{ row_hash('fleur_udbetaling') }} as row_hash,
        source as raw_record
    from source
),

-- R2: a period wholly outside FLEUR's register period (before 2017-07-01)
-- is quarantined; one straddling its start is staged whole and clipped in
-- int_unemployment_payments. Part-time insured rows have their own maxima.
checked as (
    select
        typed.*,
        insurance_statuses.insurance_status,
        coalesce(benefit_types.is_unemployment, false) as is_unemployment,
        {{ weekdays_between('typed.period_from', 'typed.period_to') }} as weekdays,
        {{ first_failing_check([
            (is_blank('typed.person_id'), 'missing_person_id'),
        ] + unparseable_checks(
            [('periode_fra', 'typed.period_from'), ('periode_til', 'typed.period_to'), ('timer', 'typed.hours')],
            decimal_columns=['typed.hours'],
        ) + [
            (is_blank('typed.a_kasse'), 'missing_a_kasse'),
            ('benefit_types.benefit_type is null', 'unknown_benefit_type'),
            ('typed.period_from is null or typed.period_to is null', 'missing_period'),
            ('typed.period_to < typed.period_from', 'end_before_start'),
            (is_implausible_date('typed.period_from') ~ ' or ' ~ is_implausible_date('typed.period_to'), 'implausible_date'),
            ('typed.period_to < register_periods.valid_from or typed.period_from > register_periods.valid_to',
                'outside_register_period'),
            ('typed.hours is null', 'missing_hours'),
            ('typed.hours < 0', 'negative_hours'),
            ('typed.hours > ' ~ weekdays_between('typed.period_from', 'typed.period_to') ~ ' * case'
                ~ " when insurance_statuses.insurance_status = 'part_time' then "
                ~ var('max_part_time_hours_per_weekday') ~ ' else ' ~ var('max_hours_per_weekday') ~ ' end',
                'absurd_hours'),
            ('insurance_statuses.insurance_status is null', 'unknown_insurance_code'),
        ]) }} as row_reject_reason
    from typed
    left join register_periods on true
    left join insurance_statuses
        on
            insurance_statuses.register = 'fleur_udbetaling'
            and typed.insurance_code = insurance_statuses.source_code
    left join benefit_types
        on typed.benefit_type = benefit_types.benefit_type
),

{{ quarantine_steps('fleur_udbetaling', overlap={
    'from': 'period_from',
    'to': 'period_to',
    'condition': 'is_unemployment',
    'reason': 'overlapping_period',
}) }},

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
        raw_row
    from quarantined
)

select * from final
