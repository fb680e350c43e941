"""Where a build's CPU goes without dbt (issue 12): replay the compiled SQL of
every table model and every data test of a finished build, one node at a
time, against the database that build wrote, and print the CPU and wall
time of each and in total.

    python scripts/replay_sql.py --database /tmp/b/full.duckdb \\
        --manifest /tmp/b/target_full/manifest.json [--top 10]

`scripts/benchmark.sh` runs it after each build when BENCH_REPLAY=1.

What it measures: DuckDB alone on the build's own SQL and tables, with the
settings of profiles.yml (read from that file: memory limit, threads, time
zone, insertion order, checkpoint threshold). What it leaves out: dbt's
parsing, compiling and bookkeeping of every node, its running two nodes at
once, and the unit tests (their SQL runs on fixtures of a few rows; their
cost is dbt's Python). So the models' and data tests' CPU divided by the
cores is the least wall time any build of this SQL can take on the machine,
whatever dbt does, and the build's CPU minus the replay's is what dbt and
running nodes side by side add.

The built database is attached read-only under the catalog name the SQL
uses, so it is never changed. Each model's table is written into a scratch
database file (on disk, as in the build, since writing a table into a
database file costs several times a temporary table) and dropped. A data
test's failing rows are counted, as dbt counts them: a test that passed in
the build and returns rows here means the replay does not reproduce it.
Views are not replayed alone: their SQL runs inside each model and test that
reads them.
Exit status 1, with one line naming the node, when a node's SQL fails.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import yaml

PROFILE = Path(__file__).resolve().parents[1] / "profiles.yml"


def cpu_seconds() -> float:
    """User and system CPU seconds of this process, DuckDB's threads included."""
    times = os.times()
    return times.user + times.system


def settings() -> dict[str, str]:
    """The database settings of profiles.yml's dev output: its `settings`
    block, and the memory limit and threads from the same variables (and the
    memory limit's default) as its config_options."""
    output = yaml.safe_load(PROFILE.read_text())["jobsamtaler"]["outputs"]["dev"]
    values = {name: str(value).lower() if isinstance(value, bool) else str(value)
              for name, value in output["settings"].items()}
    default = re.search(r"env_var\('DBT_DUCKDB_MEMORY_LIMIT', '([^']+)'\)", output["config_options"])
    if default is None:
        raise SystemExit(f"replay: no default of DBT_DUCKDB_MEMORY_LIMIT in '{PROFILE}'")
    values["memory_limit"] = os.environ.get("DBT_DUCKDB_MEMORY_LIMIT") or default.group(1)
    if os.environ.get("DBT_DUCKDB_THREADS"):
        values["threads"] = os.environ["DBT_DUCKDB_THREADS"]
    return values


def replayed_nodes(manifest: dict) -> list[tuple[str, str, str, str]]:
    """(kind, name, catalog, compiled SQL) of each table model, then each data
    test, in the manifest's order."""
    models, tests = [], []
    for node in manifest["nodes"].values():
        code = node.get("compiled_code")
        if not code:
            continue
        if node["resource_type"] == "model" and node["config"].get("materialized") == "table":
            models.append(("model", node["name"], node["database"], code))
        elif node["resource_type"] == "test":
            tests.append(("test", node["name"], node["database"], code))
    return models + tests


