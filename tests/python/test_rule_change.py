"""Issue 11: a rule change is a row. The README's example, "From 2026-01-01
the exemption-share limit for groups 1 and 2 is 25 %", done the way a
newcomer would: in a temporary copy of the project, close the open rows of
groups 1 and 2 in seeds/early_effort_rules.csv on 2025-12-31 and add rows
from 2026-01-01 with 0.25, nothing else. Two group 1 courses with the same
27 % exempt share (19 of 70 weekdays of 7.40 hours, R12) are built on small
registers: one reported in 2025-07 and one in 2026-01. With the change the
2026 course is excluded for its exemption share and the 2025 one is not;
without it (the project as it is) both are included.

The two builds (the copy with the change, the project without) run side by
side, each one `dbt build` of the models and seeds behind
int_early_effort_exclusions and the data tests of the changed seed."""

from __future__ import annotations

import csv
import shutil
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import PROJECT_DIR, DbtResult, run_dbt
from registers import write_registers

# What a dbt project needs; registers (data/), builds (target/, logs/) and the
# Python side stay behind.
PROJECT_FILES = ["dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests", "analyses"]
NOT_COPIED = shutil.ignore_patterns("python", "mutation", "__pycache__")

CHANGE_FROM = date(2026, 1, 1)
NEW_LIMIT = "0.25"
PLACEMENTS = {"P2025": date(2025, 1, 6), "P2026": date(2025, 7, 7)}
HANDOVER_WEEKDAY = 60  # transition date: the 60th weekday of the course (444 hours, R8, under 641 for R15)
EXEMPT_WEEKDAYS = 19  # of the 70 weekdays of the measurement period: 27.1 %
SEED_TESTS = ["no_overlapping_validity_early_effort_rules_cohort_group", "early_effort_rules_valid_to_not_before_valid_from"]
# The models and seeds behind the exclusions (R16) and the changed seed's data
# tests; no other test (indirect selection off).
BUILD = [
    "build",
    "--indirect-selection",
    "empty",
    "--select",
    "+int_early_effort_exclusions",
    *SEED_TESTS,
    "--exclude",
    "test_type:unit",
]


def _weekdays_from(first: date, count: int) -> list[date]:
    days, day = [], first
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def _month_end(day: date) -> date:
    first_of_next = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first_of_next - timedelta(days=1)


def _registers() -> dict[str, list[dict]]:
    """Two 1a courses (placed after 2024-01-01), full-time, 7.40 hours on
    every weekday paid by FLEUR month by month: 962 hours on the 130th
    weekday (follow-up 2025-07-04 and 2026-01-02, R5). A handover on the 60th
    weekday starts the measurement period the day after (R8); holiday
    (code 10, Tabel 1) on its first 19 weekdays: 19 / 70 exempt (R12)."""
    tables: dict[str, list[dict]] = {
        "cpr_person": [],
        "cpr_adresse": [],
        "taeller_dagpengeperiode": [],
        "fleur_udbetaling": [],
        "tass_overgang": [],
        "tass_fravaer": [],
    }
    for person_id, placement in PLACEMENTS.items():
        days = _weekdays_from(placement, 200)
        handover = days[HANDOVER_WEEKDAY - 1]
        exempt = days[HANDOVER_WEEKDAY : HANDOVER_WEEKDAY + EXEMPT_WEEKDAYS]
        tables["cpr_person"].append({"person_id": person_id, "foedselsdato": date(1980, 5, 5)})
        tables["cpr_adresse"].append(
            {"person_id": person_id, "kommune_kode": 101, "fra_dato": date(1980, 5, 5), "til_dato": None}
        )
        tables["taeller_dagpengeperiode"].append(
            {"person_id": person_id, "indplaceringsdato": placement, "sidste_dag": None}
        )
        tables["tass_overgang"].append(
            {"person_id": person_id, "indplaceringsdato": placement, "overgangsdato": handover}
        )
        tables["tass_fravaer"].append(
            {"person_id": person_id, "fravaer_id": 10, "fra_dato": exempt[0], "til_dato": exempt[-1]}
        )
        start = placement
        while start <= days[-1]:
            end = min(_month_end(start), days[-1])
            weekdays = sum(1 for day in days if start <= day <= end)
            tables["fleur_udbetaling"].append(
                {"person_id": person_id, "a_kasse": "HK-A", "ydelse": "ADAG", "periode_fra": start,
                 "periode_til": end, "timer": Decimal("7.40") * weekdays, "forsikring": "F"}
            )
            start = end + timedelta(days=1)
    return tables


