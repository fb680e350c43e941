with

source as (
    select * from {{ source('registers', 'plan_tilbud') }}
),

offer_types as (
    select * from {{ ref('offer_types') }}
),

offer_benefit_bases as (
    select * from {{ ref('offer_benefit_bases') }}
),

typed as (
    select
        source.file_row_number as source_row_number,
        {{ clean_text('source.person_id') }} as person_id,
        trim(try_cast(source.tilbud as varchar)) as offer_type,
        trim(try_cast(source.ydelsesgrundlag as varchar)) as benefit_basis,
        try_cast(source.fra_dato as date) as valid_from,
        try_cast(source.til_dato as date) as valid_to,
        try_cast(source.timer_pr_uge as decimal(9, 2)) as hours_per_week,
        {{ row_hash('plan_tilbud') }} as row_hash,
        source as raw_record
    from source
),

-- R2: løntilskud financed by a-dagpenge is paid unemployment, so two such
-- offers of a person must not overlap (quarantine_steps).
checked as (
    select
        typed.*,
        coalesce(offer_types.counts_as_unemployment and offer_benefit_bases.is_a_dagpenge, false)
            as is_paid_unemployment,
        {{ first_failing_check([
            (is_blank('typed.person_id'), 'missing_person_id'),
        ] + unparseable_checks(
            [('fra_dato', 'typed.valid_from'), ('til_dato', 'typed.valid_to'), ('timer_pr_uge', 'typed.hours_per_week')],
            decimal_columns=['typed.hours_per_week'],
        ) + [
            ('offer_types.offer_type is null', 'unknown_offer_type'),
            ('offer_benefit_bases.benefit_basis is null', 'unknown_benefit_basis'),
            ('typed.valid_from is null or typed.valid_to is null', 'missing_period'),
            ('typed.valid_to < typed.valid_from', 'end_before_start'),
            (is_implausible_date('typed.valid_from') ~ ' or ' ~ is_implausible_date('typed.valid_to'), 'implausible_date'),
            ('typed.hours_per_week is null', 'missing_hours'),
            ('typed.hours_per_week < 0', 'negative_hours'),
            ('typed.hours_per_week > ' ~ var('max_hours_per_week'), 'absurd_hours'),
        ]) }} as row_reject_reason
    from typed
    left join offer_types
        on typed.offer_type = offer_types.offer_type
    left join offer_benefit_bases
        on typed.benefit_basis = offer_benefit_bases.benefit_basis
),

{{ quarantine_steps('plan_tilbud', overlap={
    'from': 'valid_from',
    'to': 'valid_to',
    'condition': 'is_paid_unemployment',
    'reason': 'overlapping_period',
}) }},

final as (
    select
        source_row_number,
        person_id,
        offer_type,
        benefit_basis,
        valid_from,
        valid_to,
        hours_per_week,
        reject_reason,
        raw_row
    from quarantined
)

select * from final
