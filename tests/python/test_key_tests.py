"""The key tests as the build compiled them (issue 12 replaced dbt's hash
aggregate in `unique` and `unique_combination_of_columns` by a sort): on a copy
of the sample build's database they pass, and fail on the row that a
duplicated key adds, counting its rows as dbt's own tests do."""

from __future__ import annotations

import json
import shutil

import duckdb
import pytest

CASES = [
    # (test name, relation, key columns)
    ("unique_base_fleur_udbetaling_source_row_number", "staging.base_fleur_udbetaling", ["source_row_number"]),
    ("unique_stg_tass_samtale_interview_id", "staging.base_tass_samtale", ["interview_id"]),
    (
        "unique_combination_of_columns_int_unemployment_payments_origin__source_row_number",
        "intermediate.int_unemployment_payments",
        ["origin", "source_row_number"],
    ),
]


@pytest.fixture(scope="module")
def compiled_tests(sample_build):
    result, _, work = sample_build
    manifest = json.loads((work / "build_target" / "manifest.json").read_text())
    return result, {node["name"]: node["compiled_code"] for node in manifest["nodes"].values() if node["resource_type"] == "test"}


@pytest.mark.parametrize(("test_name", "relation", "key"), CASES)
def test_key_test_passes_then_fails_on_a_duplicated_key(compiled_tests, tmp_path, test_name, relation, key):
    result, sql_by_name = compiled_tests
    sql = sql_by_name[test_name]
    assert "lag(" in sql, "the key test should be the sorted form (macros/generic_tests)"
    # same file name, so the compiled "jobsamtaler"."schema"."table" names resolve
    copy = tmp_path / result.database.name
    shutil.copy2(result.database, copy)
    con = duckdb.connect(str(copy))
    try:
        assert con.execute(sql).fetchall() == []
        # a staged row of a base table, so that its staging view shows the copy too
        where = "where reject_reason is null" if relation.startswith("staging.base_") else ""
        first = f"from {relation} {where} order by {', '.join(key)} limit 1"
        duplicated = con.execute(f"select {', '.join(key)} {first}").fetchall()[0]
        con.execute(f"insert into {relation} select * {first}")
        failures = con.execute(sql).fetchall()
    finally:
        con.close()
    assert failures == [(*duplicated, 2)], failures