def _copy_project(to: Path) -> Path:
    to.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = PROJECT_DIR / name
        if source.is_dir():
            shutil.copytree(source, to / name, ignore=NOT_COPIED)
        else:
            shutil.copy2(source, to / name)
    return to


def _change_the_limit(project: Path) -> None:
    """The README's walk-through: close the open rows of groups 1 and 2 the day
    before the change and add a row from the change with the new limit."""
    path = project / "seeds" / "early_effort_rules.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    added = []
    for row in rows:
        if row["cohort_group"] in ("1", "2") and not row["valid_to"]:
            row["valid_to"] = (CHANGE_FROM - timedelta(days=1)).isoformat()
            added.append(
                dict(row, valid_from=CHANGE_FROM.isoformat(), valid_to="", exemption_share_limit=NEW_LIMIT,
                     description=f"From report month 2026-01: exemption share limit {NEW_LIMIT}")
            )
    assert len(added) == 2, "groups 1 and 2 each have one open row"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows + added)


def _outcome(result: DbtResult) -> dict[str, tuple]:
    assert result.returncode == 0, result.output[-4000:]
    rows = result.query(
        "select x.person_id, r.report_month, r.exemption_share_limit, e.exempt_hours_share, "
        "x.exclusion_reason "
        "from intermediate.int_early_effort_exclusions as x "
        "inner join intermediate.int_early_effort_course_rules as r using (person_id, placement_date) "
        "inner join intermediate.int_early_effort_exemptions as e using (person_id, placement_date) "
        "order by x.person_id"
    )
    return {row[0]: row[1:] for row in rows}


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    work = tmp_path_factory.mktemp("rule_change")
    raw = write_registers(work / "raw", _registers())
    changed = _copy_project(work / "project")
    _change_the_limit(changed)
    with ThreadPoolExecutor(max_workers=2) as pool:
        with_change = pool.submit(run_dbt, BUILD, work / "with_change", raw, project_dir=changed)
        without_change = pool.submit(run_dbt, BUILD, work / "without_change", raw)
        return with_change.result(), without_change.result()


def test_without_the_change_both_27_percent_courses_are_included(builds):
    _, without_change = builds
    assert _outcome(without_change) == {
        "P2025": (date(2025, 7, 1), Decimal("0.30"), pytest.approx(19 / 70), None),
        "P2026": (date(2026, 1, 1), Decimal("0.30"), pytest.approx(19 / 70), None),
    }


def test_the_25_percent_row_excludes_the_2026_course_only(builds):
    with_change, _ = builds
    assert _outcome(with_change) == {
        "P2025": (date(2025, 7, 1), Decimal("0.30"), pytest.approx(19 / 70), None),
        "P2026": (date(2026, 1, 1), Decimal("0.25"), pytest.approx(19 / 70), "exemption_share"),
    }


def test_the_changed_seed_passes_its_tests(builds):
    """The README's "which tests to run": the changed seed's data tests (no
    overlapping validity per group, valid_to not before valid_from) ran in
    the build and passed."""
    with_change, _ = builds
    statuses = {
        result["unique_id"].split(".")[2]: result["status"]
        for result in with_change.run_results()
        if result["unique_id"].startswith("test.")
    }
    assert statuses == {name: "pass" for name in SEED_TESTS}
