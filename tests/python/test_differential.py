"""Differential test: the dbt project against the independent Python
reference implementation (tests/python/reference/measures.py), on register
sets drawn by Hypothesis (strategies.py) that follow the data contract and
crowd the boundaries of R1-R23.

Hypothesis draws the examples (batches of many persons); then the examples
are judged in groups: the persons of a group, their ids tagged with their
example's number (E003-X012) so that examples stay apart, are written as one
set of twelve registers, dbt runs once on it (seeds and the models behind the
two facts and the marts), and the run reads
marts.fct_early_effort_person and marts.fct_focus_target_person, call
`reference.measures.compute(raw_dir)` and compare row by row on
(person_id, placement_date): the same keys, every column equal (dates as
dates, the exemption share within 1e-9 of the reference's Fraction,
booleans, integers, strings). The marts mart_early_effort_monthly (m1, m2
buckets, m4 per report month and geography) and mart_focus_target_monthly
(persons, persons_two_plus per a-kasse and month) are compared with the
reference's `monthly_early_effort(rows)` / `monthly_focus_target(rows)`.

Every discrepancy names the example, the key, the column and both values;
the example's registers are kept in a folder (printed), with one sub-folder
per person that differs holding only that person's rows (persons never
interact, so that is the minimal case). Replay a folder with

    .venv/bin/python tests/python/test_differential.py <raw_dir> [person_id ...]

Profiles: by default (CI) a bounded, reproducible run: one derandomized
Hypothesis run, DIFF_CI_EXAMPLES examples of 46-66 persons each (about 500
persons), all judged by one dbt build. `pytest --slow` or JOBSAMTALER_SLOW=1:
DIFF_SLOW_EXAMPLES examples of 66-86 persons (about 20,000 persons), judged
SLOW_EXAMPLES_PER_BUILD to a dbt build, from short Hypothesis runs with
consecutive seeds starting at a random one (printed; JOBSAMTALER_DIFF_SEED
repeats it). A batch whose
persons are mostly ones already judged (Hypothesis repeats and mutates
batches) is not judged. JOBSAMTALER_DIFF_EXAMPLES overrides the number of
examples in either profile; JOBSAMTALER_DIFF_DIR chooses where failing examples
are kept (default: under pytest's basetemp); JOBSAMTALER_REFERENCE may point
to another measures.py to test against.

The mart_focus_target_summary (months, mean share, goal met) is compared
too when monthly_focus_target returns {"monthly": ..., "summary": ...}.

The same run asserts that the strategies produce registers dbt builds with
no quarantined row, and that the CI examples reach every cohort subgroup,
every exclusion reason, every interview bucket and the focus target.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import random
import shutil
import sys
import time
import traceback
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, Iterable, Mapping

import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings

from conftest import PROJECT_DIR, DbtResult, run_dbt
from registers import CONTRACT, write_registers
from strategies import RegisterBatch, register_batches, validate_contract

FIRST_REPORT_MONTH = date(2023, 1, 1)
REFERENCE_PATH = Path(__file__).resolve().parent / "reference" / "measures.py"

DIFF_CI_EXAMPLES = 10  # examples (batches of persons), all judged by one dbt build
CI_SPARE_DRAWS = 2  # the derandomized run's first two draws are the same batch
DIFF_SLOW_EXAMPLES = 300
SLOW_EXAMPLES_PER_BUILD = 20  # slow profile: about 1,400 persons a dbt build
NOVELTY = 0.25  # judge a batch when at least this share of its persons is new

# One dbt build per group of examples: seeds and the models behind the facts and marts
# (staging's quarantine included), no data tests (the differential is the test).
DBT_ARGS = [
    "build",
    "--select",
    "+fct_early_effort_person",
    "+fct_focus_target_person",
    "+mart_early_effort_monthly",
    "+mart_focus_target_monthly",
    "+mart_focus_target_summary",
    "+stg_rejected_rows",
    "--resource-type",
    "model",
    "--resource-type",
    "seed",
]

EE_KEY = ("person_id", "placement_date")
# column -> kind used to normalise both sides before comparing
EE_COLUMNS: dict[str, str] = {
    "person_id": "str",
    "placement_date": "date",
    "follow_up_date": "date",
    "report_month": "date",
    "cohort_group": "str",
    "cohort_subgroup": "str",
    "municipality_code": "int",
    "measurement_start": "date",
    "measurement_end": "date",
    "transition_date": "date",
    "exempt_hours_share": "share",
    "mii_weekdays": "int",
    "is_excluded": "bool",
    "exclusion_reason": "str",
    "interviews_counted": "int",
    "interview_bucket": "str",
    "interviews_required": "int",
    "meets_requirement": "bool",
}
FT_COLUMNS: dict[str, str] = {
    "person_id": "str",
    "a_kasse": "str",
    "placement_date": "date",
    "full_period_date": "date",
    "report_month": "date",
    "is_in_reporting_window": "bool",
    "outside_window_reason": "str",
    "interviews_counted": "int",
    "has_two_interviews": "bool",
}
EE_MART_KEY = ("report_month", "geo_level", "geo_code")
EE_MART_COUNTS = [
    "m1_persons",
    "m2_interviews_0",
    "m2_interviews_1",
    "m2_interviews_2",
    "m2_interviews_3plus",
    "m4_persons_meeting_requirement",
]
EE_MART_SHARES = [
    "m3_share_0",
    "m3_share_1",
    "m3_share_2",
    "m3_share_3plus",
    "m4_share_meeting_requirement",
]
FT_MART_KEY = ("a_kasse", "report_month")
FT_MART_COUNTS = ["persons", "persons_two_plus"]
FT_MART_SHARES = ["share_two_plus"]
FT_SUMMARY_COLUMNS: dict[str, str] = {
    "a_kasse": "str",
    "months_included": "int",
    "average_share": "share",
    "meets_target": "bool",
}

REQUIRED_SUBGROUPS = {"1a", "1b", "1c", "2a", "2b", "2c", "3"}
REQUIRED_REASONS = {"age", "education_order", "late_transition", "exemption_share", "less_intensive_effort"}
REQUIRED_BUCKETS = {"0", "1", "2", "3+"}

SHARE_TOLERANCE = Fraction(1, 10**9)

# --------------------------------------------------------------------------
# Normalising and comparing
# --------------------------------------------------------------------------


class _Unparsable:
    """A value that could not be normalised: shown as is, never equal."""

    def __init__(self, value: Any):
        self.value = value

    def __eq__(self, other: object) -> bool:
        return False

    def __repr__(self) -> str:
        return f"{self.value!r} (unparsable)"


def normalise(value: Any, kind: str) -> Any:
    if value is None:
        return None
    try:
        if kind == "date":
            if isinstance(value, datetime):
                return value.date()
            if isinstance(value, date):
                return value
            return date.fromisoformat(str(value)[:10])
        if kind == "int":
            if isinstance(value, bool):
                return _Unparsable(value)
            if isinstance(value, (int, str)):
                return int(value)
            if isinstance(value, (float, Decimal, Fraction)) and value == int(value):
                return int(value)
            return _Unparsable(value)
        if kind == "bool":
            if isinstance(value, bool):
                return value
            if hasattr(value, "item"):  # numpy bool
                return bool(value.item())
            return _Unparsable(value)
        if kind == "share":
            if isinstance(value, float):
                return Fraction(value)
            return Fraction(value)
        if kind == "str":
            return str(value)
    except (TypeError, ValueError):
        return _Unparsable(value)
    raise ValueError(kind)


def values_equal(a: Any, b: Any, kind: str) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if kind == "share":
        if isinstance(a, _Unparsable) or isinstance(b, _Unparsable):
            return False
        return abs(a - b) <= SHARE_TOLERANCE
    return a == b


def show(value: Any) -> str:
    if isinstance(value, Fraction):
        if value.denominator > 10**6:  # a double read from dbt
            return f"{float(value)!r}"
        return f"{value} (≈ {float(value):.12g})"
    if isinstance(value, date):
        return f"{value.isoformat()} ({value.strftime('%a')})"
    return repr(value)


@dataclass
class Discrepancy:
    example: int
    table: str
    key: tuple
    column: str
    dbt: Any
    reference: Any
    detail: str = ""

    @property
    def person_id(self) -> str | None:
        if self.table in ("fct_early_effort_person", "fct_focus_target_person") and self.key:
            return str(self.key[0])
        return None

    def line(self) -> str:
        key = ", ".join(show(k) if isinstance(k, date) else str(k) for k in self.key)
        line = f"[example {self.example}] {self.table} ({key}) {self.column}: dbt {show(self.dbt)} vs reference {show(self.reference)}"
        return line + (f" -- {self.detail}" if self.detail else "")


def _rows(result: Any) -> list[Mapping[str, Any]]:
    """The reference's rows, whatever reasonable container it returns."""
    if result is None:
        return []
    if hasattr(result, "to_dict"):  # a data frame
        return list(result.to_dict("records"))
    if isinstance(result, Mapping):
        out = []
        for k, v in result.items():
            if isinstance(v, Mapping):
                out.append(dict(v))
            else:
                raise TypeError(f"cannot read rows from a mapping of {type(v).__name__} (key {k!r})")
        return out
    out = []
    for r in result:
        if isinstance(r, Mapping):
            out.append(dict(r))
        elif hasattr(r, "_asdict"):
            out.append(r._asdict())
        elif hasattr(r, "__dataclass_fields__"):
            out.append({f: getattr(r, f) for f in r.__dataclass_fields__})
        else:
            out.append(dict(vars(r)))
    return out


