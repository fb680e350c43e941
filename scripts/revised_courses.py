#!/usr/bin/env python3
"""The courses behind a revision: which courses entered or left a cell of the
aggregate marts between two publications, from the person facts each
publication keeps (runs/<run_id>/parquet/fct_*.parquet).

A course is identified by (person_id, placement_date). It moved when any of
the columns that place it in a published cell differs between the two runs
(a course only in one run entered or left every cell it counts in):

- fct_early_effort_person -> mart_early_effort_monthly, mart_early_effort_attrition:
  report_month, municipality_code, is_excluded, exclusion_reason,
  interview_bucket, meets_requirement;
- fct_focus_target_person -> mart_focus_target_monthly:
  a_kasse, report_month, is_in_reporting_window, has_two_interviews.

    python scripts/revised_courses.py                 # current against the run before it
    python scripts/revised_courses.py --old RUN_ID --new RUN_ID
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import duckdb
from publish import sql_literal

KEY = ["person_id", "placement_date"]
CELL_COLUMNS = {
    "fct_early_effort_person": [
        "report_month", "municipality_code", "is_excluded", "exclusion_reason",
        "interview_bucket", "meets_requirement",
    ],
    "fct_focus_target_person": [
        "a_kasse", "report_month", "is_in_reporting_window", "has_two_interviews",
    ],
}


def moved_courses_query(fact: str, old_file: Path, new_file: Path) -> str:
    """SQL listing the courses of `fact` whose cell columns differ between
    two publications: key, movement ('entered', 'left', 'moved'), and each
    cell column as old_<column>, new_<column>."""
    columns = CELL_COLUMNS[fact]
    keys = ", ".join(f"coalesce(new.{k}, old.{k}) as {k}" for k in KEY)
    pairs = ", ".join(f"old.{c} as old_{c}, new.{c} as new_{c}" for c in columns)
    old_row = ", ".join(f"old.{c}" for c in columns)
    new_row = ", ".join(f"new.{c}" for c in columns)
    on = " and ".join(f"old.{k} = new.{k}" for k in KEY)
    return f"""
        select
            {keys},
            case
                when old.person_id is null then 'entered'
                when new.person_id is null then 'left'
                else 'moved'
            end as movement,
            {pairs}
        from read_parquet({sql_literal(old_file)}) as old
        full join read_parquet({sql_literal(new_file)}) as new on {on}
        where old.person_id is null or new.person_id is null
            or row({old_row}) is distinct from row({new_row})
        order by all
    """


def moved_courses(old_run: Path, new_run: Path, fact: str) -> list[dict]:
    """The courses of `fact` that entered, left or moved between two run folders."""
    con = duckdb.connect()
    try:
        cursor = con.execute(
            moved_courses_query(fact, old_run / "parquet" / f"{fact}.parquet", new_run / "parquet" / f"{fact}.parquet")
        )
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]
    finally:
        con.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--publication", type=Path, default=Path(os.environ.get("PUBLICATION_DIR", "data/publication")))
    parser.add_argument("--old", help="run id of the earlier publication (default: the one before --new)")
    parser.add_argument("--new", help="run id of the later publication (default: current)")
    args = parser.parse_args()
    runs = args.publication / "runs"
    new = runs / args.new if args.new else (args.publication / "current").resolve()
    if args.old:
        old = runs / args.old
    else:
        # The publication before it, as the new run's log of runs lists them.
        log = new / "log" / "runs.parquet"
        earlier = duckdb.execute(
            f"select max(run_id) from read_parquet({sql_literal(log)}) where run_id < ?", [new.name]
        ).fetchall()[0][0] if log.exists() else None
        if earlier is None:
            print(f"revised_courses: no publication before {new.name}", file=sys.stderr)
            return 1
        old = runs / earlier
    for run in (old, new):
        if not (run / "metadata.json").exists():
            print(f"revised_courses: no publication in {run}", file=sys.stderr)
            return 1
    print(f"Courses that entered, left or moved between run {old.name} and run {new.name}:")
    for fact in CELL_COLUMNS:
        rows = moved_courses(old, new, fact)
        print(f"\n{fact}: {len(rows)} courses")
        for row in rows:
            changes = ", ".join(
                f"{c}: {row['old_' + c]} -> {row['new_' + c]}"
                for c in CELL_COLUMNS[fact]
                if row["old_" + c] != row["new_" + c]
            )
            print(f"  {row['person_id']} {row['placement_date']} {row['movement']}: {changes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
