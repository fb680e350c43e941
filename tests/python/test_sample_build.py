"""The whole project built by `dbt build` on a generated sample with bad rows:
every model, every data test and every unit test passes (warnings allowed),
every raw row is staged or rejected, `dbt docs generate` works and each
model's yml documents exactly the columns the model has."""

from __future__ import annotations

import json

import duckdb

from conftest import run_dbt
from registers import CONTRACT


def test_build_passes_every_test(sample_build):
    result, _, _ = sample_build
    assert result.returncode == 0, result.output[-5000:]
    statuses = {r["status"] for r in result.run_results() if not r["unique_id"].startswith("exposure.")}
    assert statuses <= {"success", "pass", "warn"}, statuses
    # Every unit test of the project ran in this build.
    manifest = json.loads((result.target / "manifest.json").read_text())
    ran = {r["unique_id"] for r in result.run_results()}
    assert set(manifest["unit_tests"]) <= ran
    assert manifest["unit_tests"]


def test_every_raw_row_is_staged_or_rejected(sample_build):
    result, raw, _ = sample_build
    for register in CONTRACT:
        raw_rows = duckdb.sql(f"select count(*) from '{raw / (register + '.parquet')}'").fetchall()[0][0]
        staged = result.query(f"select count(*) from staging.stg_{register}")[0][0]
        rejected = result.query(
            "select count(*) from staging.stg_rejected_rows where register = ?", [register]
        )[0][0]
        assert raw_rows == staged + rejected, register
        assert rejected > 0, f"the sample's bad rows should reach {register}'s quarantine"


def test_docs_generate_and_every_column_is_documented(sample_build):
    _, raw, work = sample_build
    docs = run_dbt(["docs", "generate"], work, raw)
    assert docs.returncode == 0, docs.output[-3000:]
    catalog = json.loads((docs.target / "catalog.json").read_text())
    manifest = json.loads((docs.target / "manifest.json").read_text())
    for unique_id, node in catalog["nodes"].items():
        if not unique_id.startswith("model."):
            continue
        actual = set(node["columns"])
        documented = set(manifest["nodes"][unique_id]["columns"])
        assert actual == documented, (unique_id, actual ^ documented)
