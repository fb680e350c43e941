#!/usr/bin/env python3
"""Print what a publication holds: its metadata, its tables and row counts,
the data quality per register and, when the early-effort mart is there,
measures 1, 3 and 4 of the latest report month for the whole country and the
five regions (R18). The last line names the publication's folder.

    python scripts/summary.py --publication data/publication/current
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import duckdb


def table_exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.tables where table_schema = 'main' and table_name = ?",
            [table],
        ).fetchall()[0][0]
    )


def pct(value) -> str:
    return "" if value is None else f"{100 * float(value):5.1f} %"


def print_metadata(publication: Path) -> None:
    metadata = json.loads((publication / "metadata.json").read_text())
    print(f"\nPublication run {metadata['run_id']} ({metadata['variant']})")
    for key in ("data_through", "built_at", "project_version", "git_commit", "rule_version", "next_expected_update"):
        print(f"  {key:<22} {metadata.get(key)}")


def print_tables(con) -> None:
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = 'main' order by table_name"
    ).fetchall()
    print("Tables (parquet/<table>.parquet, csv/<table>.csv, jobsamtaler.duckdb):")
    for (name,) in rows:
        count = con.execute(f'select count(*) from "{name}"').fetchall()[0][0]
        print(f"  {name:<40} {count:>12,} rows")


def print_quality(con) -> None:
    if not table_exists(con, "mart_data_quality"):
        return
    rows = con.execute(
        """
        select register, any_value(raw_rows), any_value(staged_rows), sum(rejected_rows), any_value(latest_date)
        from mart_data_quality group by register order by register
        """
    ).fetchall()
    print("\nRegisters (raw = staged + rejected; reasons in mart_data_quality):")
    for register, raw, staged, rejected, latest in rows:
        print(f"  {register:<25} {raw:>12,} raw {staged:>12,} staged {rejected:>8,} rejected  latest {latest or '-'}")


def print_latest_month(con) -> None:
    if not table_exists(con, "mart_early_effort_monthly"):
        return
    latest = con.execute(
        "select max(report_month) from mart_early_effort_monthly where m1_persons > 0"
    ).fetchall()[0][0]
    if latest is None:
        print("\nEarly effort: no report month with persons")
        return
    rows = con.execute(
        """
        select geo_level, geo_name, m1_persons, m3_share_0, m3_share_1, m3_share_2,
               m3_share_3plus, m4_share_meeting_requirement
        from mart_early_effort_monthly
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
    parser.add_argument("--publication", type=Path, default=Path("data/publication/current"))
    args = parser.parse_args()
    publication = args.publication
    print_metadata(publication)
    con = duckdb.connect(str(publication / "jobsamtaler.duckdb"), read_only=True)
    try:
        print_tables(con)
        print_quality(con)
        print_latest_month(con)
    finally:
        con.close()
    print(f"\nPublication: {publication.resolve()} (BI tools open {publication}/)")


if __name__ == "__main__":
    main()
