-- R12, R13: exemption registrations merged per person (gaps-and-islands),
-- so that no day, and no hour, counts twice.
with

registrations as (
    select * from {{ ref('stg_tass_fravaer') }}
),

exemption_codes as (
    select * from {{ ref('exemption_codes') }}
),

-- Every registration with a code of Tabel 1 or 2 counts for the exemption
-- share (R12); Tabel 2 (MII) also for the MII weekdays (R13). Other codes
-- are ignored. An open end is carried as open (null) through the merge.
kinds as (
    select
        registrations.person_id,
        'exemption' as exemption_kind,
        registrations.valid_from,
        registrations.valid_to
    from registrations
    inner join exemption_codes on registrations.exemption_code = exemption_codes.exemption_code
    union all
    select
        registrations.person_id,
        'mii' as exemption_kind,
        registrations.valid_from,
        registrations.valid_to
    from registrations
    inner join exemption_codes
        on
            registrations.exemption_code = exemption_codes.exemption_code
            and exemption_codes.is_mii
),

-- An island starts where a registration begins after every earlier one of
-- the same person and kind has ended (adjacent registrations join).
ordered as (
    select
        person_id,
        exemption_kind,
        valid_from,
        valid_to,
        max(coalesce(valid_to, date '9999-12-31')) over (
            partition by person_id, exemption_kind
            order by valid_from, valid_to nulls last
            rows between unbounded preceding and 1 preceding
        ) as earlier_end
    from kinds
),

islands as (
    select
        *,
        sum(case when earlier_end is null or valid_from > earlier_end + 1 then 1 else 0 end) over (
            partition by person_id, exemption_kind
            order by valid_from, valid_to nulls last
            rows between unbounded preceding and current row
        ) as island_number
    from ordered
),

final as (
    select
        person_id,
        exemption_kind,
        min(valid_from) as valid_from,
        case
            when bool_or(valid_to is null) then null
            else max(valid_to)
        end as valid_to
    from islands
    group by person_id, exemption_kind, island_number
)

select * from final