def compare_rows(
    example: int,
    table: str,
    columns: Mapping[str, str],
    key: tuple[str, ...],
    dbt_rows: list[Mapping[str, Any]],
    ref_rows: list[Mapping[str, Any]],
) -> list[Discrepancy]:
    """Row by row on `key`: missing and extra keys, then every column."""
    out: list[Discrepancy] = []

    def index(rows, side):
        idx: dict[tuple, dict[str, Any]] = {}
        for r in rows:
            k = tuple(normalise(r.get(c), columns[c]) for c in key)
            if k in idx:
                out.append(Discrepancy(example, table, k, "<duplicate key>", "dup" if side == "dbt" else None,
                                       "dup" if side == "reference" else None))
            idx[k] = r
        return idx

    d_idx, r_idx = index(dbt_rows, "dbt"), index(ref_rows, "reference")
    for k in sorted(set(d_idx) | set(r_idx), key=repr):
        d, r = d_idx.get(k), r_idx.get(k)
        if d is None or r is None:
            present = d if d is not None else r
            summary = ", ".join(f"{c}={show(normalise(present.get(c), kind))}"
                                for c, kind in columns.items() if c not in key)
            out.append(Discrepancy(example, table, k, "<row>",
                                   "present" if d is not None else "missing",
                                   "present" if r is not None else "missing", detail=summary))
            continue
        for c, kind in columns.items():
            if c in key:
                continue
            if c not in r:
                out.append(Discrepancy(example, table, k, c, normalise(d.get(c), kind), "<column missing>"))
                continue
            dv, rv = normalise(d.get(c), kind), normalise(r.get(c), kind)
            if not values_equal(dv, rv, kind):
                out.append(Discrepancy(example, table, k, c, dv, rv))
    return out


