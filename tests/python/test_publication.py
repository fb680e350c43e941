"""Write-audit-publish (issue 9): the session's sample build is published;
the publication holds every mart as Parquet, CSV and a DuckDB file that a
DuckDB 1.x client (its own environment) opens, and never the quarantine's
raw rows; a build that failed, was partial or was interrupted publishes
nothing and leaves the previous publication as it was; a second build on
registers with late interviews is published beside the first, while a
reader holds the first open, and its revisions name exactly the cells and
courses the late interviews moved."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

import publish
import revised_courses
from conftest import PROJECT_DIR, run_dbt

METADATA_KEYS = {
    "run_id", "data_through", "built_at", "project_version", "git_commit",
    "rule_version", "next_expected_update", "variant",
}
PUBLISHER_TABLES = {publish.METADATA_TABLE, publish.RUNS_TABLE, publish.REVISIONS_TABLE}
# Prints the tables of a DuckDB file and their row counts, reading every row.
READER = """
import duckdb, json, sys
con = duckdb.connect(sys.argv[1], read_only=True)
tables = [r[0] for r in con.execute(
    "select table_name from information_schema.tables where table_schema = 'main' order by 1").fetchall()]
counts = {t: len(con.execute(f'select * from "{t}"').fetchall()) for t in tables}
print(json.dumps({"version": duckdb.__version__, "counts": counts}), flush=True)
if len(sys.argv) > 2:
    sys.stdin.readline()  # hold the file open until told
    print(json.dumps(con.execute(sys.argv[2]).fetchall(), default=str), flush=True)
