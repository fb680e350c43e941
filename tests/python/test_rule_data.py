"""Tests of the rule-data loader scripts/rule_data.py (seeds -> typed rows,
rows in force on a day)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

import rule_data as rd


def _write(folder, name, text):
    (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def test_values_are_typed_per_column(tmp_path):
    _write(tmp_path, "t", "code,sub,flag,day,share,label\n"
                          "1,1a,true,2024-01-01,0.30,x\n"
                          "2,3,false,,0.5,\n")
    rows = rd.read_seed("t", tmp_path)
    assert rows[0] == {"code": 1, "sub": "1a", "flag": True, "day": date(2024, 1, 1),
                       "share": Decimal("0.30"), "label": "x"}
    # one text cell keeps the whole column text; an empty cell is None
    assert rows[1]["sub"] == "3" and rows[1]["day"] is None and rows[1]["label"] is None
    assert rows[1]["share"] == Decimal("0.5")


def test_a_rewritten_seed_is_read_again(tmp_path):
    _write(tmp_path, "t", "a\n1\n")
    assert rd.read_seed("t", tmp_path) == [{"a": 1}]
    import os
    _write(tmp_path, "t", "a\n2\n")
    os.utime(tmp_path / "t.csv", ns=(1, 10**18))
    assert rd.read_seed("t", tmp_path) == [{"a": 2}]


ROWS = [
    {"k": "x", "valid_from": None, "valid_to": date(2023, 12, 31), "v": 1},
    {"k": "x", "valid_from": date(2024, 1, 1), "valid_to": None, "v": 2},
    {"k": "y", "valid_from": date(2024, 1, 1), "valid_to": date(2024, 1, 1), "v": 3},
]


@pytest.mark.parametrize("day, expected", [
    (date(1900, 1, 1), [1]),            # empty valid_from: open to the past
    (date(2023, 12, 31), [1]),          # valid_to inclusive
    (date(2024, 1, 1), [2, 3]),         # valid_from inclusive, one-day row
    (date(2024, 1, 2), [2]),
    (date(2999, 1, 1), [2]),            # empty valid_to: open to the future
])
def test_in_force_is_inclusive_and_open_ended(day, expected):
    assert [r["v"] for r in rd.in_force(ROWS, day)] == expected


def test_row_on_picks_the_key_and_rejects_overlaps():
    assert rd.row_on(ROWS, date(2023, 6, 1), k="x")["v"] == 1
    assert rd.row_on(ROWS, date(2023, 6, 1), k="y") is None
    overlapping = ROWS + [{"k": "x", "valid_from": date(2025, 1, 1), "valid_to": None, "v": 4}]
    with pytest.raises(ValueError, match="overlaps"):
        rd.row_on(overlapping, date(2025, 6, 1), k="x")


def test_latest_rule_date_reads_every_dated_seed(tmp_path):
    _write(tmp_path, "a", "valid_from,valid_to\n2020-01-01,2021-06-30\n")
    _write(tmp_path, "b", "valid_from,valid_to,x\n2026-01-01,,1\n")
    _write(tmp_path, "c", "other_date\n2099-01-01\n")  # not a validity column
    assert rd.latest_rule_date(tmp_path) == date(2026, 1, 1)
    assert rd.end_of_next_year(date(2026, 1, 1)) == date(2027, 12, 31)


def test_project_seed_selections():
    codes = rd.municipality_codes()
    assert codes == sorted(codes) and 0 not in codes and 101 in codes
    assert not set(rd.exemption_codes(1)) & set(rd.exemption_codes(2))
    assert rd.register_period("ram_ledighed")[1] < rd.register_period("fleur_udbetaling")[0]
    full, part = rd.hour_threshold("six_months", date(2024, 1, 1))
    assert full > part > 0
    new_regime, split = rd.regime_dates()
    assert split < new_regime
    assert all(isinstance(first, date) for first, _ in rd.focus_target_windows())


def test_first_interview_exceptions_one_row_per_form():
    rows = rd.first_interview_exceptions()
    assert rows and all(r["contact_form"] for r in rows)
    # everywhere (corona) and by municipality; an open end is allowed
    assert any(r["municipality_code"] is None for r in rows)
    assert any(r["municipality_code"] is not None for r in rows)
    for r in rows:
        assert r["valid_to"] is None or r["valid_from"] <= r["valid_to"]
