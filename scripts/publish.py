#!/usr/bin/env python3
"""Write-audit-publish: publish the marts of a dbt build that passed.

`dbt build` works in the work database; users and BI tools read a
publication. This script is the gate and the writer:

1. audit: the build's target/run_results.json and target/manifest.json must
   come from one `dbt build` invocation that exited 0, in which every model,
   seed, snapshot and data test of the project ran and none failed, errored
   or was skipped (warnings pass; unit tests, which pin code rather than data,
   must pass when they ran). Otherwise nothing is written and one line says
   why and that the previous publication is untouched.
2. write: a new folder runs/<run_id>/ (first as a hidden temporary folder
   beside it, then renamed) with, per relation of schema `marts`, Parquet and
   CSV, one DuckDB database file in a storage format DuckDB 1.x reads, the
   jobindsats files (scripts/jobindsats.py, when present), metadata.json, the
   public variant in public/ (the `*_public` relations, without the suffix)
   and the publication log (every published cell, the revisions against the
   previous publication, the runs).
3. publish: the symlink `current` is replaced atomically to point at it.

Readers never block a build: they open files of a publication, never the
work database, and a new publication never rewrites an old one.

    python scripts/publish.py --database data/jobsamtaler.duckdb --target target \
        --out data/publication --dbt-exit-code 0

The layout is the contract of /work/coord/publication.md (README, section
Publication).
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import yaml

PROJECT_DIR = Path(__file__).resolve().parents[1]
MARTS_SCHEMA = "marts"
PUBLIC_SUFFIX = "_public"
# Storage format of the published DuckDB file: v1.0.0 is read by every DuckDB
# 1.x client (and 2.x); the work database is in DuckDB 2.0's own format.
STORAGE_VERSION = "v1.0.0"
OK_STATUSES = {"success", "pass", "warn"}  # exposures (nothing to run) report no-op
# Resource types that must all have run in the build that is published.
GATED_RESOURCE_TYPES = {"model", "seed", "snapshot", "test"}
# Person-level facts are published but not logged cell by cell: a change in
# an aggregate cell is traced to its courses through them (README).
UNLOGGED_PREFIXES = ("fct_",)
# Tables the publisher adds to every publication beside the marts.
METADATA_TABLE = "publication_metadata"
RUNS_TABLE = "publication_runs"
REVISIONS_TABLE = "publication_revisions"


class NotPublished(Exception):
    """The build may not, or could not, be published."""


# --------------------------------------------------------------------------
# Audit
# --------------------------------------------------------------------------


def audit(target: Path, dbt_exit_code: int | None) -> tuple[dict, dict]:
    """The run results and manifest of a build that may be published, or
    NotPublished naming the reason."""
    if dbt_exit_code not in (None, 0):
        raise NotPublished(f"dbt build exited with code {dbt_exit_code}")
    results_path = target / "run_results.json"
    manifest_path = target / "manifest.json"
    for path in (results_path, manifest_path):
        if not path.exists():
            raise NotPublished(f"no {path} (the build did not finish)")
    run_results = json.loads(results_path.read_text())
    manifest = json.loads(manifest_path.read_text())
    invocation = run_results["metadata"]["invocation_id"]
    if manifest["metadata"]["invocation_id"] != invocation:
        raise NotPublished(
            f"{results_path} is from another dbt invocation than {manifest_path} "
            "(the last build was interrupted)"
        )
    command = run_results.get("args", {}).get("which")
    if command != "build":
        raise NotPublished(f"the last dbt command was '{command}', not 'build'")
    bad = [
        r for r in run_results["results"]
        if r["status"] not in OK_STATUSES
        and not (r["unique_id"].startswith("exposure.") and r["status"] == "no-op")
    ]
    if bad:
        names = ", ".join(f"{r['unique_id']} ({r['status']})" for r in bad[:3])
        more = f" and {len(bad) - 3} more" if len(bad) > 3 else ""
        raise NotPublished(f"{len(bad)} nodes of the build did not pass: {names}{more}")
    ran = {r["unique_id"] for r in run_results["results"]}
    missing = sorted(
        unique_id
        for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] in GATED_RESOURCE_TYPES
        and node["config"].get("enabled", True)
        and node["config"].get("materialized") != "ephemeral"
        and unique_id not in ran
    )
    if missing:
        raise NotPublished(
            f"the build did not run {len(missing)} nodes of the project (e.g. {missing[0]}): "
            "only a full `dbt build` is published"
        )
    return run_results, manifest


# --------------------------------------------------------------------------
# Metadata
# --------------------------------------------------------------------------


def project_vars(run_results: dict) -> tuple[str, dict]:
    """The project version and its vars, with the build's --vars on top."""
    project = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())
    build_vars = run_results.get("args", {}).get("vars") or {}
    if isinstance(build_vars, str):
        build_vars = yaml.safe_load(build_vars) or {}
    return str(project.get("version", "")), {**project.get("vars", {}), **build_vars}