"""


def run_publish(result, root: Path, exit_code: int = 0) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(PROJECT_DIR / "scripts" / "publish.py"), "--database", str(result.database),
         "--target", str(result.target), "--out", str(root), "--dbt-exit-code", str(exit_code)],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=600,
    )


def work_marts(result) -> dict[str, int]:
    """Relation of schema marts of the work database -> its row count."""
    return {
        name: result.query(f'select count(*) from marts."{name}"')[0][0]
        for (name,) in result.query("select table_name from duckdb_tables() where schema_name = 'marts'")
    }


@pytest.fixture(scope="session")
def duckdb1_python() -> Path:
    """A Python environment of its own with a DuckDB 1.x client (PyPI),
    cached in .cache/duckdb1 of the project."""
    env_dir = PROJECT_DIR / ".cache" / "duckdb1"
    python = env_dir / "bin" / "python"
    check = [str(python), "-c", "import duckdb, sys; sys.exit(not duckdb.__version__.startswith('1.'))"]
    if not python.exists() or subprocess.run(check, capture_output=True).returncode != 0:
        # uv as scripts/setup_env.sh provides it: on PATH, or pip-installed as a module
        uv = [shutil.which("uv")] if shutil.which("uv") else ["python3", "-m", "uv"]
        env = dict(os.environ, UV_PYTHON_DOWNLOADS="never")
        subprocess.run([*uv, "venv", "--quiet", "--clear", "--python", sys.executable, str(env_dir)],
                       check=True, env=env, timeout=300)
        subprocess.run([*uv, "pip", "install", "--quiet", "--python", str(python), "duckdb>=1.0,<1.5"],
                       check=True, env=env, timeout=600)
    return python


@pytest.fixture(scope="session")
def first_publication(sample_build, tmp_path_factory):
    result, raw, work = sample_build
    assert result.returncode == 0, result.output[-3000:]
    root = tmp_path_factory.mktemp("publication")
    completed = run_publish(result, root)
    assert completed.returncode == 0, completed.stderr
    assert "published run" in completed.stderr
    return root, (root / "current").resolve()


def test_publication_is_a_run_folder_behind_the_current_symlink(first_publication):
    root, run = first_publication
    assert os.readlink(root / "current") == os.path.join("runs", run.name)
    assert run.parent == root / "runs"
    assert not [p for p in (root / "runs").iterdir() if p.name.startswith(".")], "temporary folder left"


def test_every_mart_is_published_as_parquet_csv_and_in_the_database(first_publication, sample_build):
    _, run = first_publication
    result = sample_build[0]
    marts = work_marts(result)
    assert "mart_data_quality" in marts
    internal = {n: c for n, c in marts.items() if not n.endswith(publish.PUBLIC_SUFFIX)}
    expected = set(internal) | PUBLISHER_TABLES
    assert {p.stem for p in (run / "parquet").glob("*.parquet")} == expected
    assert {p.stem for p in (run / "csv").glob("*.csv")} == expected
    con = duckdb.connect(str(run / "jobsamtaler.duckdb"), read_only=True)
    try:
        assert {t for (t,) in con.execute("select table_name from information_schema.tables").fetchall()} == expected
        for name, count in internal.items():
            assert con.execute(f'select count(*) from "{name}"').fetchall()[0][0] == count, name
            parquet = run / "parquet" / f"{name}.parquet"
            assert con.execute(f"select count(*) from '{parquet}'").fetchall()[0][0] == count, name
            csv = run / "csv" / f"{name}.csv"
            header = csv.read_text().splitlines()[0].split(",")
            assert header == [c for (c, *_) in con.execute(f'describe "{name}"').fetchall()], name
            assert len(csv.read_text().splitlines()) == count + 1, name
    finally:
        con.close()
    public = {n for n in marts if n.endswith(publish.PUBLIC_SUFFIX)}
    assert (run / "public").exists() == bool(public)


def test_metadata_is_in_every_publication_and_export(first_publication, sample_build):
    _, run = first_publication
    result = sample_build[0]
    metadata = json.loads((run / "metadata.json").read_text())
    assert METADATA_KEYS <= set(metadata)
    assert metadata["run_id"] == run.name and metadata["variant"] == "internal"
    latest = result.query(
        "select max(latest_date) from marts.mart_data_quality "
        "where register in ('ram_ledighed', 'fleur_udbetaling')"
    )[0][0]
    assert metadata["data_through"] == latest.isoformat()
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=PROJECT_DIR, capture_output=True, text=True)
    if head.returncode == 0:
        assert metadata["git_commit"].startswith(head.stdout.strip())
    assert metadata["project_version"] == "0.1.0"
    assert metadata["rule_version"].startswith("measures-v1-2024-05-31+seeds.")
    built = dt.datetime.fromisoformat(metadata["built_at"].replace("Z", "+00:00"))
    assert dt.date.fromisoformat(metadata["next_expected_update"]) > built.date()
    con = duckdb.connect()
    try:
        for parquet in (run / "parquet").glob("*.parquet"):
            kv = dict(con.execute(
                f"select decode(key), decode(value) from parquet_kv_metadata('{parquet}')"
            ).fetchall())
            assert kv["run_id"] == run.name and kv["data_through"] == metadata["data_through"], parquet.name
        row = con.execute(f"select * from '{run / 'parquet' / 'publication_metadata.parquet'}'").fetchall()
        assert len(row) == 1 and run.name in row[0]
    finally:
        con.close()


def test_next_expected_update_is_the_next_publication_day():
    assert publish.next_update(dt.date(2025, 1, 14), 15) == dt.date(2025, 1, 15)
    assert publish.next_update(dt.date(2025, 1, 15), 15) == dt.date(2025, 2, 15)
    assert publish.next_update(dt.date(2025, 12, 20), 15) == dt.date(2026, 1, 15)
    assert publish.next_update(dt.date(2025, 1, 31), 31) == dt.date(2025, 2, 28)


def test_quarantine_raw_rows_and_upstream_layers_are_never_published(first_publication):
    _, run = first_publication
    con = duckdb.connect()
    try:
        for parquet in run.rglob("*.parquet"):
            assert not parquet.stem.startswith(("base_", "stg_", "int_")), parquet
            columns = {c for (c, *_) in con.execute(f"describe select * from '{parquet}'").fetchall()}
            assert not columns & {"raw_row", "birth_date", "foedselsdato"}, parquet
        cells = con.execute(
            f"select distinct column_name from '{run / 'log' / 'cells.parquet'}'"
        ).fetchall()
        assert ("raw_row",) not in cells
    finally:
        con.close()


def test_published_database_opens_in_a_duckdb_1x_client(first_publication, sample_build, duckdb1_python):
    _, run = first_publication
    completed = subprocess.run(
        [str(duckdb1_python), "-c", READER, str(run / "jobsamtaler.duckdb")],
        capture_output=True, text=True, timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    read = json.loads(completed.stdout)
    assert read["version"].startswith("1.")
    marts = work_marts(sample_build[0])
    for name, count in marts.items():
        if not name.endswith(publish.PUBLIC_SUFFIX):
            assert read["counts"][name] == count, name


# --------------------------------------------------------------------------
# The gate
# --------------------------------------------------------------------------


def doctored_target(tmp_path: Path, result, change) -> Path:
    """A copy of the build's target folder whose run results `change` edits."""
    target = tmp_path / "target"
    target.mkdir()
    shutil.copy(result.target / "manifest.json", target / "manifest.json")
    run_results = json.loads((result.target / "run_results.json").read_text())
    change(run_results)
    (target / "run_results.json").write_text(json.dumps(run_results))
    return target


