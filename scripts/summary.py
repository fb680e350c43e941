#!/usr/bin/env python3
"""Print where the results of a build are, the quarantine per register and,
when the early-effort mart exists, measures 1, 3 and 4 of the latest report
month for the whole country and the five regions (R18).

    python scripts/summary.py --database data/jobsamtaler.duckdb
"""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb


def table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
            [schema, table],
        ).fetchone()[0]
    )


def pct(value) -> str:
    return "" if value is None else f"{100 * float(value):5.1f} %"


def print_locations(con, database: Path) -> None:
    print(f"\nDatabase: {database.resolve()}")
    rows = con.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_schema = 'marts' order by table_name"
    ).fetchall()
    print("Marts (schema marts):" if rows else "Marts: none built yet")
    for schema, name in rows:
        count = con.execute(f'select count(*) from "{schema}"."{name}"').fetchone()[0]
        print(f"  {schema}.{name:<40} {count:>12,} rows")


def print_quarantine(con) -> None:
    if not table_exists(con, "staging", "stg_register_row_counts"):
        return
    rows = con.execute(
        "select register, raw_row_count, staged_row_count, rejected_row_count "
        "from staging.stg_register_row_counts order by register"
    ).fetchall()
    print("\nRegisters (raw = staged + rejected; rejects in staging.stg_rejected_rows):")
    for register, raw, staged, rejected in rows:
        print(f"  {register:<25} {raw:>12,} raw {staged:>12,} staged {rejected:>8,} rejected")


def print_latest_month(con) -> None:
    if not table_exists(con, "marts", "mart_early_effort_monthly"):
        return
    latest = con.execute(
        "select max(report_month) from marts.mart_early_effort_monthly where m1_persons > 0"
    ).fetchone()[0]
    if latest is None:
        print("\nEarly effort: no report month with persons")
        return
    rows = con.execute(
        """
        select geo_level, geo_name, m1_persons, m3_share_0, m3_share_1, m3_share_2,
               m3_share_3plus, m4_share_meeting_requirement
        from marts.mart_early_effort_monthly
        where report_month = ? and geo_level in ('hele_landet', 'region')
        order by geo_level = 'region', geo_code = '0', geo_code
        """,
        [latest],
    ).fetchall()
    code = f"{latest.year}M{latest.month:02d}"
    print(f"\nEarly effort, report month {code} (measures 1, 3, 4):")
    print(f"  {'':<24}{'m1':>8}{'m3: 0':>9}{'1':>9}{'2':>9}{'3+':>9}{'m4':>9}")
    for _, name, m1, s0, s1, s2, s3, m4 in rows:
        print(f"  {name:<24}{m1:>8,}{pct(s0):>9}{pct(s1):>9}{pct(s2):>9}{pct(s3):>9}{pct(m4):>9}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", type=Path, default=Path("data/jobsamtaler.duckdb"))
    args = parser.parse_args()
    con = duckdb.connect(str(args.database), read_only=True)
    try:
        print_locations(con, args.database)
        print_quarantine(con)
        print_latest_month(con)
    finally:
        con.close()


if __name__ == "__main__":
    main()