def git_commit() -> str:
    """HEAD of the project's git repository, '-dirty' when the worktree
    differs from it (ignored files such as data/ aside); 'unknown' outside git."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=PROJECT_DIR, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain"],
            cwd=PROJECT_DIR, capture_output=True, text=True, check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("-dirty" if dirty else "")


def rule_version(manifest: dict, declared: str) -> str:
    """The declared rule version (var rule_version) and a digest of the seeds
    the build loaded: the rules are data, so a changed seed is a new version."""
    checksums = sorted(
        (node["name"], node["checksum"]["checksum"])
        for node in manifest["nodes"].values()
        if node["resource_type"] == "seed"
    )
    digest = hashlib.sha256(json.dumps(checksums).encode()).hexdigest()[:12]
    return f"{declared}+seeds.{digest}"


def next_update(after: dt.date, day_of_month: int) -> dt.date:
    """The first date after `after` on day `day_of_month` of its month (the
    month's last day when it is shorter)."""
    year, month = after.year, after.month
    while True:
        day = min(day_of_month, calendar.monthrange(year, month)[1])
        candidate = dt.date(year, month, day)
        if candidate > after:
            return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def build_metadata(con, run_results: dict, manifest: dict) -> dict:
    version, variables = project_vars(run_results)
    built_at = dt.datetime.fromisoformat(
        run_results["metadata"]["generated_at"].replace("Z", "+00:00")
    ).astimezone(dt.timezone.utc)
    invocation = run_results["metadata"]["invocation_id"]
    data_through = None
    if relation_exists(con, "mart_data_quality"):
        data_through = con.execute(
            f"select max(latest_date) from work.{MARTS_SCHEMA}.mart_data_quality where defines_data_through"
        ).fetchall()[0][0]
    return {
        "run_id": built_at.strftime("%Y%m%dT%H%M%SZ") + "-" + invocation[:8],
        "data_through": data_through.isoformat() if data_through else None,
        "built_at": built_at.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "published_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "project_version": version,
        "git_commit": git_commit(),
        "rule_version": rule_version(manifest, str(variables.get("rule_version", "unversioned"))),
        "next_expected_update": next_update(
            built_at.date(), int(variables.get("next_update_day_of_month", 15))
        ).isoformat(),
        "dbt_invocation_id": invocation,
        "storage_version": STORAGE_VERSION,
        "variant": "internal",
    }


# --------------------------------------------------------------------------
# Relations and their keys
# --------------------------------------------------------------------------


def relation_exists(con, name: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.tables "
            "where table_catalog = 'work' and table_schema = ? and table_name = ?",
            [MARTS_SCHEMA, name],
        ).fetchall()[0][0]
    )


def mart_relations(con) -> list[str]:
    return [
        name
        for (name,) in con.execute(
            "select table_name from information_schema.tables "
            "where table_catalog = 'work' and table_schema = ? order by table_name",
            [MARTS_SCHEMA],
        ).fetchall()
    ]


