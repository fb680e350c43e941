"""Issue 8: nothing altered silently. A small generated extract is built
twice: clean, and with every fault of the issue added (one faulty register
set, one dbt build). Each fault must land in stg_rejected_rows with its
reason (or be clipped, or listed with its reason), raw = staged + rejected in
every register, and every person's published result must equal the clean
extract's. The clean build reads a raw_dir with a space, an apostrophe and a
semicolon; the faulty one runs in another time zone than the clean one, and
both read dates written as TIMESTAMP WITH TIME ZONE. The contract check's
one message listing every problem is tested on a third, broken folder."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import duckdb
import pytest

from conftest import run_dbt
from generate_registers import REGISTERS, generate

PERSONS = 150
FACTS = ["fct_early_effort_person", "fct_focus_target_person"]
DBT_ARGS = [
    "build",
    "--select",
    *[f"+{fact}" for fact in FACTS],
    "+stg_rejected_rows",
    "+stg_register_row_counts",
    "int_unused_payment_rows",
    "int_cross_register_rejects",
    "--resource-type",
    "model",
    "--resource-type",
    "seed",
]
# Columns written with another physical type than the contract's (the
# contract check accepts them; each value is cast and checked).
RETYPED = {
    "fleur_udbetaling": {"periode_til": "VARCHAR", "timer": "VARCHAR"},
    "tass_fravaer": {"til_dato": "VARCHAR"},
    "tass_samtale": {"kommune_kode": "INTEGER"},
    "uddannelsespaalaeg": {"fra_dato": "TIMESTAMPTZ", "til_dato": "TIMESTAMPTZ"},
}
BLANK_IDS = ["\t", "\n", "\u00a0", "\u200b", " \u200b\ufeff\t"]


def _write(con: duckdb.DuckDBPyConnection, raw_dir, register: str, select_sql: str, retype: bool) -> None:
    """Write one register from a query over its clean rows; with retype, the
    columns of RETYPED get their other physical type (TIMESTAMPTZ: the Danish
    midnight of the date, as pandas/pyarrow write it)."""
    columns = []
    for name, contract_type in REGISTERS[register]:
        typ = RETYPED.get(register, {}).get(name, contract_type) if retype else contract_type
        if typ == "TIMESTAMPTZ":
            columns.append(f"timezone('Europe/Copenhagen', cast({name} as timestamp)) as {name}")
        else:
            columns.append(f"cast({name} as {typ}) as {name}")
    target = os.path.join(raw_dir, f"{register}.parquet").replace("'", "''")
    con.execute(f"copy (select {', '.join(columns)} from ({select_sql})) to '{target}' (format parquet)")


def _offer(first: str, last: str, hours: str) -> str:
    """A løntilskud on a-dagpenge of person P_LT (no placement: no result to change)."""
    return (f"select 'P_LT' as person_id, 'LOENTILSKUD' as tilbud, 'A_DAGPENGE' as ydelsesgrundlag, "
            f"date '{first}' as fra_dato, date '{last}' as til_dato, {hours} as timer_pr_uge")


def _faulty_rows(con: duckdb.DuckDBPyConnection, clean) -> dict[str, list[tuple[str, str]]]:
    """Per register, (SQL of extra raw rows as text columns, expected reason).
    Every extra row copies a real row of the clean extract, so that a row
    that slipped through would change some person's result."""
    def src(register):
        return f"read_parquet('{clean / (register + '.parquet')}')"

    adag = f"(select * from {src('fleur_udbetaling')} where ydelse = 'ADAG' order by person_id, periode_fra limit 1)"
    ram = f"(select * from {src('ram_ledighed')} order by person_id, aar_uge limit 1)"
    interview = (f"(select * from {src('tass_samtale')} where afholdt_af = 'JOBCENTER' and status = 'AFHOLDT' "
                 "order by person_id, samtale_dato limit 1)")
    exemption = f"(select * from {src('tass_fravaer')} where til_dato is not null order by all limit 1)"
    placement = f"(select * from {src('taeller_dagpengeperiode')} order by all limit 1)"
    person = f"(select * from {src('cpr_person')} order by all limit 1)"
    blank = " union all ".join(f"select '{c}' as person_id" for c in BLANK_IDS)
    return {
        "fleur_udbetaling": [
            (f"select * from {adag}", "duplicate_row"),
            (f"select * replace ('1.00' as timer) from {adag}", "overlapping_period"),
            (f"select * replace ('7,40' as timer) from {adag}", "unparseable_timer"),
            (f"select * replace ('abc' as timer) from {adag}", "unparseable_timer"),
            (f"select * replace ('7.456' as timer) from {adag}", "unparseable_timer"),
            (f"select * replace ('20-08-2024' as periode_til) from {adag}", "unparseable_periode_til"),
            (f"select * replace (date '2017-05-01' as periode_fra, '2017-05-31' as periode_til, '100' as timer) "
             f"from {adag}", "outside_register_period"),
            (f"select * replace ('D' as forsikring, cast(6.01 * 5 as varchar) as timer, "
             f"date '2019-03-04' as periode_fra, '2019-03-08' as periode_til, 'P_PARTTIME' as person_id) "
             f"from {adag}", "absurd_hours"),
        ] + [(f"select * replace (b.person_id as person_id) from {adag}, ({blank}) b", "missing_person_id")] + [
            # R2: straddling 2017-07-01, counted from 2017-07-01 at its own rate (clipped, not rejected)
            (f"select * replace ('P_STRADDLE' as person_id, 'F' as forsikring, date '2017-06-26' as periode_fra, "
             f"'2017-07-07' as periode_til, '74.00' as timer) from {adag}", None),
        ],
        "ram_ledighed": [
            (f"select * from {ram}", "duplicate_row"),
            (f"select * replace ('2017-W30' as aar_uge) from {ram}", "outside_register_period"),
            (f"select * replace ('2016-W40' as aar_uge, 'DELTID' as forsikring, 30.01 as timer) from {ram}",
             "absurd_hours"),
        ],
        "tass_fravaer": [
            (f"select * replace ('not a date' as til_dato) from {exemption}", "unparseable_til_dato"),
            (f"select * replace ('20-08-2024' as til_dato) from {exemption}", "unparseable_til_dato"),
            (f"select * replace ('' as til_dato) from {exemption}", "unparseable_til_dato"),
            (f"select * from {exemption}", "duplicate_row"),
        ],
        "tass_samtale": [
            (f"select * replace ('X70000' as samtale_id, 70000 as kommune_kode) from {interview}",
             "unparseable_kommune_kode"),
            (f"select * replace ('X0' as samtale_id, 0 as kommune_kode) from {interview}",
             "unknown_municipality_code"),
            (f"select * replace ('XJC' as samtale_id, null as kommune_kode) from {interview}",
             "missing_municipality_code"),
            (f"select * replace ('XAK' as samtale_id, 'AKASSE' as afholdt_af, null as a_kasse) from {interview}",
             "missing_a_kasse"),
            (f"select * replace ('\u200b\t' as samtale_id) from {interview}", "missing_interview_id"),
            (f"select * from {interview}", "duplicate_row"),
        ],
        "taeller_dagpengeperiode": [
            (f"select * from {placement}", "duplicate_row"),
            ("select 'P_BORN_LATE' as person_id, date '2019-01-01' as indplaceringsdato, null as sidste_dag", None),
            ("select 'P_STRADDLE' as person_id, date '2017-06-01' as indplaceringsdato, null as sidste_dag", None),
        ] + [(f"select * replace (b.person_id as person_id) from {placement}, ({blank}) b", "missing_person_id")],
        "cpr_person": [
            (f"select * replace ('P_FUTURE' as person_id, date '2034-01-01' as foedselsdato) from {person}",
             "implausible_date"),
            (f"select * from {person}", "duplicate_row"),
            ("select 'P_BORN_LATE' as person_id, date '2019-06-01' as foedselsdato", None),
        ],
        "plan_tilbud": [
            (_offer("2019-01-07", "2019-02-28", "37.00"), None),
            (_offer("2019-02-01", "2019-03-29", "20.00"), "overlapping_period"),
            (_offer("2019-01-07", "2019-02-28", "37.00"), "duplicate_row"),
        ],
    }


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    work = tmp_path_factory.mktemp("faults")
    generated = work / "generated"
    generate(generated, persons=PERSONS, seed=11, progress=False)
    clean = work / "clean dir 'x'; select 1"  # raw_dir is data, never SQL
    faulty = work / "faulty"
    con = duckdb.connect()
    expected: dict[str, list[str | None]] = {}
    try:
        extra = _faulty_rows(con, generated)
        for raw_dir in (clean, faulty):
            raw_dir.mkdir()
            for register in REGISTERS:
                rows = f"select * from read_parquet('{generated / (register + '.parquet')}')"
                if raw_dir == faulty and register in extra:
                    names = ", ".join(name for name, _ in REGISTERS[register])
                    text = ", ".join(f"cast({name} as varchar) as {name}" for name, _ in REGISTERS[register])
                    parts = [f"select {text} from ({rows})"]
                    for sql, reason in extra[register]:
                        count = con.execute(f"select count(*) from ({sql})").fetchone()[0]
                        assert count > 0, (register, sql)
                        parts.append(f"select {text} from (select {names} from ({sql}))")
                        expected.setdefault(register, []).extend([reason] * count)
                    rows = " union all ".join(parts)
                _write(con, raw_dir, register, rows, retype=raw_dir == faulty or register == "uddannelsespaalaeg")
    finally:
        con.close()
    # the two builds are independent: run them side by side
    with ThreadPoolExecutor(max_workers=2) as pool:
        clean_build = pool.submit(run_dbt, DBT_ARGS, work / "clean_db", clean, env={"TZ": "UTC"})
        faulty_build = pool.submit(run_dbt, DBT_ARGS, work / "faulty_db", faulty, env={"TZ": "Pacific/Auckland"})
        clean_result, faulty_result = clean_build.result(), faulty_build.result()
    return clean_result, faulty_result, generated, faulty, expected


