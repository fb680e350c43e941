with

source as (
    select * from {{ source('registers', 'plan_tilbud') }}
),

typed as (
    select
        source.file_row_number as source_row_number,
        trim(try_cast(source.person_id as varchar)) as person_id,
        trim(try_cast(source.tilbud as varchar)) as offer_type,
        trim(try_cast(source.ydelsesgrundlag as varchar)) as benefit_basis,
        try_cast(source.fra_dato as date) as valid_from,
        try_cast(source.til_dato as date) as valid_to,
        try_cast(source.timer_pr_uge as decimal(9, 2)) as hours_per_week,
        to_json(source) as raw_row
    from source
),

checked as (
    select
        *,
        {{ first_failing_check([
            (is_blank('person_id'), 'missing_person_id'),
            ('offer_type is null or ' ~ is_unknown_code('offer_type', 'offer_types', 'offer_type'), 'unknown_offer_type'),
            ('benefit_basis is null or ' ~ is_unknown_code('benefit_basis', 'offer_benefit_bases', 'benefit_basis'), 'unknown_benefit_basis'),
            ('valid_from is null or valid_to is null', 'missing_period'),
            ('valid_to < valid_from', 'end_before_start'),
            (is_implausible_date('valid_from') ~ ' or ' ~ is_implausible_date('valid_to'), 'implausible_date'),
            ('hours_per_week is null', 'missing_hours'),
            ('hours_per_week < 0', 'negative_hours'),
            ('hours_per_week > ' ~ var('max_hours_per_week'), 'absurd_hours'),
        ]) }} as reject_reason
    from typed
),

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
        {{ raw_row_if_rejected(with_duplicates=false) }} as raw_row
    from checked
)

select * from final