def compare_marts(
    example: int,
    table: str,
    key: tuple[str, ...],
    key_kinds: tuple[str, ...],
    counts: list[str],
    shares: list[str],
    dbt_rows: list[Mapping[str, Any]],
    ref_rows: list[Mapping[str, Any]],
) -> list[Discrepancy]:
    """Counts on the union of keys, a row missing on one side reading as all
    zeros (the dbt marts list every month and geography, also empty ones);
    shares only where both sides have the row."""
    out: list[Discrepancy] = []

    def index(rows):
        return {tuple(normalise(r.get(c), kd) for c, kd in zip(key, key_kinds)): r for r in rows}

    d_idx, r_idx = index(dbt_rows), index(ref_rows)
    for k in sorted(set(d_idx) | set(r_idx), key=repr):
        d, r = d_idx.get(k), r_idx.get(k)
        if d is None or r is None:
            # a row on one side only must hold nothing but zeros
            present = d if d is not None else r
            nonzero = {c: present.get(c) for c in counts if present.get(c) not in (None, 0)}
            if nonzero:
                out.append(Discrepancy(example, table, k, "<row>",
                                       "present" if d is not None else "missing",
                                       "present" if r is not None else "missing",
                                       detail=", ".join(f"{c}={v}" for c, v in nonzero.items())))
            continue
        for c in counts:
            # a count left out of a row reads as 0
            dv = normalise(d.get(c), "int") if d.get(c) is not None else 0
            rv = normalise(r.get(c), "int") if r.get(c) is not None else 0
            if not values_equal(dv, rv, "int"):
                out.append(Discrepancy(example, table, k, c, dv, rv))
        for c in shares:
            if c not in r:
                continue
            dv, rv = normalise(d.get(c), "share"), normalise(r.get(c), "share")
            if not values_equal(dv, rv, "share"):
                out.append(Discrepancy(example, table, k, c, dv, rv))
    return out