def test_both_extracts_build(builds):
    clean, faulty, *_ = builds
    assert clean.returncode == 0, clean.output[-4000:]
    assert faulty.returncode == 0, faulty.output[-4000:]


def test_every_fault_is_rejected_with_its_reason(builds):
    clean, faulty, generated, raw, expected = builds
    assert clean.query("select count(*) from staging.stg_rejected_rows") == [(0,)]
    for register, reasons in expected.items():
        clean_rows = duckdb.sql(f"select count(*) from '{generated / (register + '.parquet')}'").fetchall()[0][0]
        rejected = dict(faulty.query(
            "select source_row_number, reject_reason from staging.stg_rejected_rows where register = ?", [register]
        ))
        # the added rows follow the clean rows in the file, in order
        got = [rejected.get(clean_rows + i) for i in range(len(reasons))]
        assert got == reasons, register
        assert all(n >= clean_rows for n in rejected), (register, "a clean row was rejected")


def test_raw_rows_are_staged_or_rejected(builds):
    _, faulty, _, raw, _ = builds
    for register in REGISTERS:
        raw_count = duckdb.sql(f"select count(*) from '{raw / (register + '.parquet')}'").fetchall()[0][0]
        staged = faulty.query(f"select count(*) from staging.stg_{register}")[0][0]
        rejected = faulty.query("select count(*) from staging.stg_rejected_rows where register = ?", [register])[0][0]
        assert raw_count == staged + rejected, register


