"""scripts/replay_sql.py (issue 12), the build's SQL without dbt, on the
sample build: it replays every table model and every data test, finds the
same failing rows as dbt did, leaves the built database as it was, and stops
with one line naming the node whose SQL fails or the file that is missing."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from conftest import PROJECT_DIR

SCRIPT = str(PROJECT_DIR / "scripts" / "replay_sql.py")
TABLES = "select schema_name, table_name, estimated_size from duckdb_tables() order by all"


def run_replay(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, SCRIPT, *args], cwd=PROJECT_DIR,
                          capture_output=True, text=True, timeout=900)


def test_replay_runs_every_table_model_and_data_test_as_dbt_did(sample_build, tmp_path):
    result, _, work = sample_build
    manifest_path = work / "build_target" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    tables_before = result.query(TABLES)
    nodes_json = tmp_path / "nodes.json"

    completed = run_replay("--database", str(result.database), "--manifest", str(manifest_path),
                           "--json", str(nodes_json), "--build-cpu", "1000")

    assert completed.returncode == 0, completed.stderr
    replayed = json.loads(nodes_json.read_text())
    manifest_models = {node["name"] for node in manifest["nodes"].values()
                       if node["resource_type"] == "model" and node["config"]["materialized"] == "table"}
    manifest_tests = {node["name"] for node in manifest["nodes"].values() if node["resource_type"] == "test"}
    assert {r["name"] for r in replayed if r["kind"] == "model"} == manifest_models
    assert {r["name"] for r in replayed if r["kind"] == "test"} == manifest_tests
    assert len(manifest_models) > 40 and len(manifest_tests) > 400
    # Every data test counts the rows dbt counted (the sample has bad rows,
    # so the warn-severity tests may count some).
    dbt_failures = {r["unique_id"].split(".")[2]: r["failures"] for r in
                    json.loads((work / "build_target" / "run_results.json").read_text())["results"]
                    if r["unique_id"].startswith("test.")}
    assert {r["name"]: r["failing_rows"] for r in replayed if r["kind"] == "test"} == dbt_failures
    assert all(r["cpu"] >= 0 and r["wall"] > 0 for r in replayed)
    assert "replay_floor" in completed.stdout and "replay_models    tables=" in completed.stdout
    dbt_line = re.search(r"build cpu 1000\.0s - replayed cpu [0-9.]+s = ([0-9.]+)s \(dbt's own work",
                         completed.stdout)
    assert dbt_line and abs(float(dbt_line[1]) - (1000 - sum(r["cpu"] for r in replayed))) < 0.11
    # Attached read-only: the build's tables are as they were, and no
    # scratch file is left beside the database.
    assert result.query(TABLES) == tables_before
    assert not list(result.database.parent.glob("jobsamtaler-replay-*"))


def test_replay_names_the_node_whose_sql_fails(sample_build, tmp_path):
    result, _, work = sample_build
    manifest = json.loads((work / "build_target" / "manifest.json").read_text())
    node = manifest["nodes"]["model.jobsamtaler.int_benefit_courses"]
    node["compiled_code"] = "select * from no_such_table"
    broken = tmp_path / "manifest.json"
    broken.write_text(json.dumps(manifest))

    completed = run_replay("--database", str(result.database), "--manifest", str(broken))

    assert completed.returncode == 1
    assert completed.stderr.startswith("replay: model int_benefit_courses: Catalog Error")
    assert len(completed.stderr.strip().splitlines()) == 1


def test_replay_names_a_missing_database(tmp_path):
    completed = run_replay("--database", str(tmp_path / "absent.duckdb"),
                           "--manifest", str(tmp_path / "manifest.json"))

    assert completed.returncode == 1
    assert completed.stderr == f"replay: the database file '{tmp_path / 'absent.duckdb'}' does not exist\n"