# --------------------------------------------------------------------------
# dbt and the reference on one register folder
# --------------------------------------------------------------------------


def read_dbt(result: DbtResult) -> dict[str, list[dict[str, Any]]]:
    def rows(sql: str) -> list[dict[str, Any]]:
        import duckdb

        con = duckdb.connect(str(result.database), read_only=True)
        try:
            cur = con.execute(sql)
            names = [d[0] for d in cur.description]
            return [dict(zip(names, r)) for r in cur.fetchall()]
        finally:
            con.close()

    return {
        "early_effort": rows(
            "select *, is_transition_date_derived as _derived from marts.fct_early_effort_person "
            "order by person_id, placement_date"
        ),
        "focus_target": rows("select * from marts.fct_focus_target_person order by person_id, placement_date"),
        "mart_early_effort_monthly": rows("select * from marts.mart_early_effort_monthly"),
        "mart_focus_target_monthly": rows("select * from marts.mart_focus_target_monthly"),
        "mart_focus_target_summary": rows("select * from marts.mart_focus_target_summary"),
        "rejected": rows("select register, reject_reason, raw_row from staging.stg_rejected_rows"),
    }


def load_reference():
    """The reference module, or (None, why not)."""
    override = os.environ.get("JOBSAMTALER_REFERENCE")
    try:
        if override:
            spec = importlib.util.spec_from_file_location("jobsamtaler_reference_override", override)
            module = importlib.util.module_from_spec(spec)
            sys.modules[spec.name] = module
            spec.loader.exec_module(module)
        else:
            if not REFERENCE_PATH.exists():
                return None, f"{REFERENCE_PATH.relative_to(PROJECT_DIR)} does not exist yet"
            module = importlib.import_module("reference.measures")
    except Exception:  # noqa: BLE001 - report whatever the import raised
        return None, "importing the reference failed:\n" + traceback.format_exc()
    missing = [f for f in ("compute", "monthly_early_effort", "monthly_focus_target") if not hasattr(module, f)]
    if "compute" in missing:
        return None, f"the reference has no compute() (module {module.__file__})"
    return module, ", ".join(f"no {m}()" for m in missing)


def differences(example: int, facts: dict[str, list[dict[str, Any]]], reference, raw_dir: Path) -> list[Discrepancy]:
    """Run the reference on raw_dir and compare with dbt's facts and marts."""
    try:
        ref = reference.compute(raw_dir, first_report_month=FIRST_REPORT_MONTH)
        ref_ee, ref_ft = _rows(ref["early_effort"]), _rows(ref["focus_target"])
    except Exception:  # noqa: BLE001
        return [Discrepancy(example, "reference.compute", (), "<exception>", None, traceback.format_exc())]
    out = compare_rows(example, "fct_early_effort_person", EE_COLUMNS, EE_KEY, facts["early_effort"], ref_ee)
    out += compare_rows(example, "fct_focus_target_person", FT_COLUMNS, EE_KEY, facts["focus_target"], ref_ft)
    if hasattr(reference, "monthly_early_effort"):
        try:
            ref_mart = _rows(reference.monthly_early_effort(ref["early_effort"]))
            out += compare_marts(example, "mart_early_effort_monthly", EE_MART_KEY, ("date", "str", "str"),
                                 EE_MART_COUNTS, EE_MART_SHARES, facts["mart_early_effort_monthly"], ref_mart)
        except Exception:  # noqa: BLE001
            out.append(Discrepancy(example, "reference.monthly_early_effort", (), "<exception>", None,
                                   traceback.format_exc()))
    if hasattr(reference, "monthly_focus_target"):
        try:
            result = reference.monthly_focus_target(ref["focus_target"])
            summary = None
            if isinstance(result, Mapping) and "monthly" in result:  # {"monthly": [...], "summary": [...]}
                result, summary = result["monthly"], result.get("summary")
            out += compare_marts(example, "mart_focus_target_monthly", FT_MART_KEY, ("str", "date"),
                                 FT_MART_COUNTS, FT_MART_SHARES, facts["mart_focus_target_monthly"], _rows(result))
            if summary is not None:
                out += compare_rows(example, "mart_focus_target_summary", FT_SUMMARY_COLUMNS, ("a_kasse",),
                                    facts["mart_focus_target_summary"], _rows(summary))
        except Exception:  # noqa: BLE001
            out.append(Discrepancy(example, "reference.monthly_focus_target", (), "<exception>", None,
                                   traceback.format_exc()))
    return out


