-- R17, R18, R22: the sums a reader of the public variants can use to recover
-- a cell by subtraction, each as a group of cells (one row per group and
-- member): one group is "total = sum of the other members" (the m2 buckets
-- sum to m1; m4 and the persons not meeting it sum to m1; persons with two
-- and persons with fewer sum to the focus target's persons; the kommuner of
-- a region sum to the region, the regions to hele landet, for every
-- variable_name).
with

cells as (
    select * from {{ ref('int_small_cells') }}
),

municipalities as (
    select * from {{ ref('municipalities') }}
),

-- Within one unit (month and area): its total and its parts.
unit_groups as (
    select
        concat_ws('|', source_table, strftime(report_month, '%Y-%m'), area_level, area_code, 'm2')
            as group_id,
        cell_id
    from cells
    where
        source_table = 'early_effort'
        and variable_name in (
            'm1_persons',
            'm2_interviews_0',
            'm2_interviews_1',
            'm2_interviews_2',
            'm2_interviews_3plus'
        )
    union all
    select
        concat_ws('|', source_table, strftime(report_month, '%Y-%m'), area_level, area_code, 'm4')
            as group_id,
        cell_id
    from cells
    where
        source_table = 'early_effort'
        and variable_name in (
            'm1_persons', 'm4_persons_meeting_requirement', 'm4_persons_not_meeting_requirement'
        )
    union all
    select
        concat_ws(
            '|', source_table, strftime(report_month, '%Y-%m'), area_level, area_code, 'focus'
        ) as group_id,
        cell_id
    from cells
    where source_table = 'focus_target'
),

-- Across units: a region and its kommuner, hele landet and the regions.
kommune_cells as (
    select
        cells.cell_id,
        cells.report_month,
        cells.variable_name,
        cast(municipalities.region_code as varchar) as region_code
    from cells
    inner join municipalities on cells.area_code = cast(municipalities.municipality_code as varchar)
    where cells.source_table = 'early_effort' and cells.area_level = 'kommune'
),

geography_groups as (
    select
        concat_ws(
            '|',
            'early_effort',
            strftime(cells.report_month, '%Y-%m'),
            'region',
            cells.area_code,
            cells.variable_name
        )
            as group_id,
        cells.cell_id
    from cells
    where cells.source_table = 'early_effort' and cells.area_level = 'region'
    union all
    select
        concat_ws(
            '|', 'early_effort', strftime(kommune_cells.report_month, '%Y-%m'), 'region',
            kommune_cells.region_code, kommune_cells.variable_name
        ) as group_id,
        kommune_cells.cell_id
    from kommune_cells
    union all
    select
        concat_ws(
            '|',
            'early_effort',
            strftime(cells.report_month, '%Y-%m'),
            'hele_landet',
            cells.variable_name
        )
            as group_id,
        cells.cell_id
    from cells
    where cells.source_table = 'early_effort' and cells.area_level in ('hele_landet', 'region')
),

final as (
    select
        cast(group_id as varchar) as group_id,
        cast('unit' as varchar) as group_kind,
        cast(cell_id as varchar) as cell_id
    from unit_groups
    union all
    select
        cast(group_id as varchar) as group_id,
        cast('geography' as varchar) as group_kind,
        cast(cell_id as varchar) as cell_id
    from geography_groups
)

select * from final