@pytest.mark.parametrize("fact", FACTS)
def test_every_persons_result_is_unchanged(builds, fact):
    clean, faulty, *_ = builds
    query = f"select * from marts.{fact} order by all"
    clean_rows = clean.query(query)
    assert clean_rows, f"the clean sample has no {fact} rows to compare"
    assert faulty.query(query) == clean_rows


def test_reject_summary_names_registers_counts_and_reasons(builds):
    _, faulty, *_ = builds
    assert "ram_ledighed: 3 of " in faulty.output
    assert "1 outside_register_period" in faulty.output
    assert "tass_fravaer: 4 of " in faulty.output and "3 unparseable_til_dato, 1 duplicate_row" in faulty.output


def test_birth_after_placement_is_listed_not_dropped(builds):
    clean, faulty, *_ = builds
    # P_FUTURE is rejected in staging (a future birth date); P_BORN_LATE, born
    # after their own placement, is seen only across registers.
    assert faulty.query(
        "select person_id, reject_reason from intermediate.int_cross_register_rejects"
    ) == [("P_BORN_LATE", "birth_after_placement")]
    assert clean.query("select count(*) from intermediate.int_cross_register_rejects") == [(0,)]
    assert "cpr_person: 1 rows implausible read with another register: birth_after_placement" in faulty.output