# --------------------------------------------------------------------------
# Keeping failing examples
# --------------------------------------------------------------------------


def person_rows(raw_dir: Path, person_id: str) -> dict[str, list[dict[str, Any]]]:
    import duckdb

    out = {}
    con = duckdb.connect()
    try:
        for register in CONTRACT:
            cur = con.execute(f"select * from '{raw_dir / (register + '.parquet')}' where person_id = ?", [person_id])
            names = [d[0] for d in cur.description]
            out[register] = [dict(zip(names, r)) for r in cur.fetchall()]
    finally:
        con.close()
    return out


def format_rows(rows: dict[str, list[dict[str, Any]]]) -> str:
    lines = []
    for register, rs in rows.items():
        if not rs:
            continue
        lines.append(f"  {register}:")
        for r in rs:
            shown = {k: (v.isoformat() if isinstance(v, date) else (str(v) if isinstance(v, Decimal) else v))
                     for k, v in r.items() if k != "person_id"}
            lines.append("    " + json.dumps(shown, ensure_ascii=False, default=str))
    return "\n".join(lines)


MAX_KEPT_PERSONS = 25


def keep_example(raw_dir: Path, dest: Path, diffs: list[Discrepancy], notes: str = "") -> Path:
    """Copy the example's registers to dest, with a sub-folder per differing
    person holding only that person's rows, and a report."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(raw_dir, dest / "raw")
    report = [notes] if notes else []
    persons = sorted({d.person_id for d in diffs if d.person_id})
    if len(persons) > MAX_KEPT_PERSONS:
        report.append(f"{len(persons)} persons differ; rows kept for the first {MAX_KEPT_PERSONS}, also: "
                      + ", ".join(persons[MAX_KEPT_PERSONS:]))
    for pid in persons[:MAX_KEPT_PERSONS]:
        rows = person_rows(raw_dir, pid)
        write_registers(dest / f"person_{pid}", rows)
        report.append(f"person {pid}: " + "; ".join(
            f"{d.table}.{d.column} dbt {show(d.dbt)} ref {show(d.reference)}" for d in diffs if d.person_id == pid))
        report.append(format_rows(rows))
    others = [d for d in diffs if not d.person_id]
    report += [d.line() for d in others]
    (dest / "report.txt").write_text("\n".join(report) + "\n", encoding="utf-8")
    return dest


def replay(raw_dir: Path | str, person_ids: Iterable[str] = (), work_dir: Path | None = None) -> list[Discrepancy]:
    """Run dbt and the reference on a kept register folder (or, with
    person_ids, on those persons' rows alone) and print every discrepancy
    with the persons' register rows."""
    import tempfile

    raw_dir = Path(raw_dir)
    work_dir = Path(work_dir or tempfile.mkdtemp(prefix="jobsamtaler-replay-"))
    person_ids = list(person_ids)
    if person_ids:
        tables: dict[str, list] = defaultdict(list)
        for pid in person_ids:
            for reg, rs in person_rows(raw_dir, pid).items():
                tables[reg] += rs
        raw_dir = write_registers(work_dir / "raw", tables)
    result = run_dbt(DBT_ARGS, work_dir / "dbt", raw_dir)
    if result.returncode != 0:
        print(result.output[-5000:])
        raise RuntimeError("dbt failed")
    facts = read_dbt(result)
    if facts["rejected"]:
        print("quarantined rows:", facts["rejected"])
    reference, why = load_reference()
    if reference is None:
        raise RuntimeError(why)
    diffs = differences(0, facts, reference, raw_dir)
    for d in diffs:
        print(d.line())
    for pid in sorted({d.person_id for d in diffs if d.person_id}):
        print(f"\nperson {pid}:\n" + format_rows(person_rows(raw_dir, pid)))
    print(f"\n{len(diffs)} discrepancies; registers in {raw_dir}, dbt database {result.database}")
    return diffs


# --------------------------------------------------------------------------
# The run: one fixture drives Hypothesis, the tests judge its outcome
# --------------------------------------------------------------------------


@dataclass
class Profile:
    name: str
    examples: int
    min_extra: int
    max_extra: int
    derandomize: bool
    seed: int | None
    examples_per_build: int


def profile(config) -> Profile:
    slow = config.getoption("--slow", default=False) or os.environ.get("JOBSAMTALER_SLOW") == "1"
    override = os.environ.get("JOBSAMTALER_DIFF_EXAMPLES")
    fixed_seed = os.environ.get("JOBSAMTALER_DIFF_SEED")
    if slow:  # random seeds (or JOBSAMTALER_DIFF_SEED): each slow run explores new batches
        p = Profile("slow", DIFF_SLOW_EXAMPLES, 40, 60, derandomize=False,
                    seed=int(fixed_seed) if fixed_seed else None, examples_per_build=SLOW_EXAMPLES_PER_BUILD)
    else:
        p = Profile("ci", DIFF_CI_EXAMPLES, 20, 40, derandomize=True, seed=None,
                    examples_per_build=DIFF_CI_EXAMPLES)
    if override:
        p.examples = int(override)
    return p


@dataclass
class RunSummary:
    profile: Profile
    reference_note: str = ""
    reference_ready: bool = False
    examples: int = 0
    builds: int = 0
    duplicates: int = 0
    persons: int = 0
    distinct_persons: int = 0
    seeds: str = ""
    courses: int = 0
    seconds_dbt: float = 0.0
    seconds_reference: float = 0.0
    seconds_total: float = 0.0
    dbt_failures: list[str] = field(default_factory=list)
    contract_problems: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    harness_errors: list[str] = field(default_factory=list)
    discrepancies: list[Discrepancy] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    coverage: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def cover(self, facts: dict[str, list[dict[str, Any]]]) -> None:
        c = self.coverage
        for r in facts["early_effort"]:
            c["cohort_subgroup"][r["cohort_subgroup"]] += 1
            c["exclusion_reason"][r["exclusion_reason"] or "(included)"] += 1
            c["interview_bucket"][r["interview_bucket"]] += 1
            c["meets_requirement"][str(r["meets_requirement"])] += 1
            c["report_year"][str(r["report_month"].year)] += 1
            if r["cohort_group"] == "1":
                c["transition"]["derived" if r["_derived"] else ("handed over" if r["transition_date"] else "none")] += 1
        for r in facts["focus_target"]:
            c["focus_target"][r["outside_window_reason"] or "in window"] += 1
            c["focus_target_two_plus"][str(r["has_two_interviews"])] += 1
            c["focus_target_a_kasse"][r["a_kasse"]] += 1

    def lines(self) -> list[str]:
        p = self.profile
        out = [
            f"differential ({p.name} profile, {self.seeds}): {self.examples} examples in {self.builds} dbt builds"
            + (f" (+{self.duplicates} draws mostly repeating earlier persons, not judged)" if self.duplicates else "")
            + f", {self.persons} persons ({self.distinct_persons} distinct), "
            f"{self.courses} courses; dbt {self.seconds_dbt:.0f} s, reference {self.seconds_reference:.0f} s, "
            f"total {self.seconds_total:.0f} s",
            f"  reference: {'compared' if self.reference_ready else 'NOT compared'}"
            + (f" ({self.reference_note})" if self.reference_note else ""),
        ]
        for name, counter in self.coverage.items():
            out.append(f"  {name}: " + ", ".join(f"{k} {v}" for k, v in sorted(counter.items(), key=str)))
        if self.discrepancies:
            out.append(f"  discrepancies: {len(self.discrepancies)}; {len(self.kept)} examples kept in "
                       f"{self.kept[0].parent if self.kept else '-'}")
        return out


def _report(config, lines: list[str]) -> None:
    """Print past pytest's capture, so the figures show in every run."""
    capman = config.pluginmanager.get_plugin("capturemanager")
    if capman is None:  # pragma: no cover
        print("\n".join(lines))
        return
    with capman.global_and_fixture_disabled():
        print("\n".join(lines), flush=True)


def tagged_union(examples: list[tuple[int, RegisterBatch]]) -> dict[str, list[dict[str, Any]]]:
    """One register set of several examples: every person id (and samtale id)
    is prefixed with its example's number, so persons of different examples
    stay apart (persons never interact) and one dbt build judges them all."""
    tables: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for n, batch in examples:
        tag = f"E{n:03d}-"
        for register, rows in batch.tables.items():
            for row in rows:
                row = dict(row, person_id=tag + row["person_id"])
                if "samtale_id" in row:
                    row["samtale_id"] = tag + row["samtale_id"]
                tables[register].append(row)
    return dict(tables)


def example_of(person_id: str | None, default: int) -> int:
    """The example number an id was tagged with by tagged_union."""
    if person_id and person_id.startswith("E") and "-" in person_id:
        head = person_id[1:person_id.index("-")]
        if head.isdigit():
            return int(head)
    return default


@pytest.fixture(scope="module")
def differential_run(request, tmp_path_factory) -> RunSummary:
    prof = profile(request.config)
    summary = RunSummary(prof)
    reference, note = load_reference()
    summary.reference_ready, summary.reference_note = reference is not None, note
    work = tmp_path_factory.mktemp("differential")
    raw = work / "raw"  # the same folder and dbt target every build: dbt reuses its parse
    keep_root = Path(os.environ.get("JOBSAMTALER_DIFF_DIR") or (work / "kept"))
    started = time.time()

    seen: set[str] = set()
    drawn: list[tuple[int, RegisterBatch]] = []

    def one_example(batch: RegisterBatch) -> None:
        """Hypothesis draws; the examples are judged after it, many per dbt build."""
        if summary.examples >= prof.examples:
            return  # the quota of examples is reached (slow profile: the last Hypothesis run ends)
        # Hypothesis draws some batches twice and mutates others into near
        # copies (one person changed): keep only batches that are mostly
        # new, so every example judges new persons.
        prints = batch.person_fingerprints()
        novel = len(set(prints) - seen)
        if novel < NOVELTY * len(set(prints)):
            summary.duplicates += 1
            return
        seen.update(prints)
        summary.distinct_persons += novel
        summary.examples += 1
        n = summary.examples
        summary.persons += len(batch.persons)
        summary.courses += len(batch.tables.get("taeller_dagpengeperiode", []))
        summary.contract_problems += [f"[example {n}] {p}" for p in validate_contract(batch.tables)]
        drawn.append((n, batch))

    def judge(examples: list[tuple[int, RegisterBatch]]) -> None:
        """One dbt build and one reference run on the tagged union of examples."""
        first, last = examples[0][0], examples[-1][0]
        label = f"examples_{first:03d}-{last:03d}"
        try:
            if raw.exists():
                shutil.rmtree(raw)
            write_registers(raw, tagged_union(examples))
            t = time.time()
            result = run_dbt(DBT_ARGS, work / "dbt", raw)
            summary.seconds_dbt += time.time() - t
            summary.builds += 1
            if result.returncode != 0:
                summary.dbt_failures.append(f"[{label}] " + result.output[-3000:])
                summary.kept.append(keep_example(raw, keep_root / label, [], "dbt failed"))
                return
            facts = read_dbt(result)
            summary.cover(facts)
            if facts["rejected"]:
                summary.rejected += [f"[{label}] {r}" for r in facts["rejected"]]
            diffs: list[Discrepancy] = []
            if reference is not None:
                t = time.time()
                diffs = differences(first, facts, reference, raw)
                for d in diffs:
                    d.example = example_of(d.person_id, first)
                summary.seconds_reference += time.time() - t
                summary.discrepancies += diffs
            if diffs or facts["rejected"]:
                summary.kept.append(keep_example(raw, keep_root / label, diffs))
        except Exception:  # noqa: BLE001 - a harness error is reported by the tests below
            summary.harness_errors.append(f"[{label}] " + traceback.format_exc())

    health = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example,
              HealthCheck.filter_too_much]
    common = dict(deadline=None, database=None, suppress_health_check=health, print_blob=False,
                  phases=[Phase.explicit, Phase.generate])  # never shrink: examples are judged after Hypothesis
    strategy = register_batches(prof.min_extra, prof.max_extra)
    if prof.derandomize:
        # CI: one derandomized run, the same batches every time
        summary.seeds = "derandomized"
        settings(max_examples=prof.examples + CI_SPARE_DRAWS, derandomize=True, **common)(
            given(batch=strategy)(one_example))()
    else:
        # slow: short Hypothesis runs with consecutive seeds (a fresh run
        # draws new batches; a long one mostly mutates earlier ones) until
        # the quota of examples is reached
        base = prof.seed if prof.seed is not None else random.SystemRandom().randrange(2**31)
        i = 0
        while summary.examples < prof.examples and i < 10 * prof.examples:
            seed(base + i)(settings(max_examples=12, derandomize=False, **common)(
                given(batch=strategy)(one_example)))()
            i += 1
        summary.seeds = f"seeds {base}..{base + i - 1} (JOBSAMTALER_DIFF_SEED={base} repeats this run)"
    for i in range(0, len(drawn), prof.examples_per_build):
        judge(drawn[i:i + prof.examples_per_build])
    summary.seconds_total = time.time() - started
    if summary.discrepancies:
        keep_root.mkdir(parents=True, exist_ok=True)
        (keep_root / "discrepancies.txt").write_text(
            "\n".join(d.line() for d in summary.discrepancies) + "\n", encoding="utf-8")
    _report(request.config, [""] + summary.lines())
    return summary


