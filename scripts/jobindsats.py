"""Export the long mart `mart_jobindsats_measures` (or its public variant) in
jobindsats.dk's shapes, so that anything built on jobindsats' downloads reads
ours.

One file pair per measure set (`tidlig_indsats`: measures 1-4 by area, R18;
`fokusmaal`: the focus target by a-kasse, R22):

- `<measure-set>.json`: `{"columns": [...], "rows": [[...], ...]}`, the
  layout of jobindsats' API v3 data answers: one row per area and period, the
  columns "Område", "Periode" and then one column per measure, headed by its
  Danish label, in the order of seed jobindsats_measures. Counts are JSON
  integers, shares JSON numbers (fractions in [0, 1], unrounded), a share
  without persons null, a suppressed cell the string "..".
- `<measure-set>.csv`: the same table as jobindsats' CSV downloads write it:
  `;` separated, a header row, decimal commas, `..` for a suppressed cell, an
  empty field for a value that does not exist, UTF-8.

The region "Uoplyst" (code 0) is left out of the files: it consists of the
kommune "Uoplyst" alone, so its values are that row's, and both would
otherwise share the area name "Uoplyst" within a period.

Used by the publisher: `write_jobindsats_files(con, "marts.mart_jobindsats_measures", out_dir)`.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

AREA_COLUMN = "Område"
PERIOD_COLUMN = "Periode"
SUPPRESSED = ".."
AREA_LEVEL_ORDER = {"hele_landet": 0, "region": 1, "kommune": 2, "a_kasse": 3}


def _area_sort_key(area_level: str, area_code: str) -> tuple:
    code = int(area_code) if area_code.isdigit() else area_code
    return (AREA_LEVEL_ORDER.get(area_level, 9), isinstance(code, str), code)


def _json_value(measure: str, value: float | None, is_suppressed: bool):
    if is_suppressed:
        return SUPPRESSED
    if value is None:
        return None
    if "share" not in measure and float(value).is_integer():
        return int(value)
    return float(value)


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    return repr(value).replace(".", ",")


def jobindsats_tables(con, relation: str) -> dict[str, dict]:
    """The relation's rows as jobindsats-style tables, one per measure set:
    {measure_set: {"columns": [...], "rows": [[...], ...]}}."""
    rows = con.execute(
        f"""
        select measure_set, measure, measure_label, measure_order,
               area_level, area_code, area, period, value, is_suppressed
        from {relation}
        where not (area_level = 'region' and area_code = '0')
        """
    ).fetchall()
    tables: dict[str, dict] = {}
    for measure_set in sorted({r[0] for r in rows}):
        in_set = [r for r in rows if r[0] == measure_set]
        measures = sorted({(r[3], r[1], r[2]) for r in in_set})
        column_of = {measure: i for i, (_, measure, _) in enumerate(measures)}
        cells: dict[tuple, list] = {}
        for (_, measure, _, _, level, code, area, period, value, suppressed) in in_set:
            key = (_area_sort_key(level, code), period, area)
            row = cells.setdefault(key, [None] * len(measures))
            row[column_of[measure]] = _json_value(measure, value, suppressed)
        tables[measure_set] = {
            "columns": [AREA_COLUMN, PERIOD_COLUMN, *(label for _, _, label in measures)],
            "rows": [[area, period, *values] for (_, period, area), values in sorted(cells.items())],
        }
    return tables


def write_jobindsats_files(con, relation: str, out_dir) -> list[Path]:
    """Write `<measure-set>.json` and `<measure-set>.csv` for every measure
    set of `relation` (a table in the long shape of mart_jobindsats_measures,
    readable through the DuckDB connection `con`) into out_dir; return the
    paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for measure_set, table in jobindsats_tables(con, relation).items():
        json_path = out / f"{measure_set}.json"
        json_path.write_text(json.dumps(table, ensure_ascii=False) + "\n", encoding="utf-8")
        csv_path = out / f"{measure_set}.csv"
        with csv_path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=";", lineterminator="\n")
            writer.writerow(table["columns"])
            for row in table["rows"]:
                writer.writerow([_csv_value(v) for v in row])
        written += [json_path, csv_path]
    return written