def primary_keys(manifest: dict) -> dict[str, list[str]]:
    """Model name -> its primary-key columns, from its unique_combination_of_columns
    or unique test (every model has one: tests/python/test_manifest.py)."""
    names = {uid: node["name"] for uid, node in manifest["nodes"].items() if node["resource_type"] == "model"}
    keys: dict[str, list[str]] = {}
    for node in manifest["nodes"].values():
        meta = node.get("test_metadata") or {}
        model = names.get(node.get("attached_node") or "")
        if node["resource_type"] != "test" or model is None:
            continue
        if meta.get("name") == "unique_combination_of_columns":
            keys[model] = list(meta["kwargs"]["combination_of_columns"])
        elif meta.get("name") == "unique" and node.get("column_name") and model not in keys:
            keys[model] = [node["column_name"]]
    return keys


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def columns_of(con, sql: str) -> list[str]:
    return [row[0] for row in con.execute(f"describe {sql}").fetchall()]


# --------------------------------------------------------------------------
# Writing one variant
# --------------------------------------------------------------------------


def sql_literal(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def write_variant(con, folder: Path, tables: dict[str, str], metadata: dict) -> None:
    """Write every table (published name -> SQL query) as Parquet, CSV and
    into one DuckDB file, and metadata.json, into folder."""
    (folder / "parquet").mkdir(parents=True)
    (folder / "csv").mkdir()
    kv = ", ".join(f"{key}: {sql_literal(value)}" for key, value in metadata.items() if value is not None)
    database = folder / "jobsamtaler.duckdb"
    con.execute(f"attach {sql_literal(database)} as pub (storage_version {sql_literal(STORAGE_VERSION)})")
    try:
        for name, query in tables.items():
            # sorted once, so that every format lists the rows in one order
            con.execute(f"create or replace temp table publishing as select * from ({query}) order by all")
            con.execute(
                f"copy publishing to {sql_literal(folder / 'parquet' / (name + '.parquet'))} "
                f"(format parquet, kv_metadata {{{kv}}})"
            )
            con.execute(
                f"copy publishing to {sql_literal(folder / 'csv' / (name + '.csv'))} (format csv, header true)"
            )
            con.execute(f"create table pub.main.{quoted(name)} as select * from publishing")
    finally:
        con.execute("drop table if exists publishing")
        con.execute("detach pub")
    (folder / "metadata.json").write_text(json.dumps(metadata, indent=2) + "\n")


def write_jobindsats(con, relation: str, out_dir: Path, metadata: dict) -> bool:
    """The jobindsats JSON/CSV files of issue 9b's scripts/jobindsats.py, when
    that module and the relation exist."""
    try:
        import jobindsats  # scripts/jobindsats.py (issue 9b)
    except ModuleNotFoundError as error:
        if error.name != "jobindsats":
            raise
        return False
    if not relation_exists(con, relation):
        return False
    out_dir.mkdir(parents=True, exist_ok=True)
    jobindsats.write_jobindsats_files(con, f"work.{MARTS_SCHEMA}.{relation}", out_dir)
    (out_dir / "metadata.json").write_text(json.dumps(metadata, indent=2) + "\n")
    return True


# --------------------------------------------------------------------------
# The publication log: cells, revisions, runs
# --------------------------------------------------------------------------


def cells_query(con, run_id: str, variant: str, name: str, source: str, key: list[str]) -> str | None:
    """Every cell of an aggregate relation as (key, column, value) rows; None
    when the relation has no column besides its key."""
    values = [c for c in columns_of(con, source) if c not in key]
    if not values:
        return None
    key_json = ", ".join(f"{sql_literal(k)}: {quoted(k)}" for k in key)
    casts = ", ".join(f"cast({quoted(c)} as varchar) as {quoted(c)}" for c in values)
    unpivoted = ", ".join(quoted(c) for c in values)
    return (
        f"select {sql_literal(run_id)} as run_id, {sql_literal(variant)} as variant, "
        f"{sql_literal(name)} as relation, cell_key, column_name, value "
        f"from (select to_json({{{key_json}}})::varchar as cell_key, {casts} from {source}) "
        f"unpivot include nulls (value for column_name in ({unpivoted}))"
    )


def previous_run(root: Path) -> Path | None:
    """The publication readers see now (`current`): the one this run revises.
    A run folder that was written but never made current was not published."""
    current = root / "current"
    if not current.is_symlink():
        return None
    run = current.resolve()
    return run if (run / "log" / "cells.parquet").exists() else None


def write_log(con, tmp: Path, previous: Path | None, cells: list[str], run_row: dict) -> None:
    """log/cells.parquet (this run's cells), log/revisions.parquet (every
    revision so far: the previous run's and this run's against it) and
    log/runs.parquet (every run so far)."""
    log = tmp / "log"
    log.mkdir()
    empty_cells = (
        "select null::varchar as run_id, null::varchar as variant, null::varchar as relation, "
        "null::varchar as cell_key, null::varchar as column_name, null::varchar as value limit 0"
    )
    con.execute(f"create or replace temp table new_cells as {' union all '.join(cells) or empty_cells}")
    con.execute(f"copy (select * from new_cells order by all) to {sql_literal(log / 'cells.parquet')} (format parquet)")
    run_id = run_row["run_id"]
    if previous is None:
        con.execute(
            "create or replace temp table new_revisions as select "
            "null::varchar as run_id, null::varchar as previous_run_id, null::varchar as variant, "
            "null::varchar as relation, null::varchar as cell_key, null::varchar as column_name, "
            "null::varchar as old_value, null::varchar as new_value, null::varchar as change limit 0"
        )
    else:
        con.execute(
            f"""
            create or replace temp table new_revisions as
            select
                {sql_literal(run_id)} as run_id,
                {sql_literal(previous.name)} as previous_run_id,
                coalesce(new.variant, old.variant) as variant,
                coalesce(new.relation, old.relation) as relation,
                coalesce(new.cell_key, old.cell_key) as cell_key,
                coalesce(new.column_name, old.column_name) as column_name,
                old.value as old_value,
                new.value as new_value,
                case
                    when old.run_id is null then 'added'
                    when new.run_id is null then 'removed'
                    else 'changed'
                end as change
            from new_cells as new
            full join read_parquet({sql_literal(previous / 'log' / 'cells.parquet')}) as old
                on new.variant = old.variant
                and new.relation = old.relation
                and new.cell_key = old.cell_key
                and new.column_name = old.column_name
            where old.run_id is null or new.run_id is null or old.value is distinct from new.value
            """
        )
    earlier_revisions = (
        f"select * from read_parquet({sql_literal(previous / 'log' / 'revisions.parquet')}) union all "
        if previous
        else ""
    )
    con.execute(
        f"create or replace temp table all_revisions as {earlier_revisions}select * from new_revisions"
    )
    con.execute(f"copy (select * from all_revisions order by all) to {sql_literal(log / 'revisions.parquet')} (format parquet)")
    run_row = {
        **run_row,
        "logged_cells": con.execute("select count(*) from new_cells").fetchall()[0][0],
        "changed_cells": con.execute(
            "select count(*) from new_revisions where change = 'changed'"
        ).fetchall()[0][0],
    }
    columns = ", ".join(
        f"{sql_literal(v) if isinstance(v, str) else ('null' if v is None else v)}::"
        f"{'bigint' if isinstance(v, int) else 'varchar'} as {quoted(k)}"
        for k, v in run_row.items()
    )
    earlier_runs = (
        f"select * from read_parquet({sql_literal(previous / 'log' / 'runs.parquet')}) union all by name "
        if previous
        else ""
    )
    con.execute(f"create or replace temp table all_runs as {earlier_runs}select {columns}")
    con.execute(f"copy (select * from all_runs order by run_id) to {sql_literal(log / 'runs.parquet')} (format parquet)")


def metadata_query(metadata: dict) -> str:
    return "select " + ", ".join(
        f"{'null' if v is None else sql_literal(v)}::varchar as {quoted(k)}" for k, v in metadata.items()
    )


# --------------------------------------------------------------------------
# Publish
# --------------------------------------------------------------------------


def publish(database: Path, target: Path, root: Path, run_results: dict, manifest: dict) -> Path:
    runs_dir = root / "runs"
    runs_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        con.execute(f"attach {sql_literal(database)} as work (read_only)")
        metadata = build_metadata(con, run_results, manifest)
        run_id = metadata["run_id"]
        final = runs_dir / run_id
        if final.exists():
            raise NotPublished(f"run {run_id} is already published in {final}")
        previous = previous_run(root)
        tmp = runs_dir / f".tmp-{run_id}-{os.getpid()}"
        try:
            keys = primary_keys(manifest)
            relations = mart_relations(con)
            variants = {
                "internal": {n: n for n in relations if not n.endswith(PUBLIC_SUFFIX)},
                "public": {n[: -len(PUBLIC_SUFFIX)]: n for n in relations if n.endswith(PUBLIC_SUFFIX)},
            }
            cells = []
            for variant, published in variants.items():
                for name, relation in published.items():
                    if name.startswith(UNLOGGED_PREFIXES):
                        continue
                    key = keys.get(relation)
                    if not key:
                        print(f"publish: {relation} has no primary-key test; its cells are not logged", file=sys.stderr)
                        continue
                    source = f"work.{MARTS_SCHEMA}.{quoted(relation)}"
                    query = cells_query(con, run_id, variant, name, source, key)
                    if query:
                        cells.append(query)
            run_row = {k: metadata[k] for k in (
                "run_id", "built_at", "published_at", "data_through", "project_version",
                "git_commit", "rule_version", "next_expected_update", "dbt_invocation_id",
            )}
            tmp.mkdir()
            write_log(con, tmp, previous, cells, run_row)
            for variant, published in variants.items():
                if not published:
                    continue
                folder = tmp if variant == "internal" else tmp / "public"
                variant_metadata = {**metadata, "variant": variant}
                tables = {
                    name: f"select * from work.{MARTS_SCHEMA}.{quoted(relation)}"
                    for name, relation in published.items()
                }
                tables[METADATA_TABLE] = metadata_query(variant_metadata)
                tables[RUNS_TABLE] = "select * from all_runs"
                tables[REVISIONS_TABLE] = (
                    f"select * exclude (variant) from all_revisions where variant = {sql_literal(variant)}"
                )
                write_variant(con, folder, tables, variant_metadata)
                measures = "mart_jobindsats_measures" + ("" if variant == "internal" else PUBLIC_SUFFIX)
                write_jobindsats(con, measures, folder / "jobindsats", variant_metadata)
            os.rename(tmp, final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    finally:
        con.close()
    link = root / f".current.tmp-{os.getpid()}"
    if link.is_symlink():
        link.unlink()
    os.symlink(os.path.join("runs", run_id), link)
    os.replace(link, root / "current")
    return final


def current_description(root: Path) -> str:
    current = root / "current"
    if current.is_symlink():
        return f"{current} -> {os.readlink(current)}"
    return "none yet"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", type=Path, default=Path(os.environ.get("DBT_DUCKDB_PATH", "data/jobsamtaler.duckdb")))
    parser.add_argument("--target", type=Path, default=Path("target"), help="dbt target folder of the build")
    parser.add_argument("--out", type=Path, default=Path(os.environ.get("PUBLICATION_DIR", "data/publication")))
    parser.add_argument("--dbt-exit-code", type=int, default=None, help="exit code of the dbt build")
    args = parser.parse_args()
    root = args.out.resolve()
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".publish.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"publish: not published: another publisher holds {root / '.publish.lock'}", file=sys.stderr)
            return 1
        for stale in (root / "runs").glob(".tmp-*") if (root / "runs").exists() else ():
            shutil.rmtree(stale, ignore_errors=True)
        try:
            run_results, manifest = audit(args.target, args.dbt_exit_code)
            final = publish(args.database.resolve(), args.target, root, run_results, manifest)
        except KeyboardInterrupt:
            print(
                f"publish: interrupted, not published; the previous publication is untouched: "
                f"{current_description(root)}",
                file=sys.stderr,
            )
            return 130
        except (NotPublished, duckdb.Error, OSError) as error:
            reason = " ".join(str(error).split())  # one line, whatever the error's text
            print(
                f"publish: not published ({reason}); the previous publication is untouched: "
                f"{current_description(root)}",
                file=sys.stderr,
            )
            return 1
    print(f"publish: published run {final.name}: {root / 'current'} -> {final}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