def test_strategies_follow_the_contract_and_dbt_builds_them(differential_run):
    """The strategies promise registers that follow the contract: dbt builds
    every example and quarantines no row."""
    s = differential_run
    assert not s.harness_errors, "\n".join(s.harness_errors[:3])
    assert s.examples > 0
    assert not s.dbt_failures, "\n\n".join(s.dbt_failures[:2])
    assert not s.contract_problems, "\n".join(s.contract_problems[:20])
    assert not s.rejected, "quarantined rows:\n" + "\n".join(s.rejected[:20])


def test_examples_cover_every_group_and_exclusion_path(differential_run):
    """Across the examples, dbt's facts hold every cohort subgroup, every
    exclusion reason, every interview bucket and focus-target rows in a
    window, in a dagpenge suspension and outside the windows otherwise (R20),
    so the bounded run really exercises every path."""
    c = differential_run.coverage
    missing = {
        "cohort_subgroup": REQUIRED_SUBGROUPS - set(c["cohort_subgroup"]),
        "exclusion_reason": (REQUIRED_REASONS | {"(included)"}) - set(c["exclusion_reason"]),
        "interview_bucket": REQUIRED_BUCKETS - set(c["interview_bucket"]),
        "focus_target": {"in window", "dagpenge_suspension", "outside_reporting_window"} - set(c["focus_target"]),
        "focus_target_two_plus": {"True", "False"} - set(c["focus_target_two_plus"]),
        "meets_requirement": {"True", "False"} - set(c["meets_requirement"]),
    }
    missing = {k: v for k, v in missing.items() if v}
    assert not missing, f"paths never reached by the examples: {missing}\n" + "\n".join(differential_run.lines())