def replay(database: Path, manifest: dict, config: dict[str, str],
           scratch_dir: Path) -> tuple[list[dict], str | None]:
    """Run every replayed node with the settings `config`; (one dict per node,
    the first failure or None)."""
    nodes = replayed_nodes(manifest)
    con = duckdb.connect(str(scratch_dir / "replay_scratch.duckdb"))
    try:
        # TimeZone needs the icu extension loaded first.
        con.execute("load icu")
        for name, value in {**config, "temp_directory": str(scratch_dir / "spill")}.items():
            con.execute(f"set {name} = ?", [value])
        literal = "'" + str(database).replace("'", "''") + "'"
        for catalog in sorted({catalog for _, _, catalog, _ in nodes}):
            con.execute(f'attach {literal} as "{catalog}" (read_only)')
        results = []
        for kind, name, _, code in nodes:
            if kind == "model":
                statement = f"create or replace table main.replayed as {code}"
            else:
                statement = f"select count(*) from ({code}) as failing_rows"
            started_cpu, started = cpu_seconds(), time.perf_counter()
            try:
                rows = con.execute(statement).fetchall()
            except duckdb.Error as error:
                first_line = str(error).splitlines()[0]
                return results, f"{kind} {name}: {first_line}"
            results.append({
                "kind": kind,
                "name": name,
                "cpu": cpu_seconds() - started_cpu,
                "wall": time.perf_counter() - started,
                "failing_rows": rows[0][0] if kind == "test" else 0,
            })
        con.execute("drop table if exists main.replayed")
        return results, None
    finally:
        con.close()


def report(results: list[dict], config: dict[str, str], top: int,
           build_cpu: float | None = None) -> list[str]:
    """The printed lines: totals per kind, the floor, what the build's CPU
    (when given) adds to the replay's, failing tests, slowest nodes."""
    cores = int(config.get("threads") or os.cpu_count() or 1)
    lines = [f"{'replay':16} memory_limit={config['memory_limit']} threads={cores}"]
    total_cpu = 0.0
    for kind, label in (("model", "tables"), ("test", "data_tests")):
        picked = [r for r in results if r["kind"] == kind]
        cpu = sum(r["cpu"] for r in picked)
        wall = sum(r["wall"] for r in picked)
        total_cpu += cpu
        lines.append(f"{'replay_' + kind + 's':16} {label}={len(picked)} cpu={cpu:8.1f}s "
                     f"wall={wall:8.1f}s (one node at a time)")
    lines.append(f"{'replay_floor':16} cpu={total_cpu:8.1f}s / {cores} cores = {total_cpu / cores:.1f}s "
                 "(least wall time of any build of this SQL here)")
    if build_cpu is not None:
        lines.append(f"{'dbt_and_overlap':16} build cpu {build_cpu:.1f}s - replayed cpu {total_cpu:.1f}s = "
                     f"{build_cpu - total_cpu:.1f}s (dbt's own work, unit tests, nodes side by side)")
    failing = [r for r in results if r["failing_rows"]]
    lines.append(f"{'replay_failures':16} {len(failing)} data tests return rows")
    lines += [f"  {r['failing_rows']:>10} rows  {r['name']}" for r in failing]
    lines.append("slowest replayed nodes (cpu, wall seconds):")
    for r in sorted(results, key=lambda r: r["cpu"], reverse=True)[:top]:
        lines.append(f"  {r['cpu']:8.2f} {r['wall']:8.2f}  {r['kind']} {r['name']}")
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, required=True, help="the DuckDB file a build wrote")
    parser.add_argument("--manifest", type=Path, required=True, help="that build's manifest.json")
    parser.add_argument("--top", type=int, default=10, help="slowest nodes to list")
    parser.add_argument("--json", type=Path, help="also write each node's figures here")
    parser.add_argument("--build-cpu", type=float,
                        help="the build's CPU seconds: also print what it adds to the replay's")
    args = parser.parse_args(argv)
    for label, path in (("database", args.database), ("manifest", args.manifest)):
        if not path.is_file():
            print(f"replay: the {label} file '{path}' does not exist", file=sys.stderr)
            return 1
    try:
        manifest = json.loads(args.manifest.read_text())
    except (OSError, ValueError) as error:
        print(f"replay: cannot read the manifest '{args.manifest}': {error}", file=sys.stderr)
        return 1
    config = settings()
    with tempfile.TemporaryDirectory(prefix="jobsamtaler-replay-",
                                     dir=args.database.resolve().parent) as scratch:
        results, failure = replay(args.database.resolve(), manifest, config, Path(scratch))
    if failure:
        print(f"replay: {failure}", file=sys.stderr)
        return 1
    print("\n".join(report(results, config, args.top, args.build_cpu)))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
