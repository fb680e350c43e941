-- R18, R22: the complementary suppression reached its fixed point: no
-- geography group of int_small_cell_groups (a total and its parts) holds
-- exactly one suppressed cell, which subtraction would recover, and no unit
-- group is suppressed only in part. Returns the groups that break this.
with

memberships as (
    select * from {{ ref('int_small_cell_groups') }}
),

suppression as (
    select * from {{ ref('int_small_cell_suppression') }}
),

counted as (
    select
        memberships.group_id,
        memberships.group_kind,
        count(*) as cells,
        count(*) filter (where suppression.is_suppressed) as suppressed_cells
    from memberships
    inner join suppression on memberships.cell_id = suppression.cell_id
    group by memberships.group_id, memberships.group_kind
),

final as (
    select * from counted
    where
        (group_kind = 'geography' and suppressed_cells = 1)
        or (group_kind = 'unit' and suppressed_cells not in (0, cells))
)

select * from final
