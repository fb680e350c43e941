#!/usr/bin/env python3
"""Run one of the project's analyses (analyses/*.sql) against the database and
print its rows as a table. dbt compiles analyses but never runs them; this does.

    scripts/analysis.py explain_early_effort_person --vars '{person_id: P00000042}'
    scripts/analysis.py focus_target_memo_table --vars '{memo_from: 2020-11-01, memo_to: 2021-09-01}'

The database is --database, else $DBT_DUCKDB_PATH, else data/jobsamtaler.duckdb.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parent.parent


def compile_analysis(name: str, dbt_vars: str, database: Path) -> str:
    dbt = Path(sys.executable).with_name("dbt")
    with tempfile.TemporaryDirectory() as target:
        command = [str(dbt), "compile", "-q", "-s", name, "--target-path", target]
        if dbt_vars:
            command += ["--vars", dbt_vars]
        compiled = subprocess.run(
            command,
            cwd=PROJECT_DIR,
            env=dict(os.environ, DBT_DUCKDB_PATH=str(database)),
            capture_output=True,
            text=True,
        )
        if compiled.returncode != 0:
            raise SystemExit(compiled.stdout + compiled.stderr)
        return next(Path(target).rglob(f"{name}.sql")).read_text()


def print_table(columns: list[str], rows: list[tuple]) -> None:
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip())
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("analysis", help="name of an analysis in analyses/")
    parser.add_argument("--vars", default="", help="dbt vars as YAML, e.g. '{person_id: P1}'")
    parser.add_argument(
        "--database",
        type=Path,
        default=Path(os.environ.get("DBT_DUCKDB_PATH", PROJECT_DIR / "data" / "jobsamtaler.duckdb")),
    )
    args = parser.parse_args()
    sql = compile_analysis(args.analysis, args.vars, args.database)
    con = duckdb.connect(str(args.database), read_only=True)
    try:
        cursor = con.execute(sql)
        columns = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    finally:
        con.close()
    if not rows:
        print("(no rows)", file=sys.stderr)
        return 1
    print_table(columns, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
