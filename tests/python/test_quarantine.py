"""The staging layer on hand-made registers: each kind of bad row lands in
stg_rejected_rows with its register and reason, good rows are staged with
English names and types, and no raw row is lost or doubled."""

from __future__ import annotations

from collections import Counter

import duckdb
import pytest

from conftest import run_dbt
from registers import CONTRACT, write_registers

P = "P0001"
STAGING = ["path:seeds", "+path:models/staging", "--indirect-selection", "cautious"]
GOOD_SAMTALE = {
    "person_id": P,
    "samtale_dato": "2024-03-04",
    "samtaletype": "JOBSAMTALE",
    "kontaktform": "FREMMOEDE",
    "afholdt_af": "JOBCENTER",
    "kommune_kode": 101,
    "a_kasse": None,
    "status": "AFHOLDT",
}

# One row for each register without which the build stops (var required_registers).
REQUIRED_ROWS = {
    "taeller_dagpengeperiode": [{"person_id": "P1", "indplaceringsdato": "2018-01-01", "sidste_dag": None}],
    "fleur_udbetaling": [{"person_id": "P1", "a_kasse": "HK-A", "ydelse": "ADAG", "periode_fra": "2018-01-01",
                          "periode_til": "2018-01-31", "timer": "170.20", "forsikring": "F"}],
}