def test_fleur_period_straddling_2017_07_01_counts_from_2017_07_01(builds):
    _, faulty, *_ = builds
    assert faulty.query(
        "select period_from, period_to, paid_from, weekdays, hours from intermediate.int_unemployment_payments "
        "where person_id = 'P_STRADDLE'"
    ) == [(date(2017, 7, 1), date(2017, 7, 7), date(2017, 6, 26), 10, 74)]
    # placed 2017-06-01, the July weekdays (3-7 July) add hours to the course: not listed as unused
    assert faulty.query("select count(*) from intermediate.int_unused_payment_rows where person_id = 'P_STRADDLE'") \
        == [(0,)]


def test_timestamp_with_time_zone_dates_are_danish_calendar_dates(builds):
    clean, faulty, generated, *_ = builds
    expected = duckdb.sql(
        f"select person_id, fra_dato, til_dato from '{generated / 'uddannelsespaalaeg.parquet'}' order by all"
    ).fetchall()
    query = "select person_id, valid_from, valid_to from staging.stg_uddannelsespaalaeg order by all"
    assert expected and clean.query(query) == expected  # read under TZ=UTC
    assert faulty.query(query) == expected  # read under TZ=Pacific/Auckland


def test_contract_check_lists_every_problem_in_one_message(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    con = duckdb.connect()
    try:
        for register, columns in REGISTERS.items():
            cols = ", ".join(
                f"cast(null as {'BIGINT' if (register, n) == ('cpr_person', 'foedselsdato') else t}) as {n}"
                for n, t in columns
                if (register, n) != ("tass_samtale", "kontaktform")
            )
            where = "where false" if register == "taeller_dagpengeperiode" else ""
            con.execute(f"copy (select {cols} {where}) to '{raw / (register + '.parquet')}' (format parquet)")
    finally:
        con.close()
    (raw / "tass_fravaer.parquet").unlink()
    (raw / "kmd_sygedagpenge.parquet").write_text("person_id,fra_dato\nP1,2020-01-01\n")
    data = (raw / "plan_tilbud.parquet").read_bytes()
    (raw / "plan_tilbud.parquet").write_bytes(data[: len(data) // 2])
    result = run_dbt(["build", "--select", "stg_cpr_person"], tmp_path, raw)
    assert result.returncode != 0
    out = result.output
    for line in [
        f"register 'tass_fravaer': file '{raw}/tass_fravaer.parquet' not found",
        f"register 'kmd_sygedagpenge': file '{raw}/kmd_sygedagpenge.parquet' is not a readable Parquet file",
        f"register 'plan_tilbud': file '{raw}/plan_tilbud.parquet' is not a readable Parquet file",
        f"register 'tass_samtale': file '{raw}/tass_samtale.parquet' has no column 'kontaktform'",
        f"register 'cpr_person': file '{raw}/cpr_person.parquet' column 'foedselsdato' has type BIGINT, expected DATE",
        f"register 'taeller_dagpengeperiode': file '{raw}/taeller_dagpengeperiode.parquet' has no rows",
    ]:
        assert line in out, out[-3000:]
    assert "Traceback" not in out
    assert "OK created" not in out


def _preflight(database) -> tuple[int, str]:
    import subprocess
    import sys

    from conftest import PROJECT_DIR

    done = subprocess.run([sys.executable, str(PROJECT_DIR / "scripts" / "preflight_database.py"), str(database)],
                          capture_output=True, text=True, timeout=60)
    return done.returncode, done.stderr


def test_database_held_by_another_process_gives_one_clear_line(tmp_path):
    database = tmp_path / "held.duckdb"
    con = duckdb.connect(str(database))  # holds the file's lock while the preflight runs
    try:
        code, err = _preflight(database)
    finally:
        con.close()
    assert code == 1
    assert err == (f"run: the database file '{database}' is in use by another process; close that program "
                   "(a duckdb shell, a BI tool) or set DBT_DUCKDB_PATH to another file\n")
    assert _preflight(database) == (0, "")


def test_read_only_database_folder_gives_one_clear_line():
    code, err = _preflight("/proc/jobsamtaler/data/jobsamtaler.duckdb")
    assert code == 1
    assert err.startswith("run: cannot write the database folder '/proc' (") and err.count("\n") == 1, err
