-- R18, R22: the public variants publish the internal values unchanged: a
-- cell of mart_early_effort_monthly_public / mart_focus_target_monthly_public
-- is either the internal value or null, and it is null where the internal
-- value is not exactly when suppressed_columns names it; both have the same
-- rows. Compared in the long shape (macro jobindsats_cells). Returns
-- the cells that break this.
with

early_effort as (
    select * from {{ ref('mart_early_effort_monthly') }}
),

early_effort_public as (
    select * from {{ ref('mart_early_effort_monthly_public') }}
),

focus_target as (
    select * from {{ ref('mart_focus_target_monthly') }}
),

focus_target_public as (
    select * from {{ ref('mart_focus_target_monthly_public') }}
),

internal_cells as (
    select
        report_month,
        area_level,
        area_code,
        measure,
        measure_value as internal_value
    from ({{ jobindsats_cells('early_effort', 'focus_target') }}) as cells
),

public_cells as (
    select
        report_month,
        area_level,
        area_code,
        measure,
        measure_value as public_value,
        is_suppressed
    from (
        {{ jobindsats_cells('early_effort_public', 'focus_target_public', with_suppression=true) }}
    ) as cells
),

final as (
    select
        coalesce(internal_cells.report_month, public_cells.report_month) as report_month,
        coalesce(internal_cells.area_level, public_cells.area_level) as area_level,
        coalesce(internal_cells.area_code, public_cells.area_code) as area_code,
        coalesce(internal_cells.measure, public_cells.measure) as measure,
        internal_cells.internal_value,
        public_cells.public_value,
        public_cells.is_suppressed
    from internal_cells
    full outer join public_cells
        on
            internal_cells.report_month = public_cells.report_month
            and internal_cells.area_level = public_cells.area_level
            and internal_cells.area_code = public_cells.area_code
            and internal_cells.measure = public_cells.measure
    where
        internal_cells.measure is null
        or public_cells.measure is null
        or (public_cells.is_suppressed and public_cells.public_value is not null)
        or (
            not public_cells.is_suppressed
            and public_cells.public_value is distinct from internal_cells.internal_value
        )
)

select * from final