# (register, raw row, expected reject reason or None when the row is staged)
CASES: list[tuple[str, dict, str | None]] = [
    ("cpr_person", {"person_id": P, "foedselsdato": "1980-05-01"}, None),
    ("cpr_person", {"person_id": "", "foedselsdato": "1980-05-01"}, "missing_person_id"),
    ("cpr_person", {"person_id": None, "foedselsdato": "1980-05-01"}, "missing_person_id"),
    ("cpr_person", {"person_id": "P0002", "foedselsdato": None}, "missing_birth_date"),
    ("cpr_person", {"person_id": "P0003", "foedselsdato": "1850-01-01"}, "implausible_date"),
    ("cpr_person", {"person_id": P, "foedselsdato": "1981-05-01"}, "duplicate_person_id"),
    ("cpr_adresse", {"person_id": P, "kommune_kode": 101, "fra_dato": "2010-01-01", "til_dato": None}, None),
    ("cpr_adresse", {"person_id": P, "kommune_kode": 999, "fra_dato": "2010-01-01", "til_dato": None}, "unknown_municipality_code"),
    ("cpr_adresse", {"person_id": P, "kommune_kode": 0, "fra_dato": "2010-01-01", "til_dato": None}, "unknown_municipality_code"),
    ("cpr_adresse", {"person_id": P, "kommune_kode": 101, "fra_dato": "2010-01-02", "til_dato": "2010-01-01"}, "end_before_start"),
    ("cpr_adresse", {"person_id": P, "kommune_kode": 101, "fra_dato": "2010-01-01", "til_dato": "2010-01-01"}, None),
    ("ram_ledighed", {"person_id": P, "aar_uge": "2016-W07", "a_kasse": "HK-A", "timer": "37.00", "forsikring": "FULDTID"}, None),
    ("ram_ledighed", {"person_id": P, "aar_uge": "2015-W53", "a_kasse": "HK-A", "timer": "30.00", "forsikring": "DELTID"}, None),
    ("ram_ledighed", {"person_id": P, "aar_uge": "2016-W53", "a_kasse": "HK-A", "timer": "37.00", "forsikring": "FULDTID"}, "malformed_iso_week"),
    ("ram_ledighed", {"person_id": P, "aar_uge": "2016-W00", "a_kasse": "HK-A", "timer": "37.00", "forsikring": "FULDTID"}, "malformed_iso_week"),
    ("ram_ledighed", {"person_id": P, "aar_uge": "2016W08", "a_kasse": "HK-A", "timer": "37.00", "forsikring": "FULDTID"}, "malformed_iso_week"),
    ("ram_ledighed", {"person_id": P, "aar_uge": "16-W08", "a_kasse": "HK-A", "timer": "37.00", "forsikring": "FULDTID"}, "malformed_iso_week"),
    ("ram_ledighed", {"person_id": P, "aar_uge": "2016-W09", "a_kasse": "HK-A", "timer": "-1.00", "forsikring": "FULDTID"}, "negative_hours"),
    ("ram_ledighed", {"person_id": P, "aar_uge": "2016-W10", "a_kasse": "HK-A", "timer": "37.01", "forsikring": "FULDTID"}, "absurd_hours"),
    ("ram_ledighed", {"person_id": P, "aar_uge": "2016-W11", "a_kasse": "HK-A", "timer": "20.00", "forsikring": "Q"}, "unknown_insurance_code"),
    ("ram_ledighed", {"person_id": P, "aar_uge": "2016-W07", "a_kasse": "HK-A", "timer": "36.00", "forsikring": "FULDTID"}, "duplicate_person_week"),
    ("ram_ledighed", {"person_id": P, "aar_uge": "2016-W07", "a_kasse": "HK-A", "timer": "37.00", "forsikring": "FULDTID"}, "duplicate_row"),
    ("fleur_udbetaling", {"person_id": P, "a_kasse": "HK-A", "ydelse": "ADAG", "periode_fra": "2018-01-01", "periode_til": "2018-01-31", "timer": "170.20", "forsikring": "F"}, None),
    ("fleur_udbetaling", {"person_id": P, "a_kasse": "Ukendt-A", "ydelse": "ADAG", "periode_fra": "2018-02-01", "periode_til": "2018-02-28", "timer": "100.00", "forsikring": "D"}, None),
    ("fleur_udbetaling", {"person_id": P, "a_kasse": "HK-A", "ydelse": "ADAG", "periode_fra": "2018-03-01", "periode_til": "2018-03-31", "timer": "162.81", "forsikring": "F"}, "absurd_hours"),
    ("fleur_udbetaling", {"person_id": P, "a_kasse": "HK-A", "ydelse": "ADAG", "periode_fra": "2018-04-07", "periode_til": "2018-04-08", "timer": "1.00", "forsikring": "F"}, "absurd_hours"),
    ("fleur_udbetaling", {"person_id": P, "a_kasse": "HK-A", "ydelse": "XYZ", "periode_fra": "2018-05-01", "periode_til": "2018-05-31", "timer": "10.00", "forsikring": "F"}, "unknown_benefit_type"),
    ("fleur_udbetaling", {"person_id": P, "a_kasse": "HK-A", "ydelse": "ADAG", "periode_fra": "2018-06-30", "periode_til": "2018-06-01", "timer": "10.00", "forsikring": "F"}, "end_before_start"),
    ("fleur_udbetaling", {"person_id": P, "a_kasse": "", "ydelse": "ADAG", "periode_fra": "2018-07-01", "periode_til": "2018-07-31", "timer": "10.00", "forsikring": "F"}, "missing_a_kasse"),
    ("fleur_udbetaling", {"person_id": P, "a_kasse": "HK-A", "ydelse": "ADAG", "periode_fra": "2150-01-01", "periode_til": "2150-01-31", "timer": "10.00", "forsikring": "F"}, "implausible_date"),
    ("taeller_dagpengeperiode", {"person_id": P, "indplaceringsdato": "2018-01-01", "sidste_dag": None}, None),
    ("taeller_dagpengeperiode", {"person_id": P, "indplaceringsdato": "2018-01-01", "sidste_dag": "2019-01-01"}, "duplicate_placement"),
    ("taeller_dagpengeperiode", {"person_id": P, "indplaceringsdato": "2018-01-01", "sidste_dag": None}, "duplicate_row"),
    ("taeller_dagpengeperiode", {"person_id": P, "indplaceringsdato": None, "sidste_dag": None}, "missing_placement_date"),
    ("kmd_sygedagpenge", {"person_id": P, "fra_dato": "2018-01-01", "til_dato": None, "delvis_raskmeldt": False}, None),
    ("kmd_sygedagpenge", {"person_id": " ", "fra_dato": "2018-01-01", "til_dato": None, "delvis_raskmeldt": False}, "missing_person_id"),
    ("plan_tilbud", {"person_id": P, "tilbud": "LOENTILSKUD", "ydelsesgrundlag": "A_DAGPENGE", "fra_dato": "2018-02-01", "til_dato": "2018-05-31", "timer_pr_uge": "37.00"}, None),
    ("plan_tilbud", {"person_id": P, "tilbud": "UNKNOWN", "ydelsesgrundlag": "A_DAGPENGE", "fra_dato": "2018-02-01", "til_dato": "2018-05-31", "timer_pr_uge": "37.00"}, "unknown_offer_type"),
    ("plan_tilbud", {"person_id": P, "tilbud": "LOENTILSKUD", "ydelsesgrundlag": "A_DAGPENGE", "fra_dato": "2018-02-01", "til_dato": None, "timer_pr_uge": "37.00"}, "missing_period"),
    ("plan_tilbud", {"person_id": P, "tilbud": "LOENTILSKUD", "ydelsesgrundlag": "A_DAGPENGE", "fra_dato": "2018-02-01", "til_dato": "2018-05-31", "timer_pr_uge": "90.00"}, "absurd_hours"),
    ("tass_samtale", {"samtale_id": "S1", **GOOD_SAMTALE}, None),
    ("tass_samtale", {"samtale_id": "S1", **GOOD_SAMTALE, "samtale_dato": "2024-03-05"}, "duplicate_interview_id"),
    ("tass_samtale", {"samtale_id": "S1", **GOOD_SAMTALE}, "duplicate_row"),
    ("tass_samtale", {"samtale_id": "", **GOOD_SAMTALE}, "missing_interview_id"),
    ("tass_samtale", {"samtale_id": "S2", **GOOD_SAMTALE, "samtaletype": "FOO"}, "unknown_interview_type"),
    ("tass_samtale", {"samtale_id": "S3", **GOOD_SAMTALE, "kontaktform": "DUE"}, "unknown_contact_form"),
    ("tass_samtale", {"samtale_id": "S4", **GOOD_SAMTALE, "status": "X"}, "unknown_interview_status"),
    ("tass_samtale", {"samtale_id": "S5", **GOOD_SAMTALE, "kommune_kode": 999}, "unknown_municipality_code"),
    ("tass_samtale", {"samtale_id": "S6", **GOOD_SAMTALE, "afholdt_af": "AKASSE", "kommune_kode": None, "a_kasse": "HK-A"}, None),
    ("tass_fravaer", {"person_id": P, "fravaer_id": 11, "fra_dato": "2018-03-01", "til_dato": "2018-03-10"}, None),
    ("tass_fravaer", {"person_id": P, "fravaer_id": 99, "fra_dato": "2018-03-01", "til_dato": None}, None),
    ("tass_fravaer", {"person_id": P, "fravaer_id": None, "fra_dato": "2018-03-01", "til_dato": None}, "missing_exemption_code"),
    ("tass_tilmelding", {"person_id": P, "fra_dato": "2017-12-01", "til_dato": None}, None),
    ("tass_tilmelding", {"person_id": P, "fra_dato": "2017-12-01", "til_dato": "2017-11-30"}, "end_before_start"),
    ("tass_overgang", {"person_id": P, "indplaceringsdato": "2024-01-01", "overgangsdato": "2024-03-31"}, None),
    ("tass_overgang", {"person_id": P, "indplaceringsdato": "2024-01-01", "overgangsdato": "2024-04-30"}, "duplicate_handover"),
    ("tass_overgang", {"person_id": P, "indplaceringsdato": "2024-05-01", "overgangsdato": "2024-04-30"}, "end_before_start"),
    ("uddannelsespaalaeg", {"person_id": P, "fra_dato": "2018-01-01", "til_dato": None}, None),
    ("uddannelsespaalaeg", {"person_id": P, "fra_dato": "1850-01-01", "til_dato": None}, "implausible_date"),
]