MAX_SHOWN = 80


def test_dbt_matches_the_reference(differential_run):
    """Every fact row and mart count of dbt equals the reference's."""
    s = differential_run
    if not s.reference_ready:
        if REFERENCE_PATH.exists() or os.environ.get("JOBSAMTALER_REFERENCE"):
            pytest.fail(f"the reference cannot be used: {s.reference_note}", pytrace=False)
        pytest.skip(f"no reference to compare with: {s.reference_note}")
    assert not s.harness_errors, "\n".join(s.harness_errors[:3])
    if not s.discrepancies:
        return
    by_column = Counter((d.table, d.column) for d in s.discrepancies)
    lines = [f"{len(s.discrepancies)} discrepancies between dbt and the reference "
             f"in {len({d.example for d in s.discrepancies})} of {s.examples} examples"]
    lines += [f"  {t}.{c}: {n}" for (t, c), n in by_column.most_common()]
    lines.append("")
    order = {"fct_early_effort_person": 0, "fct_focus_target_person": 1}
    shown = sorted(s.discrepancies, key=lambda d: (order.get(d.table, 2), d.table, d.example))
    lines += [d.line() for d in shown[:MAX_SHOWN]]
    if len(s.discrepancies) > MAX_SHOWN:
        lines.append(f"... and {len(s.discrepancies) - MAX_SHOWN} more")
    lines.append("")
    lines.append("Kept examples (registers, one folder per differing person, report.txt; "
                 "every discrepancy in discrepancies.txt next to them):")
    lines += [f"  {p}" for p in s.kept]
    lines.append("Replay: .venv/bin/python tests/python/test_differential.py <kept>/raw [person_id ...]")
    pytest.fail("\n".join(lines), pytrace=False)


if __name__ == "__main__":  # replay a kept example
    if len(sys.argv) < 2:
        sys.exit("usage: test_differential.py <raw_dir> [person_id ...]")
    found = replay(Path(sys.argv[1]), sys.argv[2:])
    sys.exit(1 if found else 0)
