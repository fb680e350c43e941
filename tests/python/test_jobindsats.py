"""The jobindsats-style export (scripts/jobindsats.py) of the long mart
mart_jobindsats_measures, on the shared sample build: the JSON has the API
v3 layout and the CSV jobindsats' download conventions, and both carry every
value of the wide marts."""

from __future__ import annotations

import csv
import json

import duckdb
import pytest

from jobindsats import write_jobindsats_files


@pytest.fixture(scope="module")
def exported(sample_build, tmp_path_factory):
    result, _, _ = sample_build
    assert result.returncode == 0, result.output[-3000:]
    out = tmp_path_factory.mktemp("jobindsats")
    con = duckdb.connect()
    con.execute(f"attach '{result.database}' as work (read_only)")
    try:
        paths = write_jobindsats_files(con, "work.marts.mart_jobindsats_measures", out)
    finally:
        con.close()
    return result, out, paths


def test_one_json_and_one_csv_per_measure_set(exported):
    _, out, paths = exported
    assert sorted(p.name for p in paths) == [
        "fokusmaal.csv", "fokusmaal.json", "tidlig_indsats.csv", "tidlig_indsats.json",
    ]
    assert all(p.parent == out and p.stat().st_size > 0 for p in paths)


def test_json_has_the_v3_layout_and_every_early_effort_value(exported):
    result, out, _ = exported
    table = json.loads((out / "tidlig_indsats.json").read_text(encoding="utf-8"))
    assert set(table) == {"columns", "rows"}
    columns = table["columns"]
    assert columns[:2] == ["Område", "Periode"]
    assert columns[2] == "Måling 1: Antal personer i målgruppen"
    assert len(columns) == 2 + 11
    assert all(len(row) == len(columns) for row in table["rows"])
    by_key = {(row[0], row[1]): row for row in table["rows"]}
    assert len(by_key) == len(table["rows"]), "one row per area and period"
    wide = result.query(
        """
        select geo_name, period_code, m1_persons, m2_interviews_3plus, m4_share_meeting_requirement
        from marts.mart_early_effort_monthly
        where not (geo_level = 'region' and geo_code = '0')
        """
    )
    assert len(wide) == len(table["rows"])
    m1 = columns.index("Måling 1: Antal personer i målgruppen")
    m2 = columns.index("Måling 2: Antal personer med 3 eller flere jobsamtaler")
    m4 = columns.index("Måling 4: Andel personer med det krævede antal jobsamtaler")
    for area, period, persons, three_plus, share in wide:
        row = by_key[(area, period)]
        assert row[m1] == persons and isinstance(row[m1], int)
        assert row[m2] == three_plus
        assert row[m4] == share  # null stays null, a share is the unrounded fraction
    assert ("Hele landet", "2023M01") in by_key
    assert any(area == "Region Hovedstaden" for area, _ in by_key)
    assert any(area == "København" for area, _ in by_key)


def test_csv_uses_semicolons_decimal_commas_and_matches_the_json(exported):
    _, out, _ = exported
    table = json.loads((out / "fokusmaal.json").read_text(encoding="utf-8"))
    text = (out / "fokusmaal.csv").read_text(encoding="utf-8")
    header = text.splitlines()[0]
    assert header.split(";") == table["columns"]
    rows = list(csv.reader(text.splitlines()[1:], delimiter=";"))
    assert len(rows) == len(table["rows"])
    shares_seen = 0
    for csv_row, json_row in zip(rows, table["rows"]):
        assert csv_row[:2] == json_row[:2]
        persons, two_plus, share = json_row[2:]
        assert csv_row[2] == str(persons) and csv_row[3] == str(two_plus)
        if share is None:
            assert csv_row[4] == ""
        else:
            assert "." not in csv_row[4]
            assert float(csv_row[4].replace(",", ".")) == share
            shares_seen += "," in csv_row[4]
    assert shares_seen > 0


def test_public_variant_writes_two_dots_for_every_suppressed_cell(sample_build, tmp_path):
    result, _, _ = sample_build
    con = duckdb.connect()
    con.execute(f"attach '{result.database}' as work (read_only)")
    try:
        write_jobindsats_files(con, "work.marts.mart_jobindsats_measures_public", tmp_path)
        suppressed = con.execute(
            "select count(*) from work.marts.mart_jobindsats_measures_public "
            "where is_suppressed and not (area_level = 'region' and area_code = '0')"
        ).fetchall()[0][0]
    finally:
        con.close()
    assert suppressed > 0
    in_json = in_csv = 0
    for measure_set in ("tidlig_indsats", "fokusmaal"):
        table = json.loads((tmp_path / f"{measure_set}.json").read_text(encoding="utf-8"))
        in_json += sum(value == ".." for row in table["rows"] for value in row[2:])
        rows = list(csv.reader((tmp_path / f"{measure_set}.csv").read_text(encoding="utf-8").splitlines()[1:], delimiter=";"))
        in_csv += sum(value == ".." for row in rows for value in row[2:])
    assert in_json == in_csv == suppressed
