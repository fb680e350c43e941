-- R2, R3: every record of cumulative unemployment in one shape, whatever its
-- register: a period, its weekdays and the hours spread evenly over them.
with

ram_weeks as (
    select * from {{ ref('stg_ram_ledighed') }}
),

fleur_payments as (
    select * from {{ ref('stg_fleur_udbetaling') }}
),

offers as (
    select * from {{ ref('stg_plan_tilbud') }}
),

register_periods as (
    select * from {{ ref('register_periods') }}
),

benefit_types as (
    select * from {{ ref('benefit_types') }}
),

offer_types as (
    select * from {{ ref('offer_types') }}
),

offer_benefit_bases as (
    select * from {{ ref('offer_benefit_bases') }}
),

-- RAM: a-dagpenge weeks up to 2017-06-30, hours over the week's Mon–Fri.
-- Staging quarantined the weeks wholly outside RAM's register period; a week
-- straddling its edge counts on its days inside, at its own rate (R2, R3).
ram_records as (
    select
        ram_weeks.person_id,
        'RAM' as origin,
        ram_weeks.source_row_number,
        ram_weeks.a_kasse,
        ram_weeks.insurance_status,
        greatest(ram_weeks.week_start, register_periods.valid_from) as period_from,
        least(
            ram_weeks.week_end, coalesce(register_periods.valid_to, ram_weeks.week_end)
        ) as period_to,
        ram_weeks.week_start as paid_from,
        ram_weeks.week_end as paid_to,
        5 as weekdays,
        cast(ram_weeks.hours as decimal(14, 4)) as hours
    from ram_weeks
    inner join register_periods
        on register_periods.register = 'ram_ledighed'
),

-- FLEUR: a-dagpenge (ADAG) periods from 2017-07-01. A period straddling
-- 2017-07-01 counts from 2017-07-01 on, at its own rate: its hours stay
-- spread over all weekdays of the paid period (R2, R3); staging quarantined
-- the periods wholly before it.
fleur_records as (
    select
        fleur_payments.person_id,
        'FLEUR' as origin,
        fleur_payments.source_row_number,
        fleur_payments.a_kasse,
        fleur_payments.insurance_status,
        greatest(fleur_payments.period_from, register_periods.valid_from) as period_from,
        least(
            fleur_payments.period_to, coalesce(register_periods.valid_to, fleur_payments.period_to)
        ) as period_to,
        fleur_payments.period_from as paid_from,
        fleur_payments.period_to as paid_to,
        fleur_payments.weekdays,
        cast(fleur_payments.hours as decimal(14, 4)) as hours
    from fleur_payments
    inner join benefit_types
        on
            fleur_payments.benefit_type = benefit_types.benefit_type
            and benefit_types.is_unemployment
    inner join register_periods
        on register_periods.register = 'fleur_udbetaling'
),

-- Plandata: løntilskud financed by a-dagpenge, hours_per_week / 5 a weekday.
-- Multiplying by 0.2 keeps the DECIMAL exact (a DECIMAL division would not).
offer_records as (
    select
        offers.person_id,
        'PLANDATA' as origin,
        offers.source_row_number,
        cast(null as varchar) as a_kasse,
        cast(null as varchar) as insurance_status,
        offers.valid_from as period_from,
        offers.valid_to as period_to,
        offers.valid_from as paid_from,
        offers.valid_to as paid_to,
        {{ weekdays_between('offers.valid_from', 'offers.valid_to') }} as weekdays,
        cast(
            offers.hours_per_week
            * {{ weekdays_between('offers.valid_from', 'offers.valid_to') }}
            * 0.2 as decimal(14, 4)
        ) as hours
    from offers
    inner join offer_types
        on
            offers.offer_type = offer_types.offer_type
            and offer_types.counts_as_unemployment
    inner join offer_benefit_bases
        on
            offers.benefit_basis = offer_benefit_bases.benefit_basis
            and offer_benefit_bases.is_a_dagpenge
),

unioned as (
    select * from ram_records
    union all
    select * from fleur_records
    union all
    select * from offer_records
),

final as (
    select
        person_id,
        origin,
        source_row_number,
        a_kasse,
        insurance_status,
        period_from,
        period_to,
        paid_from,
        paid_to,
        weekdays,
        hours
    from unioned
)

select * from final
