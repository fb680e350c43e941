"""Shared fixtures: run dbt in a subprocess on a register folder and an
isolated DuckDB file and target folder, so tests never touch the user's
database, and read the results back with duckdb."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(PROJECT_DIR / "scripts"))

DBT = str(Path(sys.executable).with_name("dbt"))


@dataclass
class DbtResult:
    returncode: int
    output: str
    database: Path
    target: Path

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        con = duckdb.connect(str(self.database), read_only=True)
        try:
            return con.execute(sql, params or []).fetchall()
        finally:
            con.close()

    def run_results(self) -> list[dict]:
        return json.loads((self.target / "run_results.json").read_text())["results"]


def run_dbt(
    args: list[str],
    work_dir: Path,
    raw_dir: Path | None = None,
    env: dict | None = None,
    project_dir: Path = PROJECT_DIR,
    **dbt_vars,
) -> DbtResult:
    """Run `dbt <args>` in the project (or in project_dir, a copy of it) with
    its database and target folder inside work_dir, reading registers from
    raw_dir; `env` adds environment variables (e.g. TZ)."""
    work_dir.mkdir(parents=True, exist_ok=True)
    database = work_dir / "jobsamtaler.duckdb"
    target = work_dir / "target"
    env = dict(os.environ, DBT_DUCKDB_PATH=str(database), DBT_LOG_PATH=str(work_dir / "logs"), **(env or {}))
    command = [DBT, *args, "--target-path", str(target)]
    if raw_dir is not None:
        dbt_vars["raw_dir"] = str(raw_dir)
    if dbt_vars:
        command += ["--vars", json.dumps(dbt_vars)]
    completed = subprocess.run(
        command,
        cwd=project_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    return DbtResult(completed.returncode, completed.stdout + completed.stderr, database, target)


SAMPLE_PERSONS = 1500


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """One `dbt build` of the whole project on a generated sample with bad
    rows, shared by every test that needs a built project: (result, raw
    folder, work folder). The build's run_results.json and manifest.json are
    also kept in work/build_target/, since later dbt commands in work/ (docs
    generate) overwrite target/ and the publisher audits those files."""
    from generate_registers import generate

    work = tmp_path_factory.mktemp("sample")
    raw = work / "raw"
    generate(raw, persons=SAMPLE_PERSONS, seed=7, bad_rows=0.01, progress=False)
    result = run_dbt(["build"], work, raw)
    kept = work / "build_target"
    kept.mkdir()
    for name in ("run_results.json", "manifest.json"):
        if (result.target / name).exists():
            shutil.copy2(result.target / name, kept / name)
    return result, raw, work


@pytest.fixture(scope="session")
def parsed_manifest(tmp_path_factory) -> dict:
    """The manifest of the project as `dbt parse` writes it."""
    work = tmp_path_factory.mktemp("parse")
    result = run_dbt(["parse"], work)
    assert result.returncode == 0, result.output
    return json.loads((result.target / "manifest.json").read_text())


def pytest_addoption(parser):
    parser.addoption(
        "--slow",
        action="store_true",
        default=False,
        help="long profiles of the property tests (test_differential: hundreds of examples, "
        "thousands of persons); also JOBSAMTALER_SLOW=1",
    )
