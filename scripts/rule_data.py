"""The project's rule data (seeds/*.csv) for Python: one loader for the sample
generator (scripts/generate_registers.py), the hypothesis strategies and the
reference implementation (tests/python).

Only reading and selecting, never a rule's logic:

* ``read_seed(name)`` gives the rows of ``seeds/<name>.csv`` as dicts with
  typed values, the type decided per column: ``true``/``false`` -> bool, ISO
  dates -> ``datetime.date``, integers -> int, decimals -> ``Decimal`` (exact),
  everything else -> str; an empty cell -> None. A column is typed only when
  every non-empty cell of it parses (``"1a"`` keeps a cohort subgroup column
  text).
* ``in_force(rows, day)`` keeps the rows whose validity ``[valid_from,
  valid_to]`` (both inclusive, empty = open) contains ``day``; ``row_on(rows,
  day, **key)`` is the one row of a key in force on a day (an error when there
  are two: the seeds' no_overlapping_validity test forbids that).
* ``latest_rule_date()`` is the latest ``valid_from`` / ``valid_to`` of every
  dated seed: the differential test's horizon reaches past it.

Which date selects a row is part of each rule (seeds/_seeds.yml says it);
callers pass that date.
"""
from __future__ import annotations

import csv
import re
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
VALID_FROM = "valid_from"
VALID_TO = "valid_to"