def _fail_first_test(run_results):
    test = next(r for r in run_results["results"] if r["unique_id"].startswith("test."))
    test["status"] = "fail"


def _error_first_model(run_results):
    model = next(r for r in run_results["results"] if r["unique_id"].startswith("model."))
    model["status"] = "error"


def _skip_a_model(run_results):
    model = next(r for r in run_results["results"] if r["unique_id"].startswith("model."))
    model["status"] = "skipped"


def _drop_a_model(run_results):
    run_results["results"] = [r for r in run_results["results"] if r["unique_id"] != "model.jobsamtaler.mart_data_quality"]


def _other_invocation(run_results):
    run_results["metadata"]["invocation_id"] = "00000000-0000-0000-0000-000000000000"


def _not_a_build(run_results):
    run_results["args"]["which"] = "run"


@pytest.mark.parametrize(
    "change, reason",
    [
        (_fail_first_test, "did not pass"),
        (_error_first_model, "did not pass"),
        (_skip_a_model, "did not pass"),
        (_drop_a_model, "did not run 1 nodes"),
        (_other_invocation, "interrupted"),
        (_not_a_build, "not 'build'"),
    ],
)
def test_gate_refuses_a_build_that_did_not_fully_pass(sample_build, tmp_path, change, reason):
    target = doctored_target(tmp_path, sample_build[0], change)
    with pytest.raises(publish.NotPublished, match=reason):
        publish.audit(target, 0)


def test_gate_accepts_the_passing_build_and_refuses_its_nonzero_exit(sample_build):
    result = sample_build[0]
    publish.audit(result.target, 0)
    with pytest.raises(publish.NotPublished, match="exited with code 1"):
        publish.audit(result.target, 1)


def test_failed_build_leaves_the_previous_publication_untouched(first_publication, sample_build, tmp_path):
    root, run = first_publication
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    completed = run_publish(sample_build[0], root, exit_code=1)
    assert completed.returncode == 1
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1 and "not published" in lines[0] and "untouched" in lines[0], completed.stderr
    # a doctored interrupted build, through the command
    interrupted = doctored_target(tmp_path, sample_build[0], _other_invocation)
    completed = subprocess.run(
        [sys.executable, str(PROJECT_DIR / "scripts" / "publish.py"), "--database", str(sample_build[0].database),
         "--target", str(interrupted), "--out", str(root)],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300,
    )
    assert completed.returncode == 1 and "interrupted" in completed.stderr
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before
    assert (root / "current").resolve() == run


# --------------------------------------------------------------------------
# Vintages and revisions: a second build with late interviews
# --------------------------------------------------------------------------


def add_late_interviews(result, raw: Path, raw2: Path, courses: int = 3) -> list[dict]:
    """Copy the registers, adding one held in-person job interview by the
    jobcentre on a free day inside the measurement period of a few included
    group-1 courses with fewer than three counted interviews (R10: it counts,
    so each moves up one interview bucket)."""
    shutil.copytree(raw, raw2)
    chosen = result.query(
        f"""
        select person_id, placement_date, report_month, municipality_code, region_code,
            measurement_start, measurement_end, interviews_counted, interview_bucket
        from marts.fct_early_effort_person
        where cohort_group = '1' and not is_excluded and interviews_counted < 3
            and measurement_start is not null and measurement_end >= measurement_start
        order by person_id, placement_date
        limit {courses}
        """
    )
    assert len(chosen) == courses
    names = ["person_id", "placement_date", "report_month", "municipality_code", "region_code",
             "measurement_start", "measurement_end", "interviews_counted", "interview_bucket"]
    moved = [dict(zip(names, row)) for row in chosen]
    con = duckdb.connect()
    try:
        interviews = raw / "tass_samtale.parquet"
        con.execute(f"create table t as select * from '{interviews}'")
        for i, course in enumerate(moved):
            taken = {d for (d,) in con.execute(
                "select samtale_dato from t where person_id = ?", [course["person_id"]]
            ).fetchall()}
            day = course["measurement_start"]
            while day in taken:
                day += dt.timedelta(days=1)
            assert day <= course["measurement_end"]
            con.execute(
                "insert into t (samtale_id, person_id, samtale_dato, samtaletype, kontaktform, afholdt_af, "
                "kommune_kode, a_kasse, status) values (?, ?, ?, 'JOBSAMTALE', 'FREMMOEDE', 'JOBCENTER', ?, null, 'AFHOLDT')",
                [f"LATE{i}", course["person_id"], day, course["municipality_code"] or 101],
            )
        con.execute(f"copy t to '{raw2 / 'tass_samtale.parquet'}' (format parquet)")
    finally:
        con.close()
    return moved


