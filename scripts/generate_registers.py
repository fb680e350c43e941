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

The model of a person (see the module constants and the SQL steps in
scripts/generator/NN_<table>.sql, Jinja templates filled by template_context()):

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
  trial period date exactly as R19 defines it (step 07_full_period_dates.sql: the first weekday
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
import os
import shutil
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import duckdb
import jinja2

sys.path.insert(0, str(Path(__file__).resolve().parent))
import rule_data  # noqa: E402  (scripts/ is not a package)

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
# Code lists and rule dates: read from the project's seeds (scripts/rule_data.py)
# ---------------------------------------------------------------------------
MUNICIPALITIES = rule_data.municipality_codes()
# (code, cumulative probability) for the over-weighted municipalities; the rest
# of the mass is spread uniformly over all known codes (which include these).
MUNI_BOOST = [(101, 0.09), (751, 0.145), (851, 0.18), (461, 0.215), (269, 0.225)]

TRIAL_AKASSER = rule_data.trial_a_kasser()
# (a-kasse, weight in %): the generator's a-kasse mix (every name a seed a-kasse)
AKASSE_WEIGHTS = [
    ("3F-A", 15), ("HK-A", 12), ("Dansk Metal-A", 8), ("FOA-A", 8), ("FTF-A", 6),
    ("BUPL-A", 3), ("MA-A", 8), ("Min-A", 3), ("SL-A", 3),
    ("Krifa-A", 8), ("Ase-A", 10), ("Akademikernes-A", 8), ("CA-A", 4),
    ("Lederne-A", 2), ("Frie-A", 2),
]
FOUR_WEEK_AKASSER = ["Ase-A", "Krifa-A", "Lederne-A"]  # pay 4-week periods, not months

TABEL1 = rule_data.exemption_codes(1)
TABEL2_MII = rule_data.exemption_codes(2)
# codes of neither table (must not count as exemptions): deliberately not seeds
OTHER_FRAVAER = [1, 99, 12, 30]
# the contact form the trial municipalities' exceptions steer towards
DIGITAL_FORM = "DIGITALT"

# Focus target of the a-kasse trial (memo 000, measures.md R19-R23).  The memo's
# published monthly shares come from the project's seeds (single source).
MEMO_MONTHLY_SEED = PROJECT_ROOT / "seeds" / "memo_focus_target_monthly.csv"
MEMO_TOTAL_SEED = PROJECT_ROOT / "seeds" / "memo_focus_target_total.csv"
# first report month steered towards the memo (R20): the first focus window
FOCUS_FROM = min(first for first, _ in rule_data.focus_target_windows()).isoformat()
# placements steered into the window whose full periods are reported in
# 2020-09 .. 2021-09 (see the persons step)
TRIAL_BOOST = ("2020-05-01", 412)  # first day, number of days
# placements whose a-kasse interviews follow the trial's higher propensity
TRIAL_PLACEMENTS = ("2020-06-01", "2021-12-31")

DATA_END = "2025-09-30"       # last day of register extracts
FIRST_PLACEMENT = "2016-01-01"
LAST_PLACEMENT = "2025-06-30"
RAM_END = rule_data.register_period("ram_ledighed")[1].isoformat()
FLEUR_START = rule_data.register_period("fleur_udbetaling")[0].isoformat()
FOUR_WEEK_ANCHOR = "2017-06-26"  # a Monday
NEW_REGIME_FROM, GROUP_SPLIT_DATE = (d.isoformat() for d in rule_data.regime_dates())

# Exact hours in integer units (R4): one full-time-equivalent (FTE) hour is
# FTE_HOUR_UNITS units, a part-time hour full/part-time hours a day FTE hours.
FTE_HOUR_UNITS = 15000
STEP_DIR = Path(__file__).resolve().parent / "generator"


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
    for row in rule_data.read_seed(monthly.stem, monthly.parent):
        ak, month, share = row["a_kasse"], row["report_month"].isoformat(), row["share_two_plus"]
        if ak not in pub:
            raise ValueError(f"{monthly}: {ak!r} is not a trial a-kasse")
        if share is not None:
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
        totals = {r["a_kasse"]: float(r["total_share"]) for r in rule_data.read_seed(total.stem, total.parent)
                  if r["total_share"] is not None}
    for ak, month in blank:
        by_month[(ak, month)] = totals.get(ak, other[ak])
    return by_month, other


# ---------------------------------------------------------------------------
# The SQL steps: scripts/generator/NN_<table>.sql, Jinja templates rendered
# with one namespace ``gen`` (template_context); each creates the temp table
# named after it (00_macros.sql: the DuckDB macros).
# ---------------------------------------------------------------------------
def _sql_list(values) -> str:
    return "[" + ", ".join(f"'{v}'" if isinstance(v, str) else str(v) for v in values) + "]"


def _integral(value: Fraction, what: str) -> int:
    if value.denominator != 1:
        raise ValueError(f"{what} = {value} is not a whole number of units")
    return int(value)


def _decimal_text(value: Fraction) -> str:
    """A Fraction with a finite decimal expansion as the shortest SQL literal."""
    text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _exception_periods(rows) -> list[dict]:
    """Exception rows grouped by (valid_from, valid_to), in seed order: the
    municipality codes of each period as a SQL list."""
    periods: dict[tuple, list[int]] = {}
    for r in rows:
        codes = periods.setdefault((r["valid_from"], r["valid_to"]), [])
        if r["municipality_code"] is not None and r["municipality_code"] not in codes:
            codes.append(r["municipality_code"])
    return [{"valid_from": a and a.isoformat(), "valid_to": b and b.isoformat(), "codes": _sql_list(codes)}
            for (a, b), codes in periods.items()]


def template_context(seed: int = 42, lo: int = 0, hi: int = 1000, width: int = 8) -> dict:
    """The values the SQL steps read (``gen.<name>``): the chunk's persons,
    code lists, rule dates and hour thresholds from the seeds."""
    full_per_day, part_per_day = (Fraction(v) for v in rule_data.insurance_conversion())
    part_to_fte = full_per_day / part_per_day  # 7.4 / 6 (R4)
    hundredth = Fraction(FTE_HOUR_UNITS, 100)  # units per hundredth of a full-time hour
    # units per hundredth of weekly løntilskud hours on one weekday (5 a week),
    # and the monthly hours' unit: 30ths of an FTE hour (h30)
    full_weekday = _integral(hundredth / 5, "full-time weekday units")
    part_weekday = _integral(hundredth * part_to_fte / 5, "part-time weekday units")
    h30 = Fraction(30)
    if full_weekday != h30 or part_weekday != _integral(h30 * part_to_fte, "part-time h30 units"):
        raise ValueError("the weekday units and the 30ths of an FTE hour must agree")

    def threshold_units(code: str, day: str, per_hour: Fraction) -> int:
        full_time, _part_time = rule_data.hour_threshold(code, date.fromisoformat(day))
        return _integral(Fraction(full_time) * per_hour, f"{code} units")

    exceptions = rule_data.first_interview_exceptions()
    by_month, other = focus_shares()
    total_weight = sum(w for _, w in AKASSE_WEIGHTS)
    cumulative, acc = [], 0
    for name, weight in AKASSE_WEIGHTS[:-1]:
        acc += weight
        cumulative.append((name, f"{acc / total_weight:.6f}"))
    new_regime = date.fromisoformat(NEW_REGIME_FROM)
    return {
        "seed": int(seed),
        "first_person": int(lo),
        "end_person": int(hi),
        "id_width": int(width),
        "data_end": DATA_END,
        "first_placement": FIRST_PLACEMENT,
        "last_placement": LAST_PLACEMENT,
        "ram_last_day": RAM_END,
        "fleur_first_day": FLEUR_START,
        "four_week_anchor": FOUR_WEEK_ANCHOR,
        "new_regime_from": NEW_REGIME_FROM,
        "new_regime_second_day": (new_regime + timedelta(days=1)).isoformat(),
        "group_split_date": GROUP_SPLIT_DATE,
        "group_split_month": date.fromisoformat(GROUP_SPLIT_DATE).replace(day=1).isoformat(),
        "focus_from": FOCUS_FROM,
        "trial_boost_from": TRIAL_BOOST[0],
        "trial_boost_days": TRIAL_BOOST[1],
        "trial_from": TRIAL_PLACEMENTS[0],
        "trial_to": TRIAL_PLACEMENTS[1],
        "trial_a_kasser": _sql_list(TRIAL_AKASSER),
        "four_week_a_kasser": _sql_list(FOUR_WEEK_AKASSER),
        "a_kasse_cumulative": cumulative,
        "a_kasse_last": AKASSE_WEIGHTS[-1][0],
        "municipalities": _sql_list(MUNICIPALITIES),
        "municipality_count": len(MUNICIPALITIES),
        "municipality_boost": MUNI_BOOST,
        "tabel_1": _sql_list(TABEL1),
        "tabel_2": _sql_list(TABEL2_MII),
        "other_exemption_codes": _sql_list(OTHER_FRAVAER),
        "everywhere_periods": _exception_periods(
            [r for r in exceptions if r["municipality_code"] is None]),
        "trial_digital_periods": _exception_periods(
            [r for r in exceptions if r["municipality_code"] is not None and r["contact_form"] == DIGITAL_FORM]),
        # R19: three months; R5: six months; R7, R8: the a-kasse part; R15: the
        # late transition, each in force on the day the generator aims at
        "fte_hour_units": FTE_HOUR_UNITS,
        "three_months_units": threshold_units("three_months", FOCUS_FROM, Fraction(FTE_HOUR_UNITS)),
        "full_time_hundredth_units": _integral(hundredth, "full-time hundredth units"),
        "part_time_hundredth_units": _integral(hundredth * part_to_fte, "part-time hundredth units"),
        "full_time_weekday_units": full_weekday,
        "part_time_weekday_units": part_weekday,
        "full_time_lt_factor": _decimal_text(h30 / 5),
        "part_time_lt_factor": _decimal_text(h30 * part_to_fte / 5),
        "three_months_h30": threshold_units("three_months", FOCUS_FROM, h30),
        "six_months_h30": threshold_units("six_months", NEW_REGIME_FROM, h30),
        "a_kasse_part_h30": threshold_units("a_kasse_part", GROUP_SPLIT_DATE, h30),
        "late_transition_h30": threshold_units("late_transition", NEW_REGIME_FROM, h30),
        "focus_shares": (
            [{"a_kasse": a, "month": f"date '{m}'", "share": repr(v)} for (a, m), v in sorted(by_month.items())]
            + [{"a_kasse": a, "month": "null::date", "share": repr(v)} for a, v in sorted(other.items())]
        ),
    }


def step_files() -> list[Path]:
    """The SQL step files in execution order (00_macros.sql first)."""
    return sorted(STEP_DIR.glob("[0-9][0-9]_*.sql"))


def step_table(path: Path) -> str | None:
    """The temp table a step creates: its file name without the number
    (None for 00_macros.sql)."""
    name = path.stem.split("_", 1)[1]
    return None if name == "macros" else name


def render_steps(context: dict) -> list[tuple[str, str]]:
    """(file name, rendered SQL) of every step."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(STEP_DIR), undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True)
    return [(p.name, env.get_template(p.name).render(gen=context)) for p in step_files()]

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
        con.execute(render_steps(template_context(seed))[0][1])
        tables = [t for t in map(step_table, step_files()) if t]

        rows_so_far = 0
        chunk_files: dict[str, list[str]] = {r: [] for r in REGISTERS}
        for ci in range(n_chunks):
            lo, hi = ci * chunk_size, min(persons, (ci + 1) * chunk_size)
            for _name, sql in render_steps(template_context(seed, lo, hi, width))[1:]:
                con.execute(sql)
            for reg in REGISTERS:
                path = str(work / "chunks" / f"{reg}_{ci:05d}.parquet")
                con.execute(_write_chunk_sql(reg, path, bad_rows, ci))
                chunk_files[reg].append(path)
                rows_so_far += con.execute(
                    f"SELECT count(*) FROM read_parquet({sql_string(path)})").fetchone()[0]
            for t in tables:
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
