-- The latest date each register records, over its staged rows. The
-- publication's "data through" is the latest day paid: payments are
-- registered after the period they pay, while addresses, offers or orders may
-- be registered ahead.
with

cpr_adresse as (
    select * from {{ ref('stg_cpr_adresse') }}
),

ram_ledighed as (
    select * from {{ ref('stg_ram_ledighed') }}
),

fleur_udbetaling as (
    select * from {{ ref('stg_fleur_udbetaling') }}
),

taeller_dagpengeperiode as (
    select * from {{ ref('stg_taeller_dagpengeperiode') }}
),

kmd_sygedagpenge as (
    select * from {{ ref('stg_kmd_sygedagpenge') }}
),

plan_tilbud as (
    select * from {{ ref('stg_plan_tilbud') }}
),

tass_samtale as (
    select * from {{ ref('stg_tass_samtale') }}
),

tass_fravaer as (
    select * from {{ ref('stg_tass_fravaer') }}
),

tass_tilmelding as (
    select * from {{ ref('stg_tass_tilmelding') }}
),

tass_overgang as (
    select * from {{ ref('stg_tass_overgang') }}
),

uddannelsespaalaeg as (
    select * from {{ ref('stg_uddannelsespaalaeg') }}
),

-- Payments count to the end of the period paid; interval registers to the
-- start of their latest interval (an end date may be planned, or open);
-- events to their date. cpr_person records births, no event.
latest_dates as (
    select
        'cpr_person' as register,
        cast(null as date) as latest_date
    union all
    select
        'cpr_adresse' as register,
        max(valid_from) as latest_date
    from cpr_adresse
    union all
    select
        'ram_ledighed' as register,
        max(week_end) as latest_date
    from ram_ledighed
    union all
    select
        'fleur_udbetaling' as register,
        max(period_to) as latest_date
    from fleur_udbetaling
    union all
    select
        'taeller_dagpengeperiode' as register,
        max(placement_date) as latest_date
    from taeller_dagpengeperiode
    union all
    select
        'kmd_sygedagpenge' as register,
        max(valid_from) as latest_date
    from kmd_sygedagpenge
    union all
    select
        'plan_tilbud' as register,
        max(valid_from) as latest_date
    from plan_tilbud
    union all
    select
        'tass_samtale' as register,
        max(interview_date) as latest_date
    from tass_samtale
    union all
    select
        'tass_fravaer' as register,
        max(valid_from) as latest_date
    from tass_fravaer
    union all
    select
        'tass_tilmelding' as register,
        max(valid_from) as latest_date
    from tass_tilmelding
    union all
    select
        'tass_overgang' as register,
        max(transition_date) as latest_date
    from tass_overgang
    union all
    select
        'uddannelsespaalaeg' as register,
        max(valid_from) as latest_date
    from uddannelsespaalaeg
),

final as (
    select
        cast(register as varchar) as register,
        cast(latest_date as date) as latest_date,
        register in ('ram_ledighed', 'fleur_udbetaling') as defines_data_through
    from latest_dates
)

select * from final
