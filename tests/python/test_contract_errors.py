"""A missing register file or a missing contracted column stops `dbt build`
before any model is built, with a message naming the register, the file and
the column (macro assert_registers_readable)."""

from __future__ import annotations

from conftest import run_dbt
from registers import write_registers


def test_missing_file_names_register_and_path(tmp_path):
    raw = write_registers(tmp_path / "raw", {}, skip=["tass_fravaer"])
    result = run_dbt(["build"], tmp_path, raw)
    assert result.returncode != 0
    expected = f"register 'tass_fravaer': file '{raw}/tass_fravaer.parquet' not found"
    assert expected in result.output, result.output
    assert "OK created" not in result.output


def test_missing_column_names_register_path_and_column(tmp_path):
    raw = write_registers(tmp_path / "raw", {}, drop_columns={"tass_samtale": ["kontaktform"]})
    result = run_dbt(["build"], tmp_path, raw)
    assert result.returncode != 0
    expected = (
        f"register 'tass_samtale': file '{raw}/tass_samtale.parquet' has no column 'kontaktform'"
    )
    assert expected in result.output, result.output
    assert "OK created" not in result.output


def test_extra_columns_are_ignored(tmp_path):
    import duckdb

    from test_quarantine import REQUIRED_ROWS

    raw = write_registers(
        tmp_path / "raw", {"cpr_person": [{"person_id": "P1", "foedselsdato": "1980-01-01"}], **REQUIRED_ROWS}
    )
    path = raw / "cpr_person.parquet"
    duckdb.sql(
        f"copy (select *, 'x' as ekstra from '{path}') to '{tmp_path / 'tmp.parquet'}' (format parquet)"
    )
    (tmp_path / "tmp.parquet").replace(path)
    result = run_dbt(["build", "--select", "path:seeds", "+path:models/staging", "--indirect-selection", "cautious"], tmp_path, raw)
    assert result.returncode == 0, result.output
    assert result.query("select person_id from staging.stg_cpr_person") == [("P1",)]
    # an empty register that the measures can do without only warns (issue 8)
    assert f"register 'tass_samtale': file '{raw}/tass_samtale.parquet' has no rows" in result.output