@pytest.fixture(scope="module")
def quarantine_build(tmp_path_factory):
    work = tmp_path_factory.mktemp("quarantine")
    tables: dict[str, list[dict]] = {}
    for register, row, _ in CASES:
        tables.setdefault(register, []).append(row)
    raw = write_registers(work / "raw", tables)
    # Only staging: the point here is the quarantine, not the measures. Most
    # rows here are bad on purpose, so the error threshold is lifted.
    result = run_dbt(["build", "--select", *STAGING], work, raw, reject_error_share=1.0)
    return result, raw


def test_build_succeeds_and_warns_about_rejects(quarantine_build):
    result, _ = quarantine_build
    assert result.returncode == 0, result.output
    statuses = {r["unique_id"].split(".")[2]: r["status"] for r in result.run_results()}
    assert statuses["registers_have_no_rejected_rows"] == "warn"
    assert statuses["registers_rejected_share_below_error_threshold"] == "pass"


@pytest.mark.parametrize("register", sorted(CONTRACT))
def test_every_row_is_staged_or_rejected_with_the_expected_reason(quarantine_build, register):
    result, raw = quarantine_build
    expected = [(i, reason) for i, (reg, _, reason) in enumerate(c for c in CASES if c[0] == register)]
    rejected = dict(
        result.query(
            "select source_row_number, reject_reason from staging.stg_rejected_rows where register = ?",
            [register],
        )
    )
    staged = {r[0] for r in result.query(f"select source_row_number from staging.stg_{register}")}
    raw_count = duckdb.sql(f"select count(*) from '{raw / (register + '.parquet')}'").fetchall()[0][0]
    assert raw_count == len(expected) == len(staged) + len(rejected)
    assert not staged & set(rejected)
    for row_number, reason in expected:
        if reason is None:
            assert row_number in staged, (register, row_number)
        else:
            assert rejected.get(row_number) == reason, (register, row_number)


