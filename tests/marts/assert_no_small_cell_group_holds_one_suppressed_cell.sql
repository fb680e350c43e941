-- R18, R22: the complementary suppression reached its fixed point: no group
-- of int_small_cell_groups (a total and its parts) holds exactly one
-- suppressed cell, which subtraction would recover. Returns such groups.
with

memberships as (
    select * from {{ ref('int_small_cell_groups') }}
),

suppression as (
    select * from {{ ref('int_small_cell_suppression') }}
),

final as (
    select
        memberships.group_id,
        count(*) filter (where suppression.is_suppressed) as suppressed_cells
    from memberships
    inner join suppression on memberships.cell_id = suppression.cell_id
    group by memberships.group_id
    having count(*) filter (where suppression.is_suppressed) = 1
)

select * from final
