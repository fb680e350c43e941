-- R18, R22: every count of the published measures as one cell resting on
-- persons, for the small-cell protection of the public variants: m1, the m2
-- buckets and m4 by month and area; persons and persons with two by month and
-- a-kasse. Each unit also gets a virtual cell that is never published but
-- follows from two published ones by subtraction (m1 - m4: persons not
-- meeting the requirement; persons - persons_two_plus): it is protected like
-- the others. A cell is primary-sensitive when it rests on 1 to
-- min_cell_count - 1 persons (zero cells are published).
with

early_effort as (
    select * from {{ ref('mart_early_effort_monthly') }}
),

focus_target as (
    select * from {{ ref('mart_focus_target_monthly') }}
),

early_effort_cells as (
    select
        'early_effort' as source_table,
        report_month,
        geo_level as area_level,
        geo_code as area_code,
        unnest([
            { 'variable': 'm1_persons', 'cell_value': m1_persons, 'is_virtual': false },
            { 'variable': 'm2_interviews_0', 'cell_value': m2_interviews_0, 'is_virtual': false },
            { 'variable': 'm2_interviews_1', 'cell_value': m2_interviews_1, 'is_virtual': false },
            { 'variable': 'm2_interviews_2', 'cell_value': m2_interviews_2, 'is_virtual': false },
            {
                'variable': 'm2_interviews_3plus',
                'cell_value': m2_interviews_3plus,
                'is_virtual': false
            },
            {
                'variable': 'm4_persons_meeting_requirement',
                'cell_value': m4_persons_meeting_requirement,
                'is_virtual': false
            },
            {
                'variable': 'm4_persons_not_meeting_requirement',
                'cell_value': m1_persons - m4_persons_meeting_requirement,
                'is_virtual': true
            }
        ]) as cell
    from early_effort
),

focus_target_cells as (
    select
        'focus_target' as source_table,
        report_month,
        'a_kasse' as area_level,
        a_kasse as area_code,
        unnest([
            { 'variable': 'persons', 'cell_value': persons, 'is_virtual': false },
            { 'variable': 'persons_two_plus', 'cell_value': persons_two_plus, 'is_virtual': false },
            {
                'variable': 'persons_fewer_than_two',
                'cell_value': persons - persons_two_plus,
                'is_virtual': true
            }
        ]) as cell
    from focus_target
),

unit_cells as (
    select * from early_effort_cells
    union all
    select * from focus_target_cells
),

cells as (
    select
        source_table,
        report_month,
        area_level,
        area_code,
        struct_extract(cell, 'variable') as variable_name,
        struct_extract(cell, 'cell_value') as cell_value,
        struct_extract(cell, 'is_virtual') as is_virtual
    from unit_cells
),

final as (
    select
        cast(
            concat_ws(
                '|',
                source_table,
                strftime(report_month, '%Y-%m'),
                area_level,
                area_code,
                variable_name
            )
            as varchar
        ) as cell_id,
        cast(source_table as varchar) as source_table,
        cast(report_month as date) as report_month,
        cast(area_level as varchar) as area_level,
        cast(area_code as varchar) as area_code,
        cast(variable_name as varchar) as variable_name,
        cast(cell_value as integer) as cell_value,
        cast(is_virtual as boolean) as is_virtual,
        cast(cell_value between 1 and {{ var('min_cell_count') }} - 1 as boolean) as is_primary
    from cells
)

select * from final