@pytest.fixture(scope="session")
def second_publication(first_publication, sample_build, duckdb1_python, tmp_path_factory):
    """The late-interview build, built (data tests, no unit tests: they pin
    code, which did not change) and published while a DuckDB 1.x client and
    an in-process connection hold the first publication open."""
    root, first = first_publication
    result, raw, _ = sample_build
    work = tmp_path_factory.mktemp("late")
    moved = add_late_interviews(result, raw, work / "raw")
    query = "select sum(m2_interviews_0) from mart_early_effort_monthly"
    reader = subprocess.Popen(
        [str(duckdb1_python), "-c", READER, str(root / "current" / "jobsamtaler.duckdb"), query],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    held = duckdb.connect(str(root / "current" / "jobsamtaler.duckdb"), read_only=True)
    try:
        assert json.loads(reader.stdout.readline())["counts"]
        before = held.execute(query).fetchall()[0][0]
        build = run_dbt(["build", "--exclude", "resource_type:unit_test"], work, work / "raw")
        assert build.returncode == 0, build.output[-3000:]
        completed = run_publish(build, root)
        assert completed.returncode == 0, completed.stderr
        # the readers still read the first publication, unchanged
        assert held.execute(query).fetchall()[0][0] == before
        out, err = reader.communicate("\n", timeout=120)
        assert reader.returncode == 0, err
        assert json.loads(out) == [[before]]
    finally:
        held.close()
        if reader.poll() is None:
            reader.kill()
    return root, first, (root / "current").resolve(), moved


def test_second_publication_is_kept_beside_the_first(second_publication):
    root, first, second, _ = second_publication
    assert first != second and first.exists() and second.exists()
    assert os.readlink(root / "current") == os.path.join("runs", second.name)
    runs = duckdb.execute(f"select run_id from '{second / 'parquet' / 'publication_runs.parquet'}' order by 1").fetchall()
    assert runs == [(first.name,), (second.name,)]
    # the first run's files are those it was published with
    assert json.loads((first / "metadata.json").read_text())["run_id"] == first.name
    assert duckdb.execute(f"select count(*) from '{first / 'log' / 'revisions.parquet'}'").fetchall()[0][0] == 0


def test_revisions_list_exactly_the_cells_the_late_interviews_changed(second_publication):
    _, first, second, moved = second_publication
    con = duckdb.connect()
    try:
        revisions = con.execute(
            f"""
            select cell_key, column_name, old_value, new_value, change, previous_run_id
            from '{second / 'parquet' / 'publication_revisions.parquet'}'
            where relation = 'mart_early_effort_monthly' and run_id = ?
            """,
            [second.name],
        ).fetchall()
    finally:
        con.close()
    assert revisions
    assert {r[4] for r in revisions} == {"changed"}
    assert {r[5] for r in revisions} == {first.name}
    # expected m2 deltas per geography: each course leaves its bucket for the next
    buckets = ["0", "1", "2", "3plus"]
    expected: dict[tuple, int] = {}
    for course in moved:
        month = course["report_month"].isoformat()
        geos = [("kommune", str(course["municipality_code"])), ("region", str(course["region_code"] or 0)),
                ("hele_landet", "DK")]
        old = buckets.index(course["interview_bucket"].replace("+", "plus"))
        for level, code in geos:
            for bucket, delta in ((buckets[old], -1), (buckets[old + 1], +1)):
                key = (month, level, code, f"m2_interviews_{bucket}")
                expected[key] = expected.get(key, 0) + delta
    expected = {k: v for k, v in expected.items() if v}
    seen = {}
    for cell_key, column, old_value, new_value, _, _ in revisions:
        key = json.loads(cell_key)
        if column.startswith("m2_"):
            seen[(key["report_month"], key["geo_level"], key["geo_code"], column)] = int(new_value) - int(old_value)
    assert seen == expected
    changed_geos = {tuple(json.loads(r[0]).values()) for r in revisions}
    assert changed_geos == {k[:3] for k in expected}


def test_courses_behind_the_revisions_are_found_from_the_person_facts(second_publication):
    _, first, second, moved = second_publication
    rows = revised_courses.moved_courses(first, second, "fct_early_effort_person")
    assert {(r["person_id"], r["placement_date"]) for r in rows} == {
        (c["person_id"], c["placement_date"]) for c in moved
    }
    for row in rows:
        assert row["movement"] == "moved"
        course = next(c for c in moved if c["person_id"] == row["person_id"])
        assert row["old_interview_bucket"] == course["interview_bucket"]
        assert row["new_interview_bucket"] != course["interview_bucket"]
    assert revised_courses.moved_courses(first, second, "fct_focus_target_person") == []
