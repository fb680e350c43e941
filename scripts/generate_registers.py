#!/usr/bin/env python3
"""Generate synthetic sample registers for the jobsamtaler project.

Writes the twelve raw registers of the data contract (``shared/spec/registers.md``)
as Parquet files ``<out>/<register>.parquet``:

    cpr_person, cpr_adresse, ram_ledighed, fleur_udbetaling,
    taeller_dagpengeperiode, kmd_sygedagpenge, plan_tilbud, tass_samtale,
    tass_fravaer, tass_tilmelding, tass_overgang, uddannelsespaalaeg

Everything is computed in DuckDB SQL, vectorised (no Python loop per person or
row).  Randomness is a pure function of (seed, keys): ``u(k1, k2, salt)`` hashes
the seed with the person index, a course/slot index and a salt per decision, so
the same seed and the same number of persons give the same rows whatever the
thread count.  Persons are processed in chunks (default 100,000 persons); each
chunk's registers go to per-chunk Parquet files which are finally concatenated
(in chunk order) into one zstd-compressed file per register, written atomically
(temporary name, then rename).

Usage:
    python scripts/generate_registers.py --out DIR --persons N --seed S \
        [--bad-rows SHARE] [--threads T] [--chunk-size C] [--memory-limit 8GB]

The model of a person (see the module constants and the SQL below):

* a birth date, an address history (most one row; ~10 % move; ~1 % have dates
  without any address; a few arrive late), a primary a-kasse and insurance;
* 1-3 placements (Tællerdata) between 2016-01 and 2025-06, with extra weight
  on 2016-10 - 2017-06 (RAM/FLEUR switch), 2023-03 - 2023-12 and 2024-01 on
  (the 2024 reform) and the corona inflow 2020-05 - 2021-06 (22 % of first
  placements), so that the a-kasse trial has about 25 persons per trial
  a-kasse and report month 2020-09 - 2021-09 at 20,000 persons; a new
  placement interrupts the previous course;
* per course 1-2 unemployment spells (exit to work before six months, some
  return), a daily a-dagpenge rate (7.40 h full-time, 6.00 h part-time,
  lower for partially unemployed), optional switch of insurance status and an
  optional løntilskud period; spells are cut into segments which become RAM
  weeks (to 2017-06-30), FLEUR payment periods (from 2017-07-01) and Plandata
  løntilskud rows;
* registrations, interviews, exemptions, sick pay, education orders and the
  2024 handover derived from the same course timeline;
* the focus target of the a-kasse trial (measures.md R19-R22, memo 000): for
  a course in one of the nine trial a-kasser the generator computes the full
  trial period date exactly as R19 defines it (step ``fpx``: the first weekday
  on which the FLEUR ADAG hours and a-dagpenge løntilskud hours of the course,
  spread evenly over their weekdays, part-time x 7.4/6, reach 481 full-time
  hours = 390 part-time; integer arithmetic, a sweep over the records).  When
  that date falls in 2020-09 or later, the course gets 4 a-kasse interview
  slots on paid days between the placement date and the full period date (in
  2024 on: the handover, when earlier): with probability ``s`` 2-4 of them are
  counted interviews (R21: JOBSAMTALE, AKASSE, AFHOLDT, in person / video /
  phone, one a day), else 0-1, and some other slots hold interviews that do
  not count (cancelled, no-show, other type, letter or e-mail).  ``s`` is the
  memo's published share of the a-kasse and report month (seed
  ``memo_focus_target_monthly.csv``; a blank cell: the a-kasse's Total from
  ``memo_focus_target_total.csv``), and for every other report month the mean
  of the a-kasse's published months.  So R22 applied to the sample gives a
  table like the memo's, up to binomial noise (about 10 persons a month in
  BUPL-A, Min-A and SL-A at 20,000 persons).  Other a-kasser, and trial a-kasser
  before 2020-09, keep the generic a-kasse interview model.
"""
from __future__ import annotations

import argparse
import csv
import os
import shutil
import sys
import time
from pathlib import Path

import duckdb

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = PROJECT_ROOT / "data" / "raw"

# ---------------------------------------------------------------------------
# Data contract
# ---------------------------------------------------------------------------
REGISTERS: dict[str, list[tuple[str, str]]] = {
    "cpr_person": [("person_id", "VARCHAR"), ("foedselsdato", "DATE")],
    "cpr_adresse": [
        ("person_id", "VARCHAR"),
        ("kommune_kode", "SMALLINT"),
        ("fra_dato", "DATE"),
        ("til_dato", "DATE"),
    ],
    "ram_ledighed": [
        ("person_id", "VARCHAR"),
        ("aar_uge", "VARCHAR"),
        ("a_kasse", "VARCHAR"),
        ("timer", "DECIMAL(7,2)"),
        ("forsikring", "VARCHAR"),
    ],
    "fleur_udbetaling": [
        ("person_id", "VARCHAR"),
        ("a_kasse", "VARCHAR"),
        ("ydelse", "VARCHAR"),
        ("periode_fra", "DATE"),
        ("periode_til", "DATE"),
        ("timer", "DECIMAL(7,2)"),
        ("forsikring", "VARCHAR"),
    ],
    "taeller_dagpengeperiode": [
        ("person_id", "VARCHAR"),
        ("indplaceringsdato", "DATE"),
        ("sidste_dag", "DATE"),
    ],
    "kmd_sygedagpenge": [
        ("person_id", "VARCHAR"),
        ("fra_dato", "DATE"),
        ("til_dato", "DATE"),
        ("delvis_raskmeldt", "BOOLEAN"),
    ],
    "plan_tilbud": [
        ("person_id", "VARCHAR"),
        ("tilbud", "VARCHAR"),
        ("ydelsesgrundlag", "VARCHAR"),
        ("fra_dato", "DATE"),
        ("til_dato", "DATE"),
        ("timer_pr_uge", "DECIMAL(5,2)"),
    ],
    "tass_samtale": [
        ("samtale_id", "VARCHAR"),
        ("person_id", "VARCHAR"),
        ("samtale_dato", "DATE"),
        ("samtaletype", "VARCHAR"),
        ("kontaktform", "VARCHAR"),
        ("afholdt_af", "VARCHAR"),
        ("kommune_kode", "SMALLINT"),
        ("a_kasse", "VARCHAR"),
        ("status", "VARCHAR"),
    ],
    "tass_fravaer": [
        ("person_id", "VARCHAR"),
        ("fravaer_id", "SMALLINT"),
        ("fra_dato", "DATE"),
        ("til_dato", "DATE"),
    ],
    "tass_tilmelding": [
        ("person_id", "VARCHAR"),
        ("fra_dato", "DATE"),
        ("til_dato", "DATE"),
    ],
    "tass_overgang": [
        ("person_id", "VARCHAR"),
        ("indplaceringsdato", "DATE"),
        ("overgangsdato", "DATE"),
    ],
    "uddannelsespaalaeg": [
        ("person_id", "VARCHAR"),
        ("fra_dato", "DATE"),
        ("til_dato", "DATE"),
    ],
}

# ---------------------------------------------------------------------------
# Code lists
# ---------------------------------------------------------------------------
MUNICIPALITIES = [
    101, 147, 151, 153, 155, 157, 159, 161, 163, 165, 167, 169, 173, 175, 183,
    185, 187, 190, 201, 210, 217, 219, 223, 230, 240, 250, 253, 259, 260, 265,
    269, 270, 306, 316, 320, 326, 329, 330, 336, 340, 350, 360, 370, 376, 390,
    400, 410, 420, 430, 440, 450, 461, 479, 480, 482, 492, 510, 530, 540, 550,
    561, 563, 573, 575, 580, 607, 615, 621, 630, 657, 661, 665, 671, 706, 707,
    710, 727, 730, 740, 741, 746, 751, 756, 760, 766, 773, 779, 787, 791, 810,
    813, 820, 825, 840, 846, 849, 851, 860,
]
# (code, cumulative probability) for the over-weighted municipalities; the rest
# of the mass is spread uniformly over all 98 codes (which include these).
MUNI_BOOST = [(101, 0.09), (751, 0.145), (851, 0.18), (461, 0.215), (269, 0.225)]

# trial municipalities of Skema 1 (method note): Nordjyske and Sjællandske frikommuner
NORDJYSKE = [851, 810, 813, 860, 849, 825, 846, 773, 840, 787, 820]
SJAELLANDSKE = [201, 151, 210, 250, 190, 270, 260, 217, 219]

TRIAL_AKASSER = ["3F-A", "BUPL-A", "Dansk Metal-A", "FOA-A", "FTF-A", "HK-A", "MA-A", "Min-A", "SL-A"]
# (a-kasse, weight in %)
AKASSE_WEIGHTS = [
    ("3F-A", 15), ("HK-A", 12), ("Dansk Metal-A", 8), ("FOA-A", 8), ("FTF-A", 6),
    ("BUPL-A", 3), ("MA-A", 8), ("Min-A", 3), ("SL-A", 3),
    ("Krifa-A", 8), ("Ase-A", 10), ("Akademikernes-A", 8), ("CA-A", 4),
    ("Lederne-A", 2), ("Frie-A", 2),
]
FOUR_WEEK_AKASSER = ["Ase-A", "Krifa-A", "Lederne-A"]  # pay 4-week periods, not months

TABEL1 = [2, 3, 4, 10, 11, 23, 24, 65, 66, 70, 79]
TABEL2_MII = [43, 44, 45, 46, 71, 72, 73, 77, 78]
OTHER_FRAVAER = [1, 99, 12, 30]

# Focus target of the a-kasse trial (memo 000, measures.md R19-R23).  The memo's
# published monthly shares come from the project's seeds (single source).
MEMO_MONTHLY_SEED = PROJECT_ROOT / "seeds" / "memo_focus_target_monthly.csv"
MEMO_TOTAL_SEED = PROJECT_ROOT / "seeds" / "memo_focus_target_total.csv"
FOCUS_FROM = "2020-09-01"     # first report month steered towards the memo (R20)
# three months = 481 full-time hours = 390 part-time hours (390 x 7.4/6 = 481 FTE);
# exact integer units: one FTE hour = 15000 units (full-time hour = 150 per
# hundredth, part-time hour = 185 per hundredth, i.e. x 7.4/6)
FULL_PERIOD_UNITS = 481 * 15000
# placements steered into the window whose full periods are reported in
# 2020-09 .. 2021-09 (see the persons step)
TRIAL_BOOST = ("2020-05-01", 412)  # first day, number of days

