-- R24: at most one follow-up rule is in force on any day, so every report
-- month is judged by one rule. Returns the pairs of rows whose validity
-- overlaps (empty valid_from / valid_to = open).
with

rules as (
    select * from {{ ref('follow_up_rules') }}
),

numbered as (
    select
        *,
        row_number() over (order by valid_from nulls first, valid_to nulls last) as rule_number
    from rules
),

final as (
    select
        earlier.valid_from as earlier_valid_from,
        earlier.valid_to as earlier_valid_to,
        later.valid_from as later_valid_from,
        later.valid_to as later_valid_to
    from numbered as earlier
    inner join numbered as later
        on
            earlier.rule_number < later.rule_number
            and coalesce(earlier.valid_to >= later.valid_from, true)
            and coalesce(earlier.valid_from <= later.valid_to, true)
)

select * from final
