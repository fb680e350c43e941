-- R18, R22: which cells of the public variants are suppressed. Primary: a
-- cell resting on 1 to min_cell_count - 1 persons (int_small_cells).
-- Complementary, over the groups of int_small_cell_groups (a total and its
-- parts), all groups at once, round after round:
-- - a unit group (the counts of one month and area) with any suppressed
--   cell is suppressed whole, zeros and the total included, so that the
--   unit keeps enough unknowns to hide how its persons split;
-- - a geography group (a region and its kommuner, hele landet and the
--   regions) with exactly one suppressed cell would give it away by
--   subtraction: its smallest other non-zero cell (a zero cell last) is
--   suppressed too, and with it, in the next round, its unit.
-- until a round changes nothing (the fixed point; a data test proves it is
-- reached). A recursive CTE carries the whole state from round to round.
with recursive

cells as (
    select * from {{ ref('int_small_cells') }}
),

memberships as (
    select * from {{ ref('int_small_cell_groups') }}
),

member_cells as (
    select
        memberships.group_id,
        memberships.group_kind,
        cells.cell_id,
        cells.cell_value,
        cells.is_virtual
    from memberships
    inner join cells on memberships.cell_id = cells.cell_id
),

rounds (suppression_round, cell_id, is_suppressed, has_changed) as (
    select
        0 as suppression_round,
        cell_id,
        is_primary as is_suppressed,
        true as has_changed
    from cells
    union all
    select
        any_value(ranked.suppression_round) + 1 as suppression_round,
        ranked.cell_id,
        bool_or(ranked.is_suppressed or ranked.is_complement) as is_suppressed,
        -- is_complement is never true of a cell already suppressed (below)
        bool_or(bool_or(ranked.is_complement)) over () as has_changed
    from (
        select
            rounds.suppression_round,
            rounds.cell_id,
            rounds.is_suppressed,
            case
                when member_cells.group_kind = 'unit'
                    then count(*) filter (where rounds.is_suppressed) over (
                        partition by member_cells.group_id
                    ) >= 1
                else
                    count(*) filter (where rounds.is_suppressed) over (
                        partition by member_cells.group_id
                    ) = 1
                    and row_number() over (
                        partition by member_cells.group_id
                        order by
                            rounds.is_suppressed asc,
                            member_cells.cell_value = 0 asc,
                            member_cells.cell_value asc,
                            member_cells.cell_id asc
                    ) = 1
            end
            and not rounds.is_suppressed as is_complement
        from rounds
        inner join member_cells on rounds.cell_id = member_cells.cell_id
        where rounds.has_changed and rounds.suppression_round < {{ var('max_suppression_rounds') }}
    ) as ranked
    group by ranked.cell_id
),

final_round as (
    select max(suppression_round) as last_round
    from rounds
),

first_suppressed as (
    select
        cell_id,
        min(suppression_round) filter (where is_suppressed) as suppressed_in_round
    from rounds
    group by cell_id
),

final as (
    select
        cells.cell_id,
        cells.source_table,
        cells.report_month,
        cells.area_level,
        cells.area_code,
        cells.variable_name,
        cells.cell_value,
        cells.is_virtual,
        cells.is_primary,
        cast(rounds.is_suppressed as boolean) as is_suppressed,
        cast(first_suppressed.suppressed_in_round as integer) as suppressed_in_round,
        cast(final_round.last_round as integer) as rounds_run,
        cast(not rounds.has_changed as boolean) as is_fixed_point
    from cells
    cross join final_round
    inner join rounds
        on
            cells.cell_id = rounds.cell_id
            and final_round.last_round = rounds.suppression_round
    inner join first_suppressed on cells.cell_id = first_suppressed.cell_id
)

select * from final