DATA_END = "2025-09-30"       # last day of register extracts
LAST_PLACEMENT = "2025-06-30"
RAM_END = "2017-06-30"
FLEUR_START = "2017-07-01"
FOUR_WEEK_ANCHOR = "2017-06-26"  # a Monday

# ---------------------------------------------------------------------------
# Bad rows: per register a list of (kind, mode, overrides, detection predicate).
# mode 'replace' turns a clean row into a bad one, 'add' adds a bad copy.
# ---------------------------------------------------------------------------
_PID = [
    ("null_person_id", "replace", {"person_id": "NULL"}, "person_id IS NULL"),
    ("empty_person_id", "replace", {"person_id": "''"}, "person_id = ''"),
    # tab, no-break space, zero-width space: empty once Unicode blanks are removed
    ("blank_unicode_person_id", "replace", {"person_id": "chr(9) || chr(160) || chr(8203)"},
     "person_id = chr(9) || chr(160) || chr(8203)"),
]
# an exact copy of a row (a doubled extract): duplicate_row, the first is kept
_DUPLICATE_ROW = [
    ("duplicate_row", "add", {}, "t IN (SELECT t2 FROM t t2 GROUP BY t2 HAVING count(*) > 1)"),
]



def sql_string(value: object) -> str:
    """A SQL string literal of value (a path): quotes doubled, so a folder
    name with an apostrophe is data, never SQL."""
    return "'" + str(value).replace("'", "''") + "'"

def _interval_kinds(fra: str, til: str) -> list:
    return [
        ("til_before_fra", "replace",
         {til: f"{fra} - (1 + floor(bu2 * 30))::INT"}, f"{til} < {fra}"),
        ("date_1850", "replace", {fra: "DATE '1850-01-01'"}, f"{fra} = DATE '1850-01-01'"),
        ("date_2150", "replace", {til: "DATE '2150-01-01'"}, f"{til} = DATE '2150-01-01'"),
    ]


BAD_KINDS: dict[str, list] = {
    "cpr_person": _PID + _DUPLICATE_ROW + [
        ("date_1850", "replace", {"foedselsdato": "DATE '1850-01-01'"}, "foedselsdato = DATE '1850-01-01'"),
        ("date_2150", "replace", {"foedselsdato": "DATE '2150-01-01'"}, "foedselsdato = DATE '2150-01-01'"),
        # inside the plausible range, but in the future (and after any placement)
        ("birth_in_future", "replace", {"foedselsdato": "DATE '2034-01-01'"}, "foedselsdato = DATE '2034-01-01'"),
    ],
    "cpr_adresse": _PID + _DUPLICATE_ROW + _interval_kinds("fra_dato", "til_dato") + [
        ("kommune_999", "replace", {"kommune_kode": "999"}, "kommune_kode = 999"),
    ],
    "ram_ledighed": _PID + _DUPLICATE_ROW + [
        ("negative_hours", "replace", {"timer": "-(1 + floor(bu2 * 37))"}, "timer < 0"),
        ("absurd_hours", "replace", {"timer": "500"}, "timer >= 500"),
        ("forsikring_Q", "replace", {"forsikring": "'Q'"}, "forsikring = 'Q'"),
        ("week_54", "replace", {"aar_uge": "left(aar_uge, 4) || '-W54'"}, "aar_uge LIKE '____-W54'"),
        ("week_no_dash", "replace", {"aar_uge": "left(aar_uge, 4) || 'W' || right(aar_uge, 2)"},
         "regexp_full_match(aar_uge, '[0-9]{4}W[0-9]{2}')"),
        ("week_two_digit_year", "replace", {"aar_uge": "substr(aar_uge, 3)"},
         "regexp_full_match(aar_uge, '[0-9]{2}-W[0-9]{2}')"),
        ("week_00", "replace", {"aar_uge": "left(aar_uge, 4) || '-W00'"}, "aar_uge LIKE '____-W00'"),
        # RAM ends 2017-06-30: a later week is outside_register_period
        ("week_after_ram", "replace", {"aar_uge": "'2017-W30'"}, "aar_uge = '2017-W30'"),
        # part-time insured: at most 30 hours a week
        ("part_time_absurd_hours", "replace", {"forsikring": "'DELTID'", "timer": "33"},
         "forsikring = 'DELTID' AND timer = 33"),
    ],
    "fleur_udbetaling": _PID + _DUPLICATE_ROW + _interval_kinds("periode_fra", "periode_til") + [
        ("negative_hours", "replace", {"timer": "-(1 + floor(bu2 * 100))"}, "timer < 0"),
        ("absurd_hours", "replace", {"timer": "500"}, "timer >= 500"),
        ("ydelse_XYZ", "replace", {"ydelse": "'XYZ'"}, "ydelse = 'XYZ'"),
        ("forsikring_Q", "replace", {"forsikring": "'Q'"}, "forsikring = 'Q'"),
        # FLEUR starts 2017-07-01: a period wholly before is outside_register_period
        ("period_before_fleur", "replace",
         {"periode_fra": "DATE '2017-05-01'", "periode_til": "DATE '2017-05-31'", "timer": "100"},
         "periode_fra = DATE '2017-05-01' AND periode_til = DATE '2017-05-31'"),
        # a second ADAG payment for days already paid: overlapping_period
        ("overlapping_adag", "add", {"ydelse": "'ADAG'", "timer": "1.23"}, "ydelse = 'ADAG' AND timer = 1.23"),
    ],
    "taeller_dagpengeperiode": _PID + _DUPLICATE_ROW + _interval_kinds("indplaceringsdato", "sidste_dag"),
    "kmd_sygedagpenge": _PID + _DUPLICATE_ROW + _interval_kinds("fra_dato", "til_dato"),
    "plan_tilbud": _PID + _DUPLICATE_ROW + _interval_kinds("fra_dato", "til_dato") + [
        ("tilbud_UNKNOWN", "replace", {"tilbud": "'UNKNOWN'"}, "tilbud = 'UNKNOWN'"),
        ("ydelsesgrundlag_XYZ", "replace", {"ydelsesgrundlag": "'XYZ'"}, "ydelsesgrundlag = 'XYZ'"),
        ("negative_hours", "replace", {"timer_pr_uge": "-(1 + floor(bu2 * 37))"}, "timer_pr_uge < 0"),
        ("absurd_hours", "replace", {"timer_pr_uge": "500"}, "timer_pr_uge >= 500"),
    ],
    "tass_samtale": _PID + _DUPLICATE_ROW + [
        ("samtaletype_FOO", "replace", {"samtaletype": "'FOO'"}, "samtaletype = 'FOO'"),
        ("kontaktform_DUE", "replace", {"kontaktform": "'DUE'"}, "kontaktform = 'DUE'"),
        ("status_X", "replace", {"status": "'X'"}, "status = 'X'"),
        ("kommune_999", "replace", {"kommune_kode": "999", "afholdt_af": "'JOBCENTER'", "a_kasse": "NULL"},
         "kommune_kode = 999"),
        ("duplicate_samtale_id", "add", {"samtale_dato": "samtale_dato + 7"},
         "samtale_id IN (SELECT samtale_id FROM t GROUP BY samtale_id HAVING count(*) > 1)"),
        ("date_1850", "replace", {"samtale_dato": "DATE '1850-01-01'"}, "samtale_dato = DATE '1850-01-01'"),
        ("date_2150", "replace", {"samtale_dato": "DATE '2150-01-01'"}, "samtale_dato = DATE '2150-01-01'"),
        # the holder's own field missing
        ("jobcenter_without_kommune", "replace", {"afholdt_af": "'JOBCENTER'", "kommune_kode": "NULL"},
         "afholdt_af = 'JOBCENTER' AND kommune_kode IS NULL"),
        ("akasse_without_a_kasse", "replace", {"afholdt_af": "'AKASSE'", "a_kasse": "NULL", "kommune_kode": "NULL"},
         "afholdt_af = 'AKASSE' AND a_kasse IS NULL"),
    ],
    "tass_fravaer": _PID + _DUPLICATE_ROW + _interval_kinds("fra_dato", "til_dato"),
    "tass_tilmelding": _PID + _DUPLICATE_ROW + _interval_kinds("fra_dato", "til_dato"),
    "tass_overgang": _PID + _DUPLICATE_ROW + [
        ("til_before_fra", "replace",
         {"overgangsdato": "indplaceringsdato - (1 + floor(bu2 * 30))::INT"},
         "overgangsdato < indplaceringsdato"),
        ("date_1850", "replace", {"indplaceringsdato": "DATE '1850-01-01'"}, "indplaceringsdato = DATE '1850-01-01'"),
        ("date_2150", "replace", {"overgangsdato": "DATE '2150-01-01'"}, "overgangsdato = DATE '2150-01-01'"),
    ],
    "uddannelsespaalaeg": _PID + _DUPLICATE_ROW + _interval_kinds("fra_dato", "til_dato"),
}