_INT = re.compile(r"-?[0-9]+")
_DECIMAL = re.compile(r"-?[0-9]+\.[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_BOOL = {"true": True, "false": False}

Row = dict[str, Any]


def _column_parser(values: Iterable[str]):
    """The parser of a column: the first of bool, date, int, Decimal that
    reads every non-empty cell, else str."""
    cells = [v for v in values if v != ""]
    candidates = (
        (lambda v: v in _BOOL, _BOOL.__getitem__),
        (_DATE.fullmatch, date.fromisoformat),
        (_INT.fullmatch, int),
        (lambda v: _DECIMAL.fullmatch(v) or _INT.fullmatch(v), Decimal),
    )
    if cells:
        for accepts, parse in candidates:
            if all(accepts(v) for v in cells):
                return parse
    return str


def _read_typed(path: Path) -> tuple[tuple[tuple[str, Any], ...], ...]:
    # keyed by the file's modification time: a test that rewrites a seed
    # reads the new rows
    return _read_typed_cached(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=None)
def _read_typed_cached(path: Path, _mtime_ns: int) -> tuple[tuple[tuple[str, Any], ...], ...]:
    with open(path, newline="", encoding="utf-8") as handle:
        raw = [{k.strip(): (v or "").strip() for k, v in r.items()} for r in csv.DictReader(handle)]
    if not raw:
        return ()
    parsers = {col: _column_parser(r[col] for r in raw) for col in raw[0]}
    return tuple(
        tuple((col, None if v == "" else parsers[col](v)) for col, v in r.items()) for r in raw
    )


def seed_path(name: str, seeds_dir: Path | None = None) -> Path:
    return Path(seeds_dir or SEEDS_DIR) / f"{name}.csv"


def has_seed(name: str, seeds_dir: Path | None = None) -> bool:
    return seed_path(name, seeds_dir).exists()


def read_seed(name: str, seeds_dir: Path | None = None) -> list[Row]:
    """The rows of seeds/<name>.csv in file order, typed per column (a fresh
    list of fresh dicts: callers may change them)."""
    return [dict(r) for r in _read_typed(seed_path(name, seeds_dir).resolve())]


def covers(first: date | None, last: date | None, day: date) -> bool:
    """[first, last] contains day; None at either end is open."""
    return (first is None or first <= day) and (last is None or day <= last)


def in_force(rows: Iterable[Mapping[str, Any]], day: date,
             start: str = VALID_FROM, end: str = VALID_TO) -> list[Mapping[str, Any]]:
    """The rows valid on ``day`` (valid_from <= day <= valid_to, empty = open)."""
    return [r for r in rows if covers(r.get(start), r.get(end), day)]


def row_on(rows: Iterable[Mapping[str, Any]], day: date, **key: Any) -> Mapping[str, Any] | None:
    """The one row matching ``key`` (column=value) that is in force on ``day``;
    None when there is none. Two rows in force for one key is an error."""
    found = [r for r in in_force(rows, day) if all(r.get(c) == v for c, v in key.items())]
    if len(found) > 1:
        raise ValueError(f"{len(found)} rows in force on {day} for {key}: validity overlaps")
    return found[0] if found else None


def seed_names(seeds_dir: Path | None = None) -> list[str]:
    return sorted(p.stem for p in Path(seeds_dir or SEEDS_DIR).glob("*.csv"))


def latest_rule_date(seeds_dir: Path | None = None) -> date:
    """The latest valid_from or valid_to in any seed that has those columns."""
    dates = [
        r[col]
        for name in seed_names(seeds_dir)
        for r in read_seed(name, seeds_dir)
        for col in (VALID_FROM, VALID_TO)
        if isinstance(r.get(col), date)
    ]
    if not dates:
        raise ValueError("no dated rule row in the seeds")
    return max(dates)


def end_of_next_year(day: date) -> date:
    return date(day.year + 1, 12, 31)


# --------------------------------------------------------------------------
# Selections the Python side shares (codes, dates and lists; no rule logic)
# --------------------------------------------------------------------------


def municipality_codes(seeds_dir: Path | None = None) -> list[int]:
    """The known municipality codes (not the 'unknown' row), ascending."""
    return sorted(r["municipality_code"] for r in read_seed("municipalities", seeds_dir) if not r["is_unknown"])


def trial_a_kasser(seeds_dir: Path | None = None) -> list[str]:
    """The a-kasser of the focus-target trial (R19), in seed order."""
    return [r["a_kasse"] for r in read_seed("a_kasser", seeds_dir) if r["is_trial"]]


def exemption_codes(table: int, seeds_dir: Path | None = None) -> list[int]:
    """The exemption codes of Tabel 1 or Tabel 2 (R12, R13), ascending."""
    return sorted(r["exemption_code"] for r in read_seed("exemption_codes", seeds_dir)
                  if r["exemption_table"] == table)


def register_period(register: str, seeds_dir: Path | None = None) -> tuple[date | None, date | None]:
    """(first, last day) a register is the source of a-dagpenge hours (R2)."""
    (row,) = [r for r in read_seed("register_periods", seeds_dir) if r["register"] == register]
    return row[VALID_FROM], row[VALID_TO]


def regime_dates(seeds_dir: Path | None = None) -> tuple[date, date]:
    """(new_regime_from, group_split_date) of the 2024 reform (R5, R7)."""
    (row,) = read_seed("early_effort_parameters", seeds_dir)
    return row["new_regime_from"], row["group_split_date"]


def hour_threshold(code: str, day: date, seeds_dir: Path | None = None) -> tuple[Decimal, Decimal]:
    """(full-time, part-time) hours of a threshold in force on ``day`` (R4)."""
    row = row_on(read_seed("hour_thresholds", seeds_dir), day, threshold_code=code)
    if row is None:
        raise ValueError(f"no hour threshold {code!r} in force on {day}")
    return row["full_time_hours"], row["part_time_hours"]


def insurance_conversion(seeds_dir: Path | None = None) -> tuple[Decimal, Decimal]:
    """(full-time, part-time) hours per day: part-time x full/part = FTE (R4)."""
    (row,) = read_seed("insurance_conversion", seeds_dir)
    return row["full_time_hours_per_day"], row["part_time_hours_per_day"]


def focus_target_windows(seeds_dir: Path | None = None) -> list[tuple[date, date | None]]:
    """(first, last report month) of the focus target's windows (R20)."""
    rows = read_seed("focus_target_windows", seeds_dir)
    start, end = (VALID_FROM, VALID_TO) if rows and VALID_FROM in rows[0] else ("window_from", "window_to")
    return [(r[start], r[end]) for r in rows]


def first_interview_exceptions(seeds_dir: Path | None = None) -> list[Row]:
    """The first-interview exceptions (R10), one row per allowed contact
    form: exception_name, municipality_code (None = everywhere), valid_from,
    valid_to (None = open), contact_form, rule_id; selected by the interview
    date (and the municipality)."""
    return read_seed("first_interview_exceptions", seeds_dir)