def test_rejected_rows_keep_the_raw_row(quarantine_build):
    result, _ = quarantine_build
    rows = result.query(
        "select raw_row ->> 'aar_uge' from staging.stg_rejected_rows "
        "where register = 'ram_ledighed' and reject_reason = 'malformed_iso_week'"
    )
    assert sorted(r[0] for r in rows) == ["16-W08", "2016-W00", "2016-W53", "2016W08"]


def test_staged_rows_are_renamed_and_typed(quarantine_build):
    result, _ = quarantine_build
    week = result.query(
        "select iso_week, week_start, week_end, hours, insurance_status "
        "from staging.stg_ram_ledighed where iso_week = '2015-W53'"
    )
    assert [(w[0], str(w[1]), str(w[2]), str(w[3]), w[4]) for w in week] == [
        ("2015-W53", "2015-12-28", "2016-01-01", "30.00", "part_time")
    ]
    # An open til_dato stays open: no magic end date.
    assert result.query("select valid_to from staging.stg_tass_tilmelding") == [(None,)]
    # Codes outside Tabel 1 and 2 and a-kasser outside the seed are kept.
    assert sorted(r[0] for r in result.query("select exemption_code from staging.stg_tass_fravaer")) == [11, 99]
    assert ("Ukendt-A",) in result.query("select a_kasse from staging.stg_fleur_udbetaling")


def test_counts_per_register(quarantine_build):
    result, _ = quarantine_build
    counts = {r[0]: r[1:] for r in result.query(
        "select register, raw_row_count, staged_row_count, rejected_row_count "
        "from staging.stg_register_row_counts"
    )}
    expected = Counter(reg for reg, _, _ in CASES)
    rejected = Counter(reg for reg, _, reason in CASES if reason)
    for register in CONTRACT:
        assert counts[register] == (
            expected[register],
            expected[register] - rejected[register],
            rejected[register],
        )


def test_mostly_garbage_register_fails_the_build(tmp_path):
    bad = [{"person_id": "", "foedselsdato": "1980-01-01"}] * 3
    good = [{"person_id": "P1", "foedselsdato": "1980-01-01"}]
    raw = write_registers(tmp_path / "raw", {"cpr_person": bad + good, **REQUIRED_ROWS})
    result = run_dbt(["build", "--select", *STAGING], tmp_path, raw)
    assert result.returncode != 0
    statuses = {r["unique_id"].split(".")[2]: r["status"] for r in result.run_results()}
    assert statuses["registers_rejected_share_below_error_threshold"] == "fail"