# ---------------------------------------------------------------------------
# The memo's table
# ---------------------------------------------------------------------------
def focus_shares(monthly: Path = MEMO_MONTHLY_SEED, total: Path = MEMO_TOTAL_SEED
                 ) -> tuple[dict[tuple[str, str], float], dict[str, float]]:
    """The target shares of >= 2 counted a-kasse interviews from memo 000.

    Returns ``(by_month, other)``: ``by_month[(a_kasse, 'YYYY-MM-01')]`` is the
    published share of that month, or the a-kasse's Total share where the
    memo's cell is blank (no persons); ``other[a_kasse]`` is the mean of the
    a-kasse's published months, used for every other report month.
    """
    pub: dict[str, list[float]] = {a: [] for a in TRIAL_AKASSER}
    blank: list[tuple[str, str]] = []
    by_month: dict[tuple[str, str], float] = {}
    with open(monthly, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            ak, month, share = row["a_kasse"].strip(), row["report_month"].strip(), row["share_two_plus"].strip()
            if ak not in pub:
                raise ValueError(f"{monthly}: {ak!r} is not a trial a-kasse")
            if share:
                by_month[(ak, month)] = float(share)
                pub[ak].append(float(share))
            else:
                blank.append((ak, month))
    missing = [a for a, v in pub.items() if not v]
    if missing:
        raise ValueError(f"{monthly}: no published month for {missing}")
    other = {a: sum(v) / len(v) for a, v in pub.items()}
    totals: dict[str, float] = {}
    if total.exists():
        with open(total, newline="", encoding="utf-8") as f:
            totals = {r["a_kasse"].strip(): float(r["total_share"]) for r in csv.DictReader(f)
                      if r["total_share"].strip()}
    for ak, month in blank:
        by_month[(ak, month)] = totals.get(ak, other[ak])
    return by_month, other


def _focus_share_values() -> str:
    """VALUES rows (a_kasse, report_month or NULL, share) for the SQL."""
    by_month, other = focus_shares()
    rows = [f"('{a}', DATE '{m}', {v!r})" for (a, m), v in sorted(by_month.items())]
    rows += [f"('{a}', NULL::DATE, {v!r})" for a, v in sorted(other.items())]
    return ", ".join(rows)


# ---------------------------------------------------------------------------
# SQL helpers
# ---------------------------------------------------------------------------
def _sql_list(values) -> str:
    return "[" + ", ".join(f"'{v}'" if isinstance(v, str) else str(v) for v in values) + "]"


def _ak_case(uexpr: str) -> str:
    """Weighted pick of an a-kasse from a uniform expression."""
    total = sum(w for _, w in AKASSE_WEIGHTS)
    parts, cum = [], 0
    for name, w in AKASSE_WEIGHTS[:-1]:
        cum += w
        parts.append(f"WHEN {uexpr} < {cum / total:.6f} THEN '{name}'")
    return f"CASE {' '.join(parts)} ELSE '{AKASSE_WEIGHTS[-1][0]}' END"


def _muni_case(key: str, salt: str) -> str:
    """Municipality pick: a few boosted codes, else uniform over the 98 codes."""
    uexpr = f"u({key}, 0, '{salt}')"
    parts = [f"WHEN {uexpr} < {c} THEN {code}" for code, c in MUNI_BOOST]
    uniform = f"{_sql_list(MUNICIPALITIES)}[1 + floor(u({key}, 0, '{salt}_x') * {len(MUNICIPALITIES)})::INT]"
    return f"CASE {' '.join(parts)} ELSE {uniform} END"


def _macros(seed: int) -> list[str]:
    return [
        # uniform in [0, 1) from the seed and three keys
        f"CREATE OR REPLACE MACRO u(a, b, c) AS "
        f"(hash({int(seed)}::BIGINT, a, b, c) % 1000000007)::DOUBLE / 1000000007.0",
        # date + integer offset (DATE + BIGINT does not bind)
        "CREATE OR REPLACE MACRO dadd(d, n) AS d + (n)::INTEGER",
        # weekdays (Mon-Fri) in [1900-01-01, d): 1900-01-01 was a Monday
        "CREATE OR REPLACE MACRO wd_before(d) AS "
        "5 * ((d - DATE '1900-01-01') // 7) + least((d - DATE '1900-01-01') % 7, 5)",
        # weekdays in [a, b], both inclusive
        "CREATE OR REPLACE MACRO wd(a, b) AS "
        "CASE WHEN b < a THEN 0 ELSE wd_before(b + 1) - wd_before(a) END",
        # the date of weekday number i (0 = 1900-01-01), inverse of wd_before
        "CREATE OR REPLACE MACRO wd_date(i) AS DATE '1900-01-01' + (7 * ((i) // 5) + (i) % 5)::INTEGER",
        "CREATE OR REPLACE MACRO pick(lst, x) AS lst[1 + least(floor(x * len(lst))::INT, len(lst) - 1)]",
        # trial municipality m allows a digital first interview on day d (Skema 1)
        "CREATE OR REPLACE MACRO trial_dig(m, d) AS "
        f"(list_contains({_sql_list(NORDJYSKE)}, m) AND d BETWEEN DATE '2017-07-01' AND DATE '2023-12-31') "
        f"OR (list_contains({_sql_list(SJAELLANDSKE)}, m) AND d BETWEEN DATE '2017-07-01' AND DATE '2021-12-31') "
        "OR (m = 101 AND d BETWEEN DATE '2018-09-01' AND DATE '2020-09-01') "
        "OR (m = 269 AND d BETWEEN DATE '2018-11-01' AND DATE '2022-12-31')",
    ]


def _chunk_sql(lo: int, hi: int, width: int) -> list[tuple[str, str]]:
    """(name, sql) steps that build the chunk's internal and output tables."""
    de = f"DATE '{DATA_END}'"
    maxd = "DATE '9999-12-31'"
    trial = _sql_list(TRIAL_AKASSER)
    fourw = _sql_list(FOUR_WEEK_AKASSER)
    steps: list[tuple[str, str]] = []

    # ---------------------------------------------------------------- persons
    steps.append(("persons", f"""
CREATE OR REPLACE TEMP TABLE persons AS
WITH b AS (SELECT i::BIGINT AS idx FROM range({lo}, {hi}) t(i)),
c AS (
  SELECT idx,
    'P' || lpad(idx::VARCHAR, {width}, '0') AS pid,
    CASE
      WHEN u(idx, 0, 'pex') < 0.012 THEN
        [DATE '2016-01-01', DATE '2017-06-30', DATE '2017-07-01', DATE '2023-12-31',
         DATE '2024-01-01', DATE '2024-01-02'][1 + floor(u(idx, 0, 'pex2') * 6)::INT]
      WHEN u(idx, 0, 'pmix') < 0.30 THEN dadd(DATE '2016-01-01', floor(u(idx, 0, 'pd') * 3469))
      -- the corona inflow: full periods reported in the trial's windows (R19-R22)
      WHEN u(idx, 0, 'pmix') < 0.52 THEN dadd(DATE '{TRIAL_BOOST[0]}', floor(u(idx, 0, 'pd') * {TRIAL_BOOST[1]}))
      WHEN u(idx, 0, 'pmix') < 0.64 THEN dadd(DATE '2016-10-01', floor(u(idx, 0, 'pd') * 273))
      WHEN u(idx, 0, 'pmix') < 0.80 THEN dadd(DATE '2023-03-01', floor(u(idx, 0, 'pd') * 306))
      ELSE dadd(DATE '2024-01-01', floor(u(idx, 0, 'pd') * 456))
    END AS p1,
    CASE WHEN u(idx, 0, 'nc') < 0.72 THEN 1 WHEN u(idx, 0, 'nc') < 0.93 THEN 2 ELSE 3 END AS ncourse,
    CASE WHEN u(idx, 0, 'ins') < 0.15 THEN 'D' ELSE 'F' END AS ins_base,
    {_ak_case("u(idx, 0, 'ak')")} AS ak1,
    {_muni_case('idx', 'm1')} AS m1,
    {_muni_case('idx', 'm2')} AS m2,
    {_muni_case('idx', 'm3')} AS m3,
    CASE
      WHEN u(idx, 0, 'age') < 0.012 THEN 15.2 + 1.1 * u(idx, 0, 'age2')       -- near 16
      WHEN u(idx, 0, 'age') < 0.040 THEN 64.0 + 5.5 * u(idx, 0, 'age2')       -- near pension age
      WHEN u(idx, 0, 'age') < 0.070 THEN 55.0 + 9.0 * u(idx, 0, 'age2')
      ELSE 18.0 + 22.0 * (u(idx, 0, 'age2') + u(idx, 0, 'age3'))
    END::DOUBLE AS age_years
  FROM b)
SELECT *, dadd(p1, -floor(age_years * 365.25)) AS birth FROM c
"""))

    # ---------------------------------------------------------------- addresses
    steps.append(("addr", f"""
CREATE OR REPLACE TEMP TABLE addr AS
WITH a AS (
  SELECT idx, pid, birth, p1, m1, m2, m3,
    CASE WHEN u(idx, 0, 'at') < 0.01 THEN 'gap' WHEN u(idx, 0, 'at') < 0.11 THEN 'mover'
         WHEN u(idx, 0, 'at') < 0.12 THEN 'late' ELSE 'single' END AS atype,
    least(greatest(dadd(birth, 365), dadd(p1, -730 + floor(u(idx, 0, 'd1') * 2500))), dadd({de}, -30)) AS d1,
    60 + floor(u(idx, 0, 'd2') * 900)::INT AS d2off,
    u(idx, 0, 'mv2') < 0.3 AS mv2want,
    greatest(dadd(birth, 365), dadd(p1, -200 + floor(u(idx, 0, 'g0') * 600))) AS g0,
    20 + floor(u(idx, 0, 'gl') * 400)::INT AS gl,
    u(idx, 0, 'gr2') < 0.7 AS g_row2,
    greatest(birth, dadd(p1, -1500 + floor(u(idx, 0, 'imm') * 1700))) AS imm
  FROM persons),
b AS (SELECT *, dadd(d1, d2off) AS d2, mv2want AND dadd(d1, d2off) <= dadd({de}, -10) AS mv2 FROM a)
SELECT idx, pid, j,
  CASE j WHEN 1 THEN m1 WHEN 2 THEN m2 ELSE m3 END::SMALLINT AS kommune,
  CASE j WHEN 1 THEN (CASE WHEN atype = 'late' THEN imm ELSE birth END)
         WHEN 2 THEN (CASE WHEN atype = 'mover' THEN d1 ELSE dadd(g0, gl + 1) END)
         ELSE d2 END AS fra,
  CASE j WHEN 1 THEN (CASE WHEN atype = 'mover' THEN d1 - 1 WHEN atype = 'gap' THEN g0 END)
         WHEN 2 THEN (CASE WHEN atype = 'mover' AND mv2 THEN d2 - 1 END)
         ELSE NULL END AS til
FROM b, range(1, 4) r(j)
WHERE j = 1 OR (j = 2 AND (atype = 'mover' OR (atype = 'gap' AND g_row2))) OR (j = 3 AND atype = 'mover' AND mv2)
"""))

    # ---------------------------------------------------------------- courses
    steps.append(("courses", f"""
CREATE OR REPLACE TEMP TABLE courses AS
WITH a AS (
  SELECT p.idx, p.pid, p.birth, p.p1, p.ins_base, p.ak1, p.m1, r.k::INT AS k,
    CASE WHEN r.k = 1 THEN 0
         WHEN u(p.idx, r.k, 'gk') < 0.12 THEN 40 + floor(u(p.idx, r.k, 'gl') * 160)::INT
         ELSE 400 + floor(u(p.idx, r.k, 'gl') * 900)::INT END AS gap
  FROM persons p, range(1, 4) r(k) WHERE r.k <= p.ncourse),
b AS (SELECT *, dadd(p1, sum(gap) OVER (PARTITION BY idx ORDER BY k)) AS p FROM a),
c AS (SELECT * FROM b WHERE p <= DATE '{LAST_PLACEMENT}'),
d AS (
  SELECT *,
    lead(p) OVER (PARTITION BY idx ORDER BY k) AS next_p,
    lag(p) OVER (PARTITION BY idx ORDER BY k) AS prev_p,
    (p + INTERVAL 2 YEAR)::DATE - 1 AS nom_end
  FROM c),
e AS (
  SELECT *,
    least(coalesce(next_p - 1, {maxd}), nom_end, {de}) AS cend,
    CASE WHEN next_p IS NOT NULL AND u(idx, k, 'sd') < 0.8 THEN least(nom_end, next_p - 1)
         WHEN next_p IS NULL AND nom_end <= {de} AND u(idx, k, 'sd') < 0.6 THEN nom_end END AS sidste_dag,
    CASE WHEN k > 1 AND u(idx, k, 'akc') < 0.12 THEN {_ak_case("u(idx, k, 'ak')")} ELSE ak1 END AS ak,
    -- spells (offsets in days from the placement date)
    u(idx, k, 'early') < CASE WHEN p BETWEEN DATE '2023-06-01' AND DATE '2023-12-31' THEN 0.40 ELSE 0.22 END AS early,
    u(idx, k, 'ret') < 0.6 AS ret_want,
    10 + floor(u(idx, k, 'g') * 110)::INT AS G,
    60 + floor(u(idx, k, 'l2') * 600)::INT AS L2,
    -- daily a-dagpenge rate
    (CASE WHEN ins_base = 'F' THEN
       CASE WHEN u(idx, k, 'r') < 0.72 THEN 7.40 ELSE round(1.5 + 5.89 * u(idx, k, 'r2'), 2) END
     ELSE
       CASE WHEN u(idx, k, 'r') < 0.72 THEN 6.00 ELSE round(1.5 + 4.49 * u(idx, k, 'r2'), 2) END
     END)::DECIMAL(4,2) AS rate0,
    CASE WHEN ins_base = 'F' AND u(idx, k, 'sw') < 0.04 THEN 'FD'
         WHEN ins_base = 'D' AND u(idx, k, 'sw') < 0.08 THEN 'DF' END AS sw,
    30 + floor(u(idx, k, 'swc') * 150)::INT AS sw_c0,
    u(idx, k, 'lt') < 0.10 AS has_lt,
    20 + floor(u(idx, k, 'lta') * 120)::INT AS lt_a0,
    30 + floor(u(idx, k, 'ltl') * 150)::INT AS lt_len,
    -- registration before the placement date
    CASE WHEN u(idx, k, 'pre') < 0.66 THEN p
         WHEN u(idx, k, 'pre') < 0.86 THEN dadd(p, -1 - floor(u(idx, k, 'pre2') * 120))
         WHEN u(idx, k, 'pre') < 0.91 THEN (p - INTERVAL 3 MONTH)::DATE
         WHEN u(idx, k, 'pre') < 0.95 THEN (p - INTERVAL 3 MONTH)::DATE - 1
         ELSE dadd(p, -95 - floor(u(idx, k, 'pre2') * 100)) END AS r0raw
  FROM d),
f AS (
  SELECT *,
    (cend - p)::INT AS E,
    CASE WHEN early THEN 14 + floor(u(idx, k, 'l1') * 160)::INT ELSE 200 + floor(u(idx, k, 'l1') * 530)::INT END AS L1,
    CASE WHEN prev_p IS NOT NULL THEN greatest(r0raw, prev_p + 1) ELSE r0raw END AS r0,
    CASE sw WHEN 'FD' THEN least(rate0, 6.00) WHEN 'DF' THEN 7.40 END::DECIMAL(4,2) AS rate1,
    CASE WHEN sw IS NOT NULL THEN sw_c0 END AS sw_c,
    CASE WHEN has_lt THEN lt_a0 END AS lt_a,
    CASE WHEN has_lt THEN lt_a0 + lt_len END AS lt_b
  FROM e),
g AS (
  SELECT *,
    least(L1, E) AS sp1e,
    CASE WHEN early AND ret_want AND L1 + G + 1 <= E THEN L1 + G + 1 END AS sp2s,
    CASE WHEN early AND ret_want AND L1 + G + 1 <= E THEN least(L1 + G + L2, E) END AS sp2e
  FROM f)
SELECT *, lead(r0) OVER (PARTITION BY idx ORDER BY k) AS next_r0 FROM g
"""))

    # ---------------------------------------------------------------- segments
    steps.append(("segs", f"""
CREATE OR REPLACE TEMP TABLE segs AS
WITH bp AS (
  SELECT idx, pid, k, p, ak, ins_base, sw, sw_c, rate0, rate1, has_lt, lt_a, lt_b, sp1e, sp2s, sp2e, E,
    list_sort(list_distinct(list_filter([0, sp1e + 1, sp2s, sp2e + 1, lt_a, lt_b + 1, sw_c, E + 1],
                                        lambda x: x IS NOT NULL AND x >= 0 AND x <= E + 1))) AS bps
  FROM courses),
x AS (SELECT *, unnest(range(1, len(bps))) AS i FROM bp),
y AS (
  SELECT *, bps[i] AS s_off, bps[i + 1] - 1 AS e_off,
    bps[i] <= sp1e OR (sp2s IS NOT NULL AND bps[i] BETWEEN sp2s AND sp2e) AS in_spell,
    has_lt AND bps[i] BETWEEN lt_a AND lt_b AS in_lt,
    sw_c IS NOT NULL AND bps[i] >= sw_c AS post_sw
  FROM x)
SELECT idx, pid, k, i::INT AS seg, ak,
  dadd(p, s_off) AS s, dadd(p, e_off) AS e,
  CASE WHEN in_lt THEN 'LT' ELSE 'ADAG' END AS kind,
  CASE WHEN post_sw THEN (CASE sw WHEN 'FD' THEN 'D' ELSE 'F' END) ELSE ins_base END AS ins,
  CASE WHEN post_sw THEN rate1 ELSE rate0 END AS rate,
  (CASE WHEN (CASE WHEN post_sw THEN (CASE sw WHEN 'FD' THEN 'D' ELSE 'F' END) ELSE ins_base END) = 'F'
        THEN (CASE WHEN u(idx, k, 'tpu') < 0.7 THEN 37.00 ELSE round(15 + 22 * u(idx, k, 'tpu2'), 2) END)
        ELSE (CASE WHEN u(idx, k, 'tpu') < 0.7 THEN 30.00 ELSE round(10 + 20 * u(idx, k, 'tpu2'), 2) END)
   END)::DECIMAL(5,2) AS tpu
FROM y WHERE in_spell
"""))

    # ---------------------------------------------------------------- RAM weeks (segment level)
    steps.append(("ram0", f"""
CREATE OR REPLACE TEMP TABLE ram0 AS
WITH s AS (
  SELECT idx, pid, k, seg, ak, ins, rate, s AS sd, least(e, DATE '{RAM_END}') AS ed,
         date_trunc('week', s)::DATE AS mon0
  FROM segs WHERE kind = 'ADAG' AND s <= DATE '{RAM_END}'),
w AS (SELECT *, unnest(range(0, (ed - mon0) // 7 + 1)) AS wi FROM s),
x AS (
  SELECT *, dadd(mon0, 7 * wi) AS mon,
    greatest(dadd(mon0, 7 * wi), sd) AS d0, least(dadd(mon0, 7 * wi + 4), ed) AS d1
  FROM w),
y AS (SELECT *, wd(d0, d1) AS nwd, (mon - DATE '2000-01-03')::INT AS wkey FROM x)
SELECT idx, pid, k, seg, ak, ins, mon, d0, d1,
  CASE WHEN u(idx, wkey, 'wf') < 0.10
       THEN round(nwd * rate::DOUBLE * (0.3 + 0.6 * u(idx, wkey, 'wf2')), 2)::DECIMAL(7,2)
       ELSE (nwd * rate)::DECIMAL(7,2) END AS timer
FROM y WHERE nwd > 0
"""))

    # ---------------------------------------------------------------- FLEUR ADAG periods (segment level)
    steps.append(("fleur0", f"""
CREATE OR REPLACE TEMP TABLE fleur0 AS
WITH s AS (
  SELECT idx, pid, k, seg, ak, ins, rate, greatest(s, DATE '{FLEUR_START}') AS sd, e AS ed,
         list_contains({fourw}, ak) AS fourw
  FROM segs WHERE kind = 'ADAG' AND e >= DATE '{FLEUR_START}'),
x AS (
  SELECT *,
    (sd - DATE '{FOUR_WEEK_ANCHOR}') // 28 AS n0,
    CASE WHEN fourw THEN (ed - DATE '{FOUR_WEEK_ANCHOR}') // 28 - (sd - DATE '{FOUR_WEEK_ANCHOR}') // 28
         ELSE datediff('month', sd, ed) END AS nn
  FROM s),
y AS (SELECT *, unnest(range(0, nn + 1)) AS pi FROM x),
z AS (
  SELECT *,
    CASE WHEN fourw THEN dadd(DATE '{FOUR_WEEK_ANCHOR}', 28 * (n0 + pi))
         ELSE (date_trunc('month', sd) + to_months(pi::INT))::DATE END AS ps
  FROM y),
q AS (
  SELECT *, greatest(ps, sd) AS pf,
    least(CASE WHEN fourw THEN ps + 27 ELSE last_day(ps) END, ed) AS pt
  FROM z),
r AS (SELECT *, wd(pf, pt) AS nwd, (ps - DATE '2000-01-01')::INT AS pkey FROM q)
SELECT idx, pid, k, seg, ak, ins, pf AS periode_fra, pt AS periode_til,
  CASE WHEN u(idx, pkey, 'pf') < 0.10
       THEN round(nwd * rate::DOUBLE * (0.3 + 0.6 * u(idx, pkey, 'pf2')), 2)::DECIMAL(7,2)
       ELSE (nwd * rate)::DECIMAL(7,2) END AS timer
FROM r WHERE nwd > 0
"""))

    # ---------------------------------------------------------------- full trial period date (R19), exact
    # For courses in a trial a-kasse placed from 2017-07-01 (FLEUR only): the
    # first weekday on which the hours of the course's FLEUR ADAG periods and
    # a-dagpenge løntilskud (spread evenly over their weekdays, part-time hours
    # x 7.4/6) reach 481 full-time hours (= 390 part-time), in integer units.
    steps.append(("fpx", f"""
CREATE OR REPLACE TEMP TABLE fpx AS
WITH c AS (SELECT idx, k FROM courses WHERE list_contains({trial}, ak) AND p >= DATE '{FLEUR_START}'),
r0 AS (
  SELECT f.idx, f.k, f.periode_fra AS a, wd(f.periode_fra, f.periode_til) AS n, f.ins, f.timer, NULL AS tpu
  FROM fleur0 f JOIN c ON c.idx = f.idx AND c.k = f.k
  UNION ALL
  SELECT g.idx, g.k, g.s, wd(g.s, g.e), NULL, NULL, g.tpu
  FROM segs g JOIN c ON c.idx = g.idx AND c.k = g.k
  WHERE g.kind = 'LT'),
-- the insurance status of a løntilskud day is that of the latest FLEUR record
-- starting on or before it (R4)
r1 AS (
  SELECT *, last_value(ins IGNORE NULLS) OVER (PARTITION BY idx, k ORDER BY a
                                              ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS st
  FROM r0),
r AS (
  SELECT idx, k, a, n,
    CASE WHEN tpu IS NULL THEN (timer * 100)::BIGINT * (CASE WHEN st = 'D' THEN 185 ELSE 150 END)
         ELSE (tpu * 100)::BIGINT * (CASE WHEN st = 'D' THEN 37 ELSE 30 END) * n END AS units
  FROM r1),
q AS (
  SELECT *, coalesce(sum(units) OVER (PARTITION BY idx, k ORDER BY a
                                      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
  FROM r WHERE n > 0 AND units > 0)
SELECT idx, k,
  min(wd_date(wd_before(a) + (({FULL_PERIOD_UNITS} - before) * n + units - 1) // units - 1)) AS fpx
FROM q WHERE before < {FULL_PERIOD_UNITS} AND before + units >= {FULL_PERIOD_UNITS}
GROUP BY idx, k
"""))

    # ---------------------------------------------------------------- hours per course and month (30ths of FTE hours)
    steps.append(("hm", f"""
CREATE OR REPLACE TEMP TABLE hm AS
SELECT idx, k, date_trunc('month', d0)::DATE AS month,
       sum(CASE WHEN ins = 'D' THEN timer * 37 ELSE timer * 30 END) AS h30
FROM ram0 GROUP BY ALL
UNION ALL
SELECT idx, k, date_trunc('month', periode_fra)::DATE AS month,
       sum(CASE WHEN ins = 'D' THEN timer * 37 ELSE timer * 30 END) AS h30
FROM fleur0 GROUP BY ALL
UNION ALL
SELECT idx, k, ms AS month,
       sum(CASE WHEN ins = 'D' THEN wd(greatest(ms, s), least(last_day(ms), e)) * tpu * 7.4
                ELSE wd(greatest(ms, s), least(last_day(ms), e)) * tpu * 6 END) AS h30
FROM (SELECT *, (date_trunc('month', s) + to_months(mi::INT))::DATE AS ms
      FROM (SELECT *, unnest(range(0, datediff('month', s, e) + 1)) AS mi FROM segs WHERE kind = 'LT'))
GROUP BY ALL
"""))

    steps.append(("cd", """
CREATE OR REPLACE TEMP TABLE cd AS
WITH m AS (SELECT idx, k, month, sum(h30) AS h FROM hm GROUP BY ALL),
c AS (SELECT *, sum(h) OVER (PARTITION BY idx, k ORDER BY month
                             ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum FROM m),
d AS (SELECT *, (last_day(month) - month + 1)::INT AS dim FROM c WHERE h > 0)
SELECT idx, k,
  min(month) FILTER (WHERE cum >= 12300) AS m410,
  min(month) FILTER (WHERE cum > 19230) AS m641,
  arg_min(dadd(month, least(floor((14430 - (cum - h))::DOUBLE / h::DOUBLE * dim), dim - 1)), month)
      FILTER (WHERE cum >= 14430) AS fp,
  arg_min(dadd(month, least(floor((28860 - (cum - h))::DOUBLE / h::DOUBLE * dim), dim - 1)), month)
      FILTER (WHERE cum >= 28860) AS fu,
  coalesce(max(cum) FILTER (WHERE month <= DATE '2023-12-01'), 0) AS cum2023
FROM d GROUP BY idx, k
"""))

    # ---------------------------------------------------------------- courses enriched with derived dates
    steps.append(("cx", f"""
CREATE OR REPLACE TEMP TABLE cx AS
WITH a AS (
  SELECT c.*, cd.m410, cd.m641, cd.fp, cd.fu, coalesce(cd.cum2023, 0) AS cum2023,
         coalesce(ad.kommune, c.m1::SMALLINT) AS muni_p, fpx.fpx
  FROM courses c
  LEFT JOIN cd ON cd.idx = c.idx AND cd.k = c.k
  LEFT JOIN fpx ON fpx.idx = c.idx AND fpx.k = c.k
  LEFT JOIN addr ad ON ad.idx = c.idx AND c.p BETWEEN ad.fra AND coalesce(ad.til, {maxd})),
b AS (
  SELECT *,
    CASE WHEN m410 IS NULL OR last_day(m410) > {de} THEN NULL
         WHEN p >= DATE '2024-01-01' THEN
           CASE WHEN u(idx, k, 'ov') < 0.05 THEN NULL
                WHEN u(idx, k, 'ov') < 0.08 AND m641 IS NOT NULL AND last_day(m641) <= {de} THEN last_day(m641)
                WHEN u(idx, k, 'ov') < 0.12 THEN dadd(last_day(m410), -1 - floor(u(idx, k, 'ov2') * 10))
                ELSE last_day(m410) END
         WHEN p >= DATE '2023-01-01' AND sp2s IS NOT NULL AND dadd(p, sp2s) >= DATE '2024-01-01'
              AND cum2023 < 12300 AND m410 >= DATE '2024-01-01' AND u(idx, k, 'ov') < 0.7
           THEN last_day(m410)
    END AS overgang
  FROM a),
c AS (
  SELECT *,
    p >= DATE '2024-01-01' AS new_regime,
    least(dadd(p, coalesce(sp2e, sp1e)), {de}) AS act_end,
    CASE WHEN sp2s IS NOT NULL THEN dadd(p, sp1e + 1) END AS gap_s,
    CASE WHEN sp2s IS NOT NULL THEN dadd(p, sp2s - 1) END AS gap_e,
    CASE WHEN p >= DATE '2024-01-01' THEN coalesce(overgang, last_day(m410)) END AS trans_used,
    list_contains({trial}, ak) AND p BETWEEN DATE '2020-06-01' AND DATE '2021-12-31' AS trial
  FROM b),
d AS (
  SELECT *,
    CASE WHEN new_regime THEN coalesce(trans_used + 1, dadd(p, 91)) ELSE p END AS ws_jc,
    CASE WHEN new_regime THEN greatest(coalesce(trans_used, dadd(p, 91)), dadd(p, 14))
         ELSE greatest(coalesce(fp, dadd(p, 91)), dadd(p, 14)) END AS we_ak
  FROM c),
e AS (
  SELECT *,
    fpx IS NOT NULL AND fpx >= DATE '{FOCUS_FROM}' AS focus,
    -- interviews fall on days of the spells from the placement date to the
    -- full period date (2024 on: to the handover when that is earlier)
    CASE WHEN new_regime AND trans_used >= dadd(p, 60) AND trans_used < fpx THEN trans_used ELSE fpx END AS we_f,
    CASE WHEN sp2s IS NOT NULL THEN dadd(p, sp2s) END AS sp2_date
  FROM d),
f AS (
  SELECT *, (least(we_f, dadd(p, sp1e)) - p + 1)::INT AS win_a1,
    CASE WHEN sp2_date IS NOT NULL AND we_f >= sp2_date THEN (we_f - sp2_date + 1)::INT ELSE 0 END AS win_a2
  FROM e),
shares(s_ak, s_month, s_share) AS (VALUES {_focus_share_values()})
SELECT f.*,
  greatest(coalesce(fu, dadd(ws_jc, 182)), dadd(ws_jc, 30)) AS we_jc,
  -- jobcentre propensity: a persistent municipality effect plus a year effect
  0.62 + 0.28 * u(muni_p, 0, 'pijc') + 0.09 * u(muni_p, year(ws_jc), 'pijc_y') AS pi_jc,
  CASE WHEN trial THEN 0.75 + 0.24 * u(ak, year(p) * 12 + month(p), 'piak')
       ELSE 0.50 + 0.30 * u(ak, year(p), 'piak') END AS pi_ak,
  -- focus target (R19-R22): a full trial period reported from {FOCUS_FROM} on; the
  -- chance of >= 2 counted a-kasse interviews is the memo's share of the
  -- a-kasse and report month (other report months: the a-kasse's mean)
  CASE WHEN focus THEN coalesce(sm.s_share, so.s_share) END AS focus_share
FROM f
LEFT JOIN shares sm ON f.focus AND sm.s_ak = f.ak AND sm.s_month = date_trunc('month', f.fpx)
LEFT JOIN shares so ON f.focus AND so.s_ak = f.ak AND so.s_month IS NULL
"""))

    # ================================================================ output tables
    steps.append(("out_cpr_person", """
CREATE OR REPLACE TEMP TABLE out_cpr_person AS
SELECT pid AS person_id, birth AS foedselsdato FROM persons
"""))

    steps.append(("out_cpr_adresse", """
CREATE OR REPLACE TEMP TABLE out_cpr_adresse AS
SELECT pid AS person_id, kommune AS kommune_kode, fra AS fra_dato, til AS til_dato FROM addr
"""))

    steps.append(("out_taeller_dagpengeperiode", """
CREATE OR REPLACE TEMP TABLE out_taeller_dagpengeperiode AS
SELECT pid AS person_id, p AS indplaceringsdato, sidste_dag FROM courses
"""))

    steps.append(("out_ram_ledighed", """
CREATE OR REPLACE TEMP TABLE out_ram_ledighed AS
SELECT pid AS person_id, strftime(mon, '%G-W%V') AS aar_uge, arg_max(ak, d0) AS a_kasse,
       -- a week switching from full-time to part-time is part-time insured,
       -- at most 30 hours (the contract's part-time maximum)
       CASE arg_max(ins, d0) WHEN 'D' THEN least(sum(timer), 30) ELSE sum(timer) END::DECIMAL(7,2) AS timer,
       CASE arg_max(ins, d0) WHEN 'D' THEN 'DELTID' ELSE 'FULDTID' END AS forsikring
FROM ram0 GROUP BY pid, mon
"""))

    steps.append(("out_fleur_udbetaling", f"""
CREATE OR REPLACE TEMP TABLE out_fleur_udbetaling AS
SELECT pid AS person_id, ak AS a_kasse, 'ADAG' AS ydelse, periode_fra, periode_til, timer, ins AS forsikring
FROM fleur0
UNION ALL
-- holiday pay: the week after a spell ended early (before a return or after leaving)
SELECT pid, ak, 'FERIEDAGPENGE', fd0, fd0 + 4, (5 * rate0)::DECIMAL(7,2), ins_base
FROM (SELECT *, date_trunc('week', dadd(p, sp1e + 7))::DATE AS fd0 FROM courses
      WHERE sp1e < E AND u(idx, k, 'fe') < 0.35) f
WHERE fd0 >= DATE '{FLEUR_START}' AND fd0 + 4 <= {de}
  AND (sp2s IS NULL OR fd0 + 4 < dadd(p, sp2s)) AND (next_p IS NULL OR fd0 + 4 < next_p)
UNION ALL
-- early retirement pay after the last course of older persons (must never count)
SELECT pid, ak, 'EFTERLOEN', pf, last_day(pf), (wd(pf, last_day(pf)) * 7.40)::DECIMAL(7,2), 'F'
FROM (
  SELECT pid, ak, (date_trunc('month', cend) + to_months(mi::INT))::DATE AS pf
  FROM (SELECT *, unnest(range(1, 4 + floor(u(idx, k, 'ef2') * 20)::INT)) AS mi
        FROM courses
        WHERE next_p IS NULL AND cend < dadd({de}, -40) AND cend >= DATE '{FLEUR_START}'
          AND (cend - birth) >= 60 * 365.25 AND u(idx, k, 'ef') < 0.5))
WHERE pf <= {de}
"""))

    steps.append(("out_plan_tilbud", f"""
CREATE OR REPLACE TEMP TABLE out_plan_tilbud AS
-- løntilskud financed by a-dagpenge (counts as unemployment)
SELECT pid AS person_id, 'LOENTILSKUD' AS tilbud, 'A_DAGPENGE' AS ydelsesgrundlag,
       s AS fra_dato, e AS til_dato, tpu AS timer_pr_uge
FROM segs WHERE kind = 'LT'
UNION ALL
-- other offers during the course, still on a-dagpenge (do not add hours)
SELECT pid, CASE WHEN u(idx, k, 'ot2') < 0.6 THEN 'VIRKSOMHEDSPRAKTIK' ELSE 'OPKVALIFICERING' END, 'A_DAGPENGE',
       fr, dadd(fr, 13 + floor(u(idx, k, 'ot4') * 80)),
       round(20 + 17 * u(idx, k, 'ot5'), 2)::DECIMAL(5,2)
FROM (SELECT *, dadd(p, 20 + floor(u(idx, k, 'ot3') * 150)) AS fr FROM courses WHERE u(idx, k, 'ot') < 0.08)
UNION ALL
-- offers on other benefits somewhere in the person's history
SELECT pid, pick(['LOENTILSKUD', 'VIRKSOMHEDSPRAKTIK', 'OPKVALIFICERING'], u(idx, 0, 'ob2')),
       CASE WHEN u(idx, 0, 'ob3') < 0.7 THEN 'KONTANTHJAELP' ELSE 'SYGEDAGPENGE' END,
       fr, dadd(fr, 14 + floor(u(idx, 0, 'ob5') * 180)),
       round(10 + 27 * u(idx, 0, 'ob6'), 2)::DECIMAL(5,2)
FROM (SELECT *, dadd(p1, -400 + floor(u(idx, 0, 'ob4') * greatest({de} - p1 + 400, 1))) AS fr
      FROM persons WHERE u(idx, 0, 'ob') < 0.03)
UNION ALL
-- an offer paid by kontanthjælp between a pre-placement registration and the placement (R11)
SELECT pid, 'VIRKSOMHEDSPRAKTIK', 'KONTANTHJAELP', r0 + 1, p - 1, 25.00
FROM courses WHERE r0 < p - 5 AND u(idx, k, 'okh') < 0.08
"""))

    steps.append(("out_kmd_sygedagpenge", f"""
CREATE OR REPLACE TEMP TABLE out_kmd_sygedagpenge AS
-- sick pay between a pre-placement registration and the placement (R11)
SELECT pid AS person_id, fr AS fra_dato, least(dadd(fr, 2 + floor(u(idx, k, 'sk3') * 30)), p - 1) AS til_dato,
       u(idx, k, 'sk4') < 0.1 AS delvis_raskmeldt
FROM (SELECT *, dadd(r0, floor(u(idx, k, 'sk2') * (p - r0 - 1))) AS fr FROM courses
      WHERE r0 < p - 1 AND u(idx, k, 'sk') < 0.08)
UNION ALL
-- sick-pay spells anywhere in the person's history (~4.5 % of persons, 1-2 spells)
SELECT pid, fr,
       CASE WHEN u(idx, j, 'sy4') < 0.05 AND fr > dadd({de}, -200) THEN NULL
            ELSE dadd(fr, 3 + floor(u(idx, j, 'sy3') * 150)) END,
       u(idx, j, 'sy5') < 0.1
FROM (SELECT p.*, r.j, dadd(p1, -300 + floor(u(idx, r.j, 'sy2') * greatest({de} - p1 + 300, 1))) AS fr
      FROM persons p, range(1, 3) r(j)
      WHERE u(idx, 0, 'sy') < 0.045 AND (r.j = 1 OR u(idx, 0, 'sy1') < 0.3))
"""))

    steps.append(("out_tass_tilmelding", f"""
CREATE OR REPLACE TEMP TABLE out_tass_tilmelding AS
WITH c AS (
  SELECT *, (p - r0) > 20 AND u(idx, k, 'spl') < 0.3 AS split,
    -- end of a spell's registration
    CASE WHEN sp1e < E THEN dadd(p, sp1e)
         WHEN next_p IS NULL AND cend = {de} THEN NULL
         WHEN next_p IS NOT NULL THEN next_p - 1
         WHEN u(idx, k, 'tr') < 0.4 THEN NULL ELSE cend END AS til1,
    CASE WHEN sp2s IS NULL THEN NULL
         WHEN sp2e < E THEN dadd(p, sp2e)
         WHEN next_p IS NULL AND cend = {de} THEN NULL
         WHEN next_p IS NOT NULL THEN next_p - 1
         WHEN u(idx, k, 'tr') < 0.4 THEN NULL ELSE cend END AS til2
  FROM courses),
r AS (
  SELECT idx, pid, next_r0, r0 AS fra, dadd(r0, (p - r0) // 3) AS til FROM c WHERE split
  UNION ALL
  SELECT idx, pid, next_r0, CASE WHEN split THEN dadd(r0, (p - r0) // 2) ELSE r0 END, til1 FROM c
  UNION ALL
  SELECT idx, pid, next_r0, dadd(p, sp2s), til2 FROM c WHERE sp2s IS NOT NULL),
s AS (
  SELECT pid, fra,
    CASE WHEN next_r0 IS NULL THEN til ELSE least(coalesce(til, {maxd}), next_r0 - 1) END AS til
  FROM r)
SELECT pid AS person_id, fra AS fra_dato, til AS til_dato FROM s WHERE til IS NULL OR til >= fra
"""))

    steps.append(("out_tass_overgang", """
CREATE OR REPLACE TEMP TABLE out_tass_overgang AS
SELECT pid AS person_id, p AS indplaceringsdato, overgang AS overgangsdato FROM cx WHERE overgang IS NOT NULL
"""))

    steps.append(("out_uddannelsespaalaeg", """
CREATE OR REPLACE TEMP TABLE out_uddannelsespaalaeg AS
SELECT pid AS person_id, fr AS fra_dato,
       CASE WHEN u(idx, k, 'up4') < 0.10 THEN NULL ELSE dadd(fr, 30 + floor(u(idx, k, 'up3') * 335)) END AS til_dato
FROM (SELECT *, dadd(p, -30 + floor(u(idx, k, 'up2') * 200)) AS fr FROM courses
      WHERE u(idx, k, 'up') < CASE WHEN (p - birth) < 30 * 365.25 THEN 0.13 ELSE 0.012 END)
"""))

    t1, t2, oth = _sql_list(TABEL1), _sql_list(TABEL2_MII), _sql_list(OTHER_FRAVAER)
    steps.append(("out_tass_fravaer", f"""
CREATE OR REPLACE TEMP TABLE out_tass_fravaer AS
WITH c AS (
  SELECT cx.*, r.j::INT AS j FROM cx, range(1, 5) r(j)
  WHERE u(idx, k, 'fr') < 0.20
    AND (r.j = 1 OR (r.j = 2 AND u(idx, k, 'fr2') < 0.5) OR (r.j = 3 AND u(idx, k, 'fr3') < 0.3)
         OR (r.j = 4 AND u(idx, k, 'fr4') < 0.35))),
a AS (
  SELECT *,
    dadd(ws_jc, -15 + floor(u(idx, k * 10 + j, 'fst') * ((we_jc - ws_jc) + 30))) AS st0,
    CASE WHEN u(idx, k * 10 + j, 'fln') < 0.35 THEN floor(u(idx, k * 10 + j, 'fl2') * 5)
         WHEN u(idx, k * 10 + j, 'fln') < 0.70 THEN 5 + floor(u(idx, k * 10 + j, 'fl2') * 26)
         WHEN u(idx, k * 10 + j, 'fln') < 0.90 THEN 31 + floor(u(idx, k * 10 + j, 'fl2') * 60)
         ELSE 91 + floor(u(idx, k * 10 + j, 'fl2') * 90) END::INT AS len0,
    u(idx, k * 10 + j, 'fcl') AS ucl
  FROM c),
b AS (
  SELECT *,
    lag(st0) OVER (PARTITION BY idx, k ORDER BY j) AS prev_st,
    lag(len0) OVER (PARTITION BY idx, k ORDER BY j) AS prev_len
  FROM a),
d AS (
  SELECT pid, idx, k, j,
    CASE WHEN j = 4 THEN pick({t2}, u(idx, k, 'fc4'))
         WHEN ucl < 0.60 THEN pick({t1}, u(idx, k * 10 + j, 'fc'))
         WHEN ucl < 0.90 THEN pick({t2}, u(idx, k * 10 + j, 'fc'))
         ELSE pick({oth}, u(idx, k * 10 + j, 'fc')) END AS code,
    CASE WHEN j = 4 THEN dadd(date_trunc('week', st0)::DATE, CASE WHEN u(idx, k, 'fm1') < 0.5 THEN 0 ELSE 3 END)
         WHEN j = 2 AND u(idx, k, 'fov') < 0.4 THEN dadd(prev_st, floor(u(idx, k, 'fov2') * (prev_len + 1)))
         ELSE st0 END AS fra,
    CASE WHEN j = 4 THEN (CASE WHEN u(idx, k, 'fm1') < 0.5 THEN 3 ELSE 5 END) + (CASE WHEN u(idx, k, 'fm2') < 0.5 THEN 0 ELSE 1 END)
         ELSE len0 END AS len
  FROM b)
-- DISTINCT: two draws can give the same registration; an exact duplicate
-- row breaks the contract (duplicate_row)
SELECT DISTINCT pid AS person_id, code::SMALLINT AS fravaer_id, fra AS fra_dato,
       CASE WHEN u(idx, k * 10 + j, 'fnull') < 0.05 THEN NULL ELSE dadd(fra, len) END AS til_dato
FROM d WHERE fra <= {de}
"""))

    # ---------------------------------------------------------------- interviews
    steps.append(("slots", f"""
CREATE OR REPLACE TEMP TABLE slots AS
WITH j AS (
  SELECT cx.*, 'J' AS src, r.s::INT AS slot, CASE WHEN new_regime THEN 4 ELSE 6 END AS nslot
  FROM cx, range(0, 8) r(s)),
jd AS (
  SELECT *,
    CASE
      WHEN slot = 0 THEN (CASE WHEN r0 < p AND u(idx, k * 10 + slot, 'jx') < 0.5 THEN
                            (CASE WHEN u(idx, k, 'j0') < 0.3 THEN r0 ELSE dadd(r0, floor(u(idx, k, 'j0b') * (p - r0))) END) END)
      WHEN slot <= nslot THEN (CASE WHEN u(idx, k * 10 + slot, 'jx') < pi_jc THEN
                            dadd(ws_jc, floor((slot - 1 + 0.1 + 0.8 * u(idx, k * 10 + slot, 'jd')) / nslot * least((we_jc - ws_jc) + 1, 200))) END)
      WHEN slot <= nslot + 2 THEN (CASE WHEN u(idx, k * 10 + slot, 'jx') < 0.5 THEN
                            dadd(we_jc, 10 + (slot - nslot - 1) * 60 + floor(u(idx, k * 10 + slot, 'jd') * 50)) END)
    END AS dt
  FROM j),
a AS (
  SELECT cx.*, 'A' AS src, r.s::INT AS slot, CASE WHEN trial THEN 4 ELSE 3 END AS nslot,
    -- focus courses: a planned number of counted interviews (>= 2 with the
    -- memo's share) on 4 slots, starting at a random slot; a slot without a
    -- counted interview may hold one that does not count
    CASE WHEN NOT focus THEN NULL
         WHEN u(idx, k, 'fts') < focus_share THEN
           (CASE WHEN u(idx, k, 'ftn') < 0.55 THEN 2 WHEN u(idx, k, 'ftn') < 0.85 THEN 3 ELSE 4 END)
         WHEN u(idx, k, 'ftn') < 0.35 THEN 0 ELSE 1 END AS n_counted,
    (r.s - 1 + floor(u(idx, k, 'ftr') * 4)::INT) % 4 AS fpos
  FROM cx, range(1, 5) r(s)),
ad AS (
  SELECT *,
    CASE WHEN focus THEN
           (CASE WHEN fpos < n_counted THEN 'C'
                 WHEN u(idx, k * 10 + slot, 'ftx') < CASE WHEN n_counted < 2 THEN 0.5 ELSE 0.25 END THEN 'N' END)
    END AS force,
    -- focus courses: position on the paid days from the placement date to the
    -- end of the window (spell 1, then spell 2), a few days before its end
    floor((slot - 1 + 0.1 + 0.8 * u(idx, k * 10 + slot, 'ad')) / 4 * greatest(win_a1 + win_a2 - 3, 1))::INT AS fx
  FROM a),
ae AS (
  SELECT *,
    CASE WHEN focus THEN
           (CASE WHEN force IS NOT NULL THEN
                 (CASE WHEN fx < win_a1 THEN dadd(p, fx) ELSE dadd(sp2_date, fx - win_a1) END) END)
         WHEN slot <= nslot AND u(idx, k * 10 + slot, 'ax') < pi_ak THEN
      dadd(p, floor((slot - 1 + 0.1 + 0.8 * u(idx, k * 10 + slot, 'ad')) / nslot * ((we_ak - p) + 1))) END AS dt
  FROM ad),
al AS (
  SELECT idx, pid, k, p, ak, muni_p, src, slot, dt, act_end, gap_s, gap_e, NULL AS force FROM jd WHERE dt IS NOT NULL
  UNION ALL
  SELECT idx, pid, k, p, ak, muni_p, src, slot, dt, act_end, gap_s, gap_e, force FROM ae WHERE dt IS NOT NULL)
SELECT idx, pid, k, ak, muni_p, src, slot, dt, force,
  (src = 'J' AND slot = 0) OR dt = min(dt) OVER (PARTITION BY idx, k, src) AS first_of_src
FROM al
WHERE dt <= act_end AND dt <= {de}
  AND NOT (gap_s IS NOT NULL AND dt BETWEEN gap_s AND gap_e AND u(idx, k * 10 + slot, 'gp') >= 0.1)
"""))

    steps.append(("out_tass_samtale", f"""
CREATE OR REPLACE TEMP TABLE out_tass_samtale AS
WITH d AS (
  SELECT s.*, 0 AS dup FROM slots s
  UNION ALL
  SELECT s.*, 1 AS dup FROM slots s WHERE src = 'J' AND u(idx, k * 10 + slot, 'dup') < 0.03),
e AS (
  SELECT *, k * 100 + slot * 10 + dup AS key,
    dt BETWEEN DATE '2020-03-01' AND DATE '2021-08-31' OR dt BETWEEN DATE '2021-12-19' AND DATE '2022-01-31' AS corona
  FROM d),
f AS (
  SELECT *,
    -- focus courses: 'C' counts (R21), 'N' does not (cancelled, no-show, other type, letter/e-mail)
    CASE WHEN force = 'N' THEN (CASE WHEN u(idx, key, 'fnm') < 0.65 THEN 'AFLYST_UDEBLEVET'
                                     WHEN u(idx, key, 'fnm') < 0.85 THEN 'TYPE' ELSE 'FORM' END) END AS miss,
    CASE WHEN force = 'C' THEN 'JOBSAMTALE'
         WHEN force = 'N' THEN (CASE WHEN u(idx, key, 'fnm') < 0.65 OR u(idx, key, 'fnm') >= 0.85 THEN 'JOBSAMTALE'
                                     WHEN u(idx, key, 'ty') < 0.6 THEN 'CV_SAMTALE' ELSE 'RAADIGHEDSSAMTALE' END)
         WHEN dup = 1 THEN (CASE WHEN u(idx, key, 'ty') < 0.5 THEN 'CV_SAMTALE' ELSE 'JOBSAMTALE' END)
         WHEN src = 'J' THEN (CASE WHEN u(idx, key, 'ty') < 0.88 THEN 'JOBSAMTALE'
                                   WHEN u(idx, key, 'ty') < 0.93 THEN 'FAELLESSAMTALE'
                                   WHEN u(idx, key, 'ty') < 0.955 THEN 'RAADIGHEDSSAMTALE'
                                   WHEN u(idx, key, 'ty') < 0.98 THEN 'CV_SAMTALE'
                                   ELSE 'GRUPPEMOEDE' END)
         ELSE (CASE WHEN u(idx, key, 'ty') < 0.88 THEN 'JOBSAMTALE'
                    WHEN u(idx, key, 'ty') < 0.93 THEN 'CV_SAMTALE'
                    WHEN u(idx, key, 'ty') < 0.97 THEN 'RAADIGHEDSSAMTALE'
                    ELSE 'FAELLESSAMTALE' END) END AS samtaletype,
    u(idx, key, 'kf') AS ukf
  FROM e),
g AS (
  SELECT *,
    CASE WHEN force = 'C' AND corona THEN (CASE WHEN ukf < 0.26 THEN 'FREMMOEDE' WHEN ukf < 0.66 THEN 'DIGITALT'
                                                ELSE 'TELEFON' END)
         WHEN force = 'C' THEN (CASE WHEN ukf < 0.58 THEN 'FREMMOEDE' WHEN ukf < 0.79 THEN 'DIGITALT'
                                     ELSE 'TELEFON' END)
         WHEN miss = 'FORM' THEN (CASE WHEN ukf < 0.5 THEN 'BREV' ELSE 'EMAIL' END)
         WHEN corona THEN (CASE WHEN ukf < 0.25 THEN 'FREMMOEDE' WHEN ukf < 0.65 THEN 'DIGITALT'
                                WHEN ukf < 0.98 THEN 'TELEFON' WHEN ukf < 0.99 THEN 'BREV' ELSE 'EMAIL' END)
         WHEN src = 'J' AND trial_dig(muni_p, dt)
              THEN (CASE WHEN ukf < 0.45 THEN 'FREMMOEDE' WHEN ukf < 0.85 THEN 'DIGITALT'
                         WHEN ukf < 0.97 THEN 'TELEFON' WHEN ukf < 0.985 THEN 'BREV' ELSE 'EMAIL' END)
         WHEN src = 'J' AND first_of_src AND dup = 0
              THEN (CASE WHEN ukf < 0.85 THEN 'FREMMOEDE' WHEN ukf < 0.91 THEN 'DIGITALT'
                         WHEN ukf < 0.97 THEN 'TELEFON' WHEN ukf < 0.985 THEN 'BREV' ELSE 'EMAIL' END)
         ELSE (CASE WHEN ukf < 0.55 THEN 'FREMMOEDE' WHEN ukf < 0.75 THEN 'DIGITALT'
                    WHEN ukf < 0.95 THEN 'TELEFON' WHEN ukf < 0.975 THEN 'BREV' ELSE 'EMAIL' END) END AS kontaktform,
    CASE WHEN src = 'A' THEN 'AKASSE'
         WHEN samtaletype = 'FAELLESSAMTALE' AND u(idx, key, 'af') < 0.4 THEN 'AKASSE'
         ELSE 'JOBCENTER' END AS afholdt_af,
    CASE WHEN force = 'C' OR miss IN ('TYPE', 'FORM') THEN 'AFHOLDT'
         WHEN miss = 'AFLYST_UDEBLEVET' THEN (CASE WHEN u(idx, key, 'st') < 0.6 THEN 'AFLYST' ELSE 'UDEBLEVET' END)
         WHEN u(idx, key, 'st') < 0.93 THEN 'AFHOLDT' WHEN u(idx, key, 'st') < 0.97 THEN 'AFLYST'
         ELSE 'UDEBLEVET' END AS status
  FROM f)
SELECT
  'S' || lpad(idx::VARCHAR, {width}, '0') || '-' || k || src || slot || CASE WHEN dup = 1 THEN 'b' ELSE '' END AS samtale_id,
  g.pid AS person_id, dt AS samtale_dato, samtaletype, kontaktform, afholdt_af,
  CASE WHEN afholdt_af = 'JOBCENTER' THEN coalesce(ad.kommune, pe.m1::SMALLINT) END AS kommune_kode,
  CASE WHEN afholdt_af = 'AKASSE' THEN g.ak END AS a_kasse,
  status
FROM g
JOIN persons pe USING (idx)
LEFT JOIN addr ad ON ad.idx = g.idx AND g.dt BETWEEN ad.fra AND coalesce(ad.til, {maxd})
"""))
    return steps


INTERNAL_TABLES = ["persons", "addr", "courses", "segs", "ram0", "fleur0", "fpx", "hm", "cd", "cx", "slots"]


def _write_chunk_sql(reg: str, path: str, bad_rows: float, chunk_no: int) -> str:
    cols = REGISTERS[reg]
    names = [c for c, _ in cols]
    typed = ", ".join(f"CAST({c} AS {t}) AS {c}" for c, t in cols)
    src = f"out_{reg}"
    if bad_rows <= 0:
        body = f"SELECT {typed} FROM {src}"
    else:
        kinds = BAD_KINDS[reg]
        nk = len(kinds)
        order = ", ".join(names)
        col_exprs = []
        for c, t in cols:
            cases = [f"WHEN {i} THEN ({ov[c]})" for i, (_, _, ov, _) in enumerate(kinds) if c in ov]
            expr = f"CASE kind {' '.join(cases)} ELSE {c} END" if cases else c
            col_exprs.append(f"CAST({expr} AS {t}) AS {c}")
        add_kinds = [i for i, (_, mode, _, _) in enumerate(kinds) if mode == "add"]
        add_list = "[" + ", ".join(str(i) for i in add_kinds) + "]" if add_kinds else "[-1]"
        # Random rows (share bad_rows) become bad ones of a random kind; in the
        # first chunk every kind is also added once (a bad copy of an existing
        # row), so each kind occurs whenever the register has any row at all.
        body = f"""
WITH r AS (SELECT {typed}, row_number() OVER (ORDER BY {order}) AS rn FROM {src}),
s AS (
  SELECT *,
    u(rn, {chunk_no}, 'bad_{reg}') < {float(bad_rows)!r} AS sel,
    least(floor(u(rn, {chunk_no}, 'badk_{reg}') * {nk})::INT, {nk - 1}) AS kind
  FROM r),
b AS (
  SELECT * FROM s WHERE sel
  UNION ALL
  SELECT s.* EXCLUDE (sel, kind), true AS sel, gk.i::INT AS kind
  FROM s, range(0, {nk}) gk(i)
  WHERE {chunk_no} = 0 AND s.rn = gk.i % (SELECT count(*) FROM r) + 1),
bb AS (SELECT *, u(rn, {chunk_no} * 100 + kind, 'bad2_{reg}') AS bu2 FROM b)
SELECT {', '.join(names)} FROM s WHERE NOT sel OR list_contains({add_list}, kind)
UNION ALL
SELECT {', '.join(col_exprs)} FROM bb"""
    return (f"COPY (SELECT * FROM ({body}) ORDER BY ALL) TO {sql_string(path)} "
            f"(FORMAT parquet, COMPRESSION zstd)")


def _default_memory_limit() -> str:
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        gb = max(1, min(8, int(total * 0.5 / 2**30)))
        return f"{gb}GB"
    except (ValueError, OSError, AttributeError):
        return "8GB"


def generate(out_dir, persons: int = 2000, seed: int = 42, bad_rows: float = 0.0,
             threads: int | None = None, progress: bool = True,
             chunk_size: int = 100_000, memory_limit: str | None = None) -> dict[str, int]:
    """Generate the twelve registers into ``out_dir``; return row counts per register."""
    persons = int(persons)
    if persons < 1:
        raise ValueError("persons must be >= 1")
    if not 0 <= bad_rows < 1:
        raise ValueError("bad_rows must be in [0, 1)")
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    work = out / f".generate_tmp_{os.getpid()}"
    if work.exists():
        shutil.rmtree(work)
    (work / "chunks").mkdir(parents=True)
    width = max(8, len(str(persons - 1)))
    n_chunks = (persons + chunk_size - 1) // chunk_size
    t0 = time.monotonic()

    def log(msg: str) -> None:
        if progress:
            print(f"[generate_registers {time.monotonic() - t0:7.1f}s] {msg}", file=sys.stderr, flush=True)

    con = duckdb.connect(str(work / "gen.duckdb"))
    try:
        con.execute(f"SET memory_limit = '{memory_limit or _default_memory_limit()}'")
        con.execute(f"SET temp_directory = {sql_string(work / 'spill')}")
        con.execute("SET preserve_insertion_order = true")
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        for m in _macros(seed):
            con.execute(m)

        rows_so_far = 0
        chunk_files: dict[str, list[str]] = {r: [] for r in REGISTERS}
        for ci in range(n_chunks):
            lo, hi = ci * chunk_size, min(persons, (ci + 1) * chunk_size)
            for _name, sql in _chunk_sql(lo, hi, width):
                con.execute(sql)
            for reg in REGISTERS:
                path = str(work / "chunks" / f"{reg}_{ci:05d}.parquet")
                con.execute(_write_chunk_sql(reg, path, bad_rows, ci))
                chunk_files[reg].append(path)
                rows_so_far += con.execute(
                    f"SELECT count(*) FROM read_parquet({sql_string(path)})").fetchone()[0]
            for t in INTERNAL_TABLES + [f"out_{r}" for r in REGISTERS]:
                con.execute(f"DROP TABLE IF EXISTS {t}")
            log(f"chunk {ci + 1}/{n_chunks} (persons {lo}-{hi - 1}): {rows_so_far:,} rows so far")

        counts: dict[str, int] = {}
        for reg, cols in REGISTERS.items():
            files = "[" + ", ".join(sql_string(f) for f in chunk_files[reg]) + "]"
            typed = ", ".join(f"CAST({c} AS {t}) AS {c}" for c, t in cols)
            tmp = out / f".{reg}.parquet.tmp-{os.getpid()}"
            con.execute(f"COPY (SELECT {typed} FROM read_parquet({files})) TO {sql_string(tmp)} "
                        f"(FORMAT parquet, COMPRESSION zstd)")
            os.replace(tmp, out / f"{reg}.parquet")
            counts[reg] = con.execute(
                f"SELECT count(*) FROM read_parquet({sql_string(out / f'{reg}.parquet')})").fetchone()[0]
        log("wrote " + ", ".join(f"{r}={n:,}" for r, n in counts.items()))
        log(f"done: {sum(counts.values()):,} rows in {len(counts)} files under {out}")
        return counts
    finally:
        con.close()
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(DEFAULT_OUT), help="output folder (default: <project>/data/raw)")
    ap.add_argument("--persons", type=int, default=2000, help="number of persons (default 2000)")
    ap.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    ap.add_argument("--bad-rows", type=float, default=0.0,
                    help="share of deliberately broken rows per register (default 0: none)")
    ap.add_argument("--threads", type=int, default=None, help="DuckDB threads (default: all cores)")
    ap.add_argument("--chunk-size", type=int, default=100_000, help="persons per chunk (default 100000)")
    ap.add_argument("--memory-limit", default=None, help="DuckDB memory_limit (default min(8GB, RAM/2))")
    ap.add_argument("--quiet", action="store_true", help="no progress on stderr")
    a = ap.parse_args(argv)
    generate(a.out, a.persons, a.seed, bad_rows=a.bad_rows, threads=a.threads,
             progress=not a.quiet, chunk_size=a.chunk_size, memory_limit=a.memory_limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
