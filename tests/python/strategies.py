"""Hypothesis strategies for the differential test (test_differential.py):
register sets that follow the data contract (../shared/spec/registers.md)
exactly and crowd the boundaries of the rules R1-R23 (measures.md).

One example is a *batch* of many persons, so that one dbt run (about 10 s)
judges them all: `register_batches()` draws a fixed *spine* (one person per
archetype and forced exclusion path, so every group, subgroup and exclusion
reason is aimed at in every example) plus a random number of extra persons of
random archetypes. Persons never interact, so a discrepancy can be replayed
on the rows of one person alone.

A person is drawn by `persons(pid, archetype, garnish)`:

* an archetype fixes the timeline: the placement range and payment plan that
  make the main course land in group 3 (follow-up in 2023), 1a/1b/1c,
  2a/2b/2c (follow-up 2024-2025 after a placement in 2023), in the a-kasse
  trial (three-month date 2020-09 - 2021-12), in the RAM era, on the regime
  switch (follow-up 2023-12-29 / 2024-01-01), on 410/333 hours exactly on
  2023-12-31, ...;
* a payment plan (`_pay_plan`): FLEUR ADAG periods (monthly or irregular),
  RAM ISO weeks before 2017-07, løntilskud on a-dagpenge, gaps, switches of
  insurance F <-> D, a second placement interrupting the course or an earlier
  course, holiday pay and efterløn rows that do not count;
* a *tuning* step that splits one payment period around a day so that a
  threshold (962/780, 481/390, 410/333, 641/520) is reached exactly on that
  day, or 0.01 hour short / over, or that the hours on an anchor date
  (2023-12-31, a month end, the handover date) are exactly the threshold;
  the hours are tracked by a small exact ledger (`Ledger`, integer units,
  R2-R4 as the project reads them) that only serves to aim the data at the
  boundaries (it decides nothing in the test);
* registrations (tass_tilmelding) shaped by the archetype around 2023-12-31
  and 2024, pre-placement registrations starting exactly three calendar
  months (or a day more) before placement, with sick pay, a-dagpenge, offers
  or holiday pay at the edges of the pre-placement window;
* handovers (tass_overgang) present, missing, late or on the follow-up date;
* interviews (tass_samtale) on anchor days (placement, transition,
  follow-up, full-period date, the days around them, corona and trial
  municipality edges), two on a day, every type, form, holder and status;
  a-kasse interviews of trial and non-trial a-kasser;
* exemptions (tass_fravaer) of Tabel 1, Tabel 2 and other codes, straddling
  the measurement period's edges, overlapping, open, an exact 30 % / 50 %
  share, MII runs of exactly 4 and 5 weekdays; education orders touching the
  period's first or last day or the day outside;
* a birth date (ordinary, 16 or folkepension age on the follow-up date or a
  day off, unknown) and an address history (none, moving on the follow-up
  date or the day after, a gap over it).

Every draw is a Hypothesis draw (st.composite, st.dates, st.sampled_from,
st.integers), so a batch is a deterministic function of Hypothesis' choices.
The draws are kept few per person (Hypothesis bounds the entropy of one
example), details follow from them by date arithmetic.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

import rule_data

PROJECT_DIR = Path(__file__).resolve().parents[2]

# --------------------------------------------------------------------------
# Reference data (read from the project's seeds, so the strategies follow them)
# --------------------------------------------------------------------------


MUNICIPALITIES = rule_data.municipality_codes()
TRIAL_A_KASSER = rule_data.trial_a_kasser()
OTHER_A_KASSER = [r["a_kasse"] for r in rule_data.read_seed("a_kasser") if not r["is_trial"]]
TABEL_1 = rule_data.exemption_codes(1)
TABEL_2 = rule_data.exemption_codes(2)
OTHER_CODES = [c for c in (1, 5, 9, 12, 20, 40, 47, 80, 99) if c not in TABEL_1 + TABEL_2]
PENSION_AGES = [
    (r["birth_date_from"], r["birth_date_to"], r["pension_age_months"]) for r in rule_data.read_seed("pension_ages")
]
NEW_REGIME, SPLIT_DATE = rule_data.regime_dates()
# threshold code -> {status: hours in that status' units}, the rows in force
# when the new regime starts (the strategies only aim at them)
THRESHOLDS: dict[str, dict[str, Fraction]] = {
    code: dict(zip(("F", "D"), map(Fraction, rule_data.hour_threshold(code, NEW_REGIME))))
    for code in dict.fromkeys(r["threshold_code"] for r in rule_data.read_seed("hour_thresholds"))
}
_EXCEPTIONS = rule_data.first_interview_exceptions()
TRIAL_MUNICIPALITIES = list(dict.fromkeys(
    r["municipality_code"] for r in _EXCEPTIONS if r["municipality_code"] is not None))

# Boundaries the interviews crowd (R10 exceptions): first and last days of the
# first-interview exceptions (corona periods, trial municipalities' Skema 1
# periods; an open end has none), and the day on either side.
EDGE_DATES = sorted(
    {
        d + timedelta(days=k)
        for r in _EXCEPTIONS
        for d in (r["valid_from"], r["valid_to"])
        if d is not None
        for k in (-1, 0, 1)
    }
)

FULL_TIME_CAP = Decimal("7.40")  # contract: at most 7.4 hours a weekday
PART_TIME_CAP = Decimal("6.00")
# no payments after this day: the end of the year after the latest valid_from /
# valid_to of the seeds, so that every dated rule row is reached (at least the
# end of 2025, where the registers' rules were written)
HORIZON = max(date(2025, 12, 31), rule_data.end_of_next_year(rule_data.latest_rule_date()))
RAM_LAST_DAY = rule_data.register_period("ram_ledighed")[1]
FLEUR_FIRST_DAY = rule_data.register_period("fleur_udbetaling")[0]

# --------------------------------------------------------------------------
# Date arithmetic
# --------------------------------------------------------------------------


def _weekdays_upto(ordinal: int) -> int:
    # date.fromordinal(1) is a Monday
    return 5 * (ordinal // 7) + min(ordinal % 7, 5)


def weekdays_between(a: date, b: date) -> int:
    """Weekdays (Mon-Fri) in [a, b], both included; 0 when b < a."""
    if b < a:
        return 0
    return _weekdays_upto(b.toordinal()) - _weekdays_upto(a.toordinal() - 1)


def is_weekday(d: date) -> bool:
    return d.weekday() < 5


def add_weekdays(d: date, n: int) -> date:
    """The n-th weekday counted from d (d itself is the first when a weekday)."""
    assert n >= 1
    while not is_weekday(d):
        d += timedelta(days=1)
    weeks, rest = divmod(n - 1, 5)
    d += timedelta(days=7 * weeks)
    while rest:
        d += timedelta(days=1)
        if is_weekday(d):
            rest -= 1
    return d


def sub_weekdays(d: date, n: int) -> date:
    """The weekday n-1 weekdays before weekday d (so add_weekdays(result, n) == d)."""
    while not is_weekday(d):
        d -= timedelta(days=1)
    rest = n - 1
    while rest:
        d -= timedelta(days=1)
        if is_weekday(d):
            rest -= 1
    return d


def add_months(d: date, k: int) -> date:
    """Calendar months, clamped to the month's last day (as DuckDB does)."""
    m = d.month - 1 + k
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, _month_length(y, m)))


def _month_length(y: int, m: int) -> int:
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return (nxt - timedelta(days=1)).day


def month_end(d: date) -> date:
    return date(d.year, d.month, _month_length(d.year, d.month))


def iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def pension_date(birth: date) -> date | None:
    for lo, hi, months in PENSION_AGES:
        if lo <= birth <= hi:
            return add_months(birth, months)
    return None


def _money(x: Fraction | Decimal | int) -> Decimal:
    """Hours as DECIMAL(7,2), rounded up to the hundredth."""
    return (Decimal(Fraction(x).numerator) / Decimal(Fraction(x).denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_CEILING
    )


# --------------------------------------------------------------------------
# A person's rows
# --------------------------------------------------------------------------


@dataclass
class Pay:
    """One payment record of a person's plan (FLEUR ADAG, RAM week or løntilskud)."""

    kind: str  # 'FLEUR' | 'RAM' | 'LT'
    start: date
    end: date
    hours: Decimal  # FLEUR: paid hours; RAM: the week's hours; LT: hours a week
    status: str | None  # 'F' / 'D' (None for løntilskud)
    a_kasse: str | None = None
    tunable: bool = True

    def per_weekday(self) -> Fraction:
        if self.kind == "LT":
            return Fraction(self.hours) / 5
        if self.kind == "RAM":
            return Fraction(self.hours) / 5
        wd = weekdays_between(self.start, self.end)
        return Fraction(self.hours) / wd if wd else Fraction(0)

    def counts(self) -> bool:
        """Counted as cumulative unemployment under R2 (the project's reading)."""
        if self.kind == "RAM":
            return self.end <= RAM_LAST_DAY
        if self.kind == "FLEUR":
            return self.start >= FLEUR_FIRST_DAY
        return True


@dataclass
class PersonRows:
    pid: str
    archetype: str
    garnish: str
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    notes: dict[str, Any] = field(default_factory=dict)

    def add(self, register: str, **row: Any) -> None:
        self.tables[register].append({"person_id": self.pid, **row})


# --------------------------------------------------------------------------
# The ledger: hours accumulated per course, day by day (aiming only)
# --------------------------------------------------------------------------


class Ledger:
    """Cumulative unemployment of each course of a person, as the rules read
    (R1-R4): records spread evenly over their weekdays, only days inside the
    course, full-time equivalents, thresholds compared in the units of the
    day's insurance status (latest a-dagpenge record starting on or before
    the day; full-time before the first). Used only to aim at boundaries."""

    # Exact integer arithmetic: an hour is U = 100 × K units (K the lcm of
    # the records' weekday counts, so every rate per weekday is whole), and
    # accumulated hours are full-time equivalents × 60 (a part-time hour
    # weighs 74, i.e. 7.4/6 full-time hours).
    WEIGHT = {"F": 60, "D": 74}

    def __init__(self, pays: list[Pay], placements: list[date]):
        self.placements = sorted(placements)
        counted = [p for p in pays if p.counts()]
        k = 5
        for p in counted:
            if p.kind == "FLEUR":
                k = math.lcm(k, max(weekdays_between(p.start, p.end), 1))
        self.unit = 100 * k
        daily: dict[date, int] = defaultdict(int)
        starts: list[tuple[date, str]] = []
        for p in counted:
            cents = int(Decimal(p.hours) * 100)
            if p.kind in ("RAM", "LT"):
                per_day = cents * (k // 5)
                first = p.start
                last = p.start + timedelta(days=4) if p.kind == "RAM" else p.end
            else:
                wd = weekdays_between(p.start, p.end)
                if wd == 0:
                    per_day = 0
                else:
                    per_day = cents * (k // wd)
                first, last = p.start, p.end
            if per_day:
                d = first
                while d <= last:
                    if d.weekday() < 5:
                        daily[d] += per_day
                    d += timedelta(days=1)
            if p.status is not None:
                # ties on the start day: the record ending last, then FLEUR over RAM
                starts.append((p.start, p.end, p.kind == "FLEUR", p.status))
        starts.sort()
        self.daily_units = daily
        self.status_starts = [t[0] for t in starts]
        self.statuses = [t[3] for t in starts]
        self._cum: dict[date, tuple[list[date], list[int]]] = {}

    def hours_on(self, d: date) -> Fraction:
        return Fraction(self.daily_units.get(d, 0), self.unit)

    def status(self, d: date) -> str:
        i = bisect.bisect_right(self.status_starts, d)
        return self.statuses[i - 1] if i else "F"

    def course_end(self, placement: date) -> date:
        i = self.placements.index(placement)
        if i + 1 < len(self.placements):
            return self.placements[i + 1] - timedelta(days=1)
        return HORIZON

    def events(self, placement: date) -> tuple[list[date], list[int]]:
        """The days of the course on which hours are paid or the status
        changes, with the weighted units accumulated up to and including each
        (nothing changes between them)."""
        if placement not in self._cum:
            end = self.course_end(placement)
            days = sorted({d for d in self.daily_units if placement <= d <= end}
                          | {d for d in self.status_starts if placement <= d <= end})
            acc = 0
            accs = []
            for d in days:
                u = self.daily_units.get(d)
                if u:
                    acc += u * self.WEIGHT[self.status(d)]
                accs.append(acc)
            self._cum[placement] = (days, accs)
        return self._cum[placement]

    def cum_status(self, placement: date, d: date) -> Fraction:
        """Hours up to and including d, in the status units of day d."""
        days, accs = self.events(placement)
        i = bisect.bisect_right(days, d)
        return Fraction(accs[i - 1] if i else 0, self.unit * self.WEIGHT[self.status(d)])

    def reached(self, placement: date, code: str) -> date | None:
        days, accs = self.events(placement)
        limit = {st_: int(THRESHOLDS[code][st_] * self.unit) * w for st_, w in self.WEIGHT.items()}
        for d, acc in zip(days, accs):
            if acc >= limit[self.status(d)]:
                return d
        return None

    def derived_transition(self, placement: date, until: date | None) -> date | None:
        """Last day of the first month at whose end the hours exceed 410/333."""
        m = month_end(placement)
        stop = until or HORIZON
        while m <= month_end(stop) and m <= self.course_end(placement):
            if self.cum_status(placement, m) > THRESHOLDS["a_kasse_part"][self.status(m)]:
                return m
            m = month_end(m + timedelta(days=1))
        return None


# --------------------------------------------------------------------------
# Payment plans
# --------------------------------------------------------------------------

RATES = {
    "F": [Decimal("7.40"), Decimal("7.40"), Decimal("7.40"), Decimal("3.70"), Decimal("5.92"), Decimal("7.39")],
    "D": [Decimal("6.00"), Decimal("6.00"), Decimal("3.00"), Decimal("4.80"), Decimal("5.99")],
}
LOW_RATES = {
    "F": [Decimal("1.85"), Decimal("2.96"), Decimal("1.48"), Decimal("2.47")],
    "D": [Decimal("1.50"), Decimal("2.40"), Decimal("1.20")],
}
LT_HOURS = [Decimal("37.00"), Decimal("30.00"), Decimal("18.50"), Decimal("29.60"), Decimal("37.00")]


def _periods(start: date, end: date, layout: str, lengths: list[int]) -> list[tuple[date, date]]:
    """Cut [start, end] into payment periods: calendar months, or irregular
    lengths cycling through `lengths` (days)."""
    out = []
    d = start
    i = 0
    while d <= end:
        if layout == "monthly":
            e = min(month_end(d), end)
        else:
            e = min(d + timedelta(days=lengths[i % len(lengths)] - 1), end)
            i += 1
        out.append((d, e))
        d = e + timedelta(days=1)
    return out


def _fleur(start: date, end: date, rate: Decimal, status: str, ak: str) -> Pay | None:
    wd = weekdays_between(start, end)
    if wd == 0:
        return None
    return Pay("FLEUR", start, end, rate * wd, status, ak)


@st.composite
def _pay_plan(draw, placement: date, status: str, rate: Decimal, a_kasse: str, until: date,
              *, allow_gap=True, allow_switch=True, allow_lt=True, allow_first=True) -> list[Pay]:
    """Payments of a course from its placement to `until`: FLEUR periods
    (monthly or irregular), optionally a gap (a job), a switch of insurance
    (F <-> D with the other status' rate), a løntilskud block, the first
    period straddling the placement date or starting a few days after it."""
    layout = draw(st.sampled_from(["monthly", "monthly", "irregular"]))
    lengths = draw(st.sampled_from([[14], [28, 3, 10], [7, 35], [1, 20, 9]]))
    first = draw(st.sampled_from(["on", "on", "on", "straddle", "after"])) if allow_first else "on"
    gap = draw(st.sampled_from([None, None, (30, 20), (60, 90), (100, 5), (15, 300)])) if allow_gap else None
    switch = draw(st.sampled_from([None, None, None, 40, 90, "sat"])) if allow_switch else None
    lt = draw(st.sampled_from([None, None, None, (20, 60, False), (70, 30, True), (1, 25, False)])) if allow_lt else None
    lt_hours = draw(st.sampled_from(LT_HOURS)) if lt else None

    start = placement
    if first == "straddle":
        start = placement.replace(day=1)  # hours before placement do not count (R2)
    elif first == "after":
        start = placement + timedelta(days=3)
    blocks: list[tuple[date, date]] = [(start, until)]
    if gap:
        g0 = add_weekdays(placement, gap[0])
        g1 = g0 + timedelta(days=gap[1])
        blocks = [(start, g0 - timedelta(days=1)), (g1, until)]
    lt_block = None
    if lt:
        l0 = add_weekdays(placement, lt[0])
        l1 = l0 + timedelta(days=lt[1])
        lt_block = (l0, l1, lt[2])  # (from, to, overlaps a-dagpenge)
        if not lt[2]:
            cut = []
            for a, b in blocks:
                if b < l0 or a > l1:
                    cut.append((a, b))
                else:
                    if a < l0:
                        cut.append((a, l0 - timedelta(days=1)))
                    if b > l1:
                        cut.append((l1 + timedelta(days=1), b))
            blocks = cut
    if switch == "sat":  # a new status from a Saturday: a threshold may be reached on a weekend (R4)
        switch_day = add_weekdays(placement, 60)
        switch_day += timedelta(days=5 - switch_day.weekday())
    else:
        switch_day = add_weekdays(placement, switch) if switch else None
    other = "D" if status == "F" else "F"
    other_rate = PART_TIME_CAP if other == "D" else FULL_TIME_CAP
    pays: list[Pay] = []
    for a, b in blocks:
        if b < a:
            continue
        pieces = [(a, b)]
        if switch_day and a < switch_day <= b:
            pieces = [(a, switch_day - timedelta(days=1)), (switch_day, b)]
        for pa, pb in pieces:
            for s, e in _periods(pa, pb, layout, lengths):
                after = switch_day is not None and s >= switch_day
                rec = _fleur(s, e, other_rate if after else rate, other if after else status, a_kasse)
                if rec:
                    pays.append(rec)
    if lt_block:
        l0, l1, _ = lt_block
        pays.append(Pay("LT", l0, l1, lt_hours, None, None, tunable=False))
    return pays


def _ram_weeks(placement: date, rate: Decimal, status: str, a_kasse: str, last: date) -> list[Pay]:
    """RAM: one row per ISO week from the placement's week to `last`'s week;
    a week's hours spread over its Mon-Fri (also days before placement)."""
    mon = placement - timedelta(days=placement.weekday())
    out = []
    while mon <= last:
        out.append(Pay("RAM", mon, mon + timedelta(days=4), rate * 5, status, a_kasse, tunable=False))
        mon += timedelta(days=7)
    return out


# --------------------------------------------------------------------------
# Tuning: a threshold reached exactly on a day
# --------------------------------------------------------------------------


def _split_for_day(pays: list[Pay], day: date, new_hours: Decimal) -> bool:
    """Split the single tunable FLEUR record paying on `day` into before /
    the day / after, giving the day `new_hours`. False when not possible."""
    if not is_weekday(day):
        return False
    covering = [p for p in pays if p.start <= day <= p.end and p.kind in ("FLEUR", "LT")
                and (p.kind == "LT" or p.counts())]
    if len(covering) != 1 or covering[0].kind != "FLEUR" or not covering[0].tunable:
        return False
    cap = FULL_TIME_CAP if covering[0].status == "F" else PART_TIME_CAP
    if new_hours < 0 or new_hours > cap:
        return False
    rec = covering[0]
    rate = rec.per_weekday()
    pays.remove(rec)
    for a, b, hours in [
        (rec.start, day - timedelta(days=1), None),
        (day, day, new_hours),
        (day + timedelta(days=1), rec.end, None),
    ]:
        if b < a:
            continue
        wd = weekdays_between(a, b)
        if hours is None:
            if wd == 0:
                continue
            hours = _money(rate * wd)
        pays.append(Pay("FLEUR", a, b, hours, rec.status, rec.a_kasse, tunable=False))
    return True


def tune_crossing(pays: list[Pay], placements: list[date], placement: date, code: str,
                  delta: Decimal) -> date | None:
    """Make threshold `code` be reached exactly on the day it is reached now
    (delta 0), or 0.01 hour short of it that day (delta -0.01). Returns the day."""
    ledger = Ledger(pays, placements)
    d = ledger.reached(placement, code)
    if d is None:
        return None
    status = ledger.status(d)
    before = ledger.cum_status(placement, d - timedelta(days=1)) if d > placement else Fraction(0)
    if ledger.status(d - timedelta(days=1)) != status:
        return None
    have = Fraction(ledger.hours_on(d))
    if not have:
        return None
    need = THRESHOLDS[code][status] - before
    if need <= 0:
        return None
    hours = _money(need) + delta
    return d if _split_for_day(pays, d, hours) else None


def tune_anchor(pays: list[Pay], placements: list[date], placement: date, anchor: date,
                code: str, delta: Decimal) -> bool:
    """Make the hours up to and including `anchor` exactly the threshold
    `code` (+ delta) in the anchor day's status units."""
    ledger = Ledger(pays, placements)
    w = anchor
    while w >= placement and not ledger.daily_units.get(w):
        w -= timedelta(days=1)
    if w < placement or ledger.status(w) != ledger.status(anchor):
        return False
    status = ledger.status(anchor)
    at_anchor = ledger.cum_status(placement, anchor)
    on_w = ledger.hours_on(w)  # hours of the day (record status == day status)
    need = THRESHOLDS[code][status] + Fraction(delta) - (at_anchor - on_w)
    if need < 0 or need.denominator not in (1, 2, 4, 5, 10, 20, 25, 50, 100):
        return False
    return _split_for_day(pays, w, _money(need))


# --------------------------------------------------------------------------
# Archetypes
# --------------------------------------------------------------------------

ARCHETYPES = [
    "g3",             # follow-up in 2023: group 3
    "g3_long",        # low rate since 2020-2022, follow-up in 2023: first interviews at corona/trial edges
    "regime_edge",    # follow-up on 2023-12-29 / 2024-01-01 (R5, R7)
    "g1a",            # placed from 2024-01-01
    "g1a_derived",    # no handover: 410/333 exactly (or 0.01 over) at a month end (R8)
    "g1a_late",       # handover at the 641/520 crossing, exactly (R15)
    "g1b",
    "g1c",
    "g2a",
    "g2b",
    "g2c",
    "split_exact",    # 410/333 hours exactly (± 0.01) on 2023-12-31 (R7)
    "g2_pre",         # group 2 with pre-placement registrations at the three-month edge (R11)
    "long_2024",      # low rate since 2020-2022, follow-up 2024-2025
    "focus",          # trial a-kasse, three months reached 2020-09 - 2021-12 (R19-R21)
    "focus_exact",    # the same with 481/390 reached exactly
    "focus_switch",   # a-kasse changes during the course; trial / non-trial
    "ram_era",        # placed 2016-2017: RAM weeks, the RAM/FLEUR switch
    "ram_long",       # placed in the RAM era, payments again years later
    "age_edge",       # 16th birthday / folkepension date on the follow-up date or a day off (R6)
    "interrupted",    # a new placement interrupts the course (R1)
]

GARNISHES = ["none", "none", "none", "education", "exemption", "exemption_exact", "mii", "mii_edge",
             "age_unknown", "late"]

# The spine: drawn in every example, so that every subgroup and exclusion
# path is aimed at in every dbt run.
SPINE: list[tuple[str, str]] = [
    ("g3", "none"), ("g3", "exemption_exact"), ("g3_long", "none"), ("regime_edge", "none"),
    ("g1a", "none"), ("g1a", "mii"), ("g1a_derived", "none"), ("g1a_late", "late"),
    ("g1b", "none"), ("g1c", "none"), ("g2a", "none"), ("g2a", "education"), ("g2b", "exemption"),
    ("g2b", "none"), ("g2c", "none"), ("split_exact", "none"), ("g2_pre", "none"),
    ("long_2024", "none"), ("focus", "none"), ("focus_exact", "none"), ("focus_switch", "none"),
    ("ram_era", "none"), ("ram_long", "none"), ("age_edge", "none"), ("g2b", "age_unknown"),
    ("interrupted", "none"),
]


def _ak(draw, trial_share: str = "mixed") -> str:
    if trial_share == "trial":
        return draw(st.sampled_from(TRIAL_A_KASSER))
    return draw(st.sampled_from(TRIAL_A_KASSER + ["Krifa-A", "Ase-A", "CA-A"]))


@st.composite
def persons(draw, pid: str, archetype: str, garnish: str | None = None) -> PersonRows:
    """All register rows of one person (see the module docstring)."""
    if garnish is None:
        garnish = draw(st.sampled_from(GARNISHES))
    pr = PersonRows(pid, archetype, garnish)
    status = draw(st.sampled_from(["F", "F", "D"]))
    a_kasse = _ak(draw, "trial" if archetype.startswith("focus") else "mixed")
    low = archetype in ("g3_long", "long_2024")
    rate = draw(st.sampled_from((LOW_RATES if low else RATES)[status]))
    cap = FULL_TIME_CAP if status == "F" else PART_TIME_CAP
    per_day_full = cap  # the rate of the "exact" archetypes

    placements: list[date] = []
    pays: list[Pay] = []
    tuning: tuple | None = None  # what to tune once the plan is known
    target_group = "2"

    # ---------------- the main course ----------------
    if archetype == "g3":
        target_group = "3"
        P = draw(st.dates(date(2022, 6, 1), date(2023, 6, 15)))
    elif archetype == "g3_long":
        target_group = "3"
        fu = draw(st.dates(date(2023, 1, 2), date(2023, 12, 20)))
        P = sub_weekdays(fu, int(962 / float(rate)) if status == "F" else int(780 / float(rate)))
    elif archetype == "regime_edge":
        rate = per_day_full
        # the regime switch (R7) and the first report month (R18, var first_report_month)
        fu = draw(st.sampled_from([date(2023, 12, 29), date(2024, 1, 1), date(2023, 12, 28), date(2024, 1, 2),
                                   date(2022, 12, 30), date(2023, 1, 2)]))
        P = sub_weekdays(fu, 130)
        target_group = "3" if fu < NEW_REGIME else "2"
        tuning = ("cross", "six_months", draw(st.sampled_from([Decimal("0"), Decimal("-0.01")])))
    elif archetype in ("g1a", "g1a_derived", "g1a_late"):
        target_group = "1"
        P = draw(st.dates(date(2024, 1, 1), date(2025, 3, 31)))
        if archetype == "g1a_derived":
            rate = per_day_full
            tuning = ("derived", "a_kasse_part", draw(st.sampled_from([Decimal("0"), Decimal("0.01")])))
        elif archetype == "g1a_late":
            tuning = ("cross", "late_transition", draw(st.sampled_from([Decimal("0"), Decimal("-0.01")])))
    elif archetype in ("g1b", "g1c"):
        target_group = "1"
        P = draw(st.dates(date(2023, 10, 16), date(2023, 12, 29)))
    elif archetype in ("g2a", "g2c"):
        P = draw(st.dates(date(2023, 7, 5), date(2023, 10, 6)))
    elif archetype in ("g2b", "g2_pre"):
        P = draw(st.dates(date(2023, 7, 5), date(2023, 12, 31)))
    elif archetype == "split_exact":
        rate = per_day_full
        P = draw(st.dates(date(2023, 9, 11), date(2023, 9, 29)))
        tuning = ("anchor", "a_kasse_part", draw(st.sampled_from([Decimal("0"), Decimal("-0.01"), Decimal("0.01")])),
                  SPLIT_DATE)
    elif archetype == "long_2024":
        fu = draw(st.dates(date(2024, 2, 1), date(2025, 6, 30)))
        P = sub_weekdays(fu, int(962 / float(rate)) if status == "F" else int(780 / float(rate)))
        P = min(P, date(2023, 12, 1))
    elif archetype in ("focus", "focus_exact", "focus_switch"):
        target_group = "F"
        P = draw(st.dates(date(2020, 4, 1), date(2021, 9, 30)))
        if archetype == "focus_exact":
            rate = per_day_full
            tuning = ("cross", "three_months", draw(st.sampled_from([Decimal("0"), Decimal("-0.01")])))
    elif archetype in ("ram_era", "ram_long"):
        target_group = "R"
        P = draw(st.dates(date(2015, 10, 1), date(2017, 6, 15)))  # 2015 has an ISO week 53
    elif archetype == "age_edge":
        rate = per_day_full
        fu = draw(st.dates(date(2023, 1, 2), date(2025, 6, 30)))
        P = sub_weekdays(fu, 130)
        target_group = "3" if fu < NEW_REGIME else "2"
        if P >= NEW_REGIME:
            target_group = "1"
    elif archetype == "interrupted":
        P = draw(st.dates(date(2022, 6, 1), date(2024, 9, 30)))
        target_group = "3" if P < date(2023, 6, 1) else ("1" if P >= NEW_REGIME else "2")
    else:  # pragma: no cover
        raise ValueError(archetype)

    exact = archetype in ("regime_edge", "split_exact", "age_edge", "g1a_derived", "focus_exact")
    placements.append(P)

    # the main course's payments
    until = min(HORIZON, P + timedelta(days=400 if not low else 1100))
    if archetype in ("ram_era", "ram_long"):
        pays += _ram_weeks(P, min(rate, Decimal("7.40")), status, a_kasse, RAM_LAST_DAY)
        if archetype == "ram_era":
            straddle = draw(st.booleans())
            f0 = date(2017, 6, 26) if straddle else FLEUR_FIRST_DAY
            pays += [x for x in [_fleur(f0, date(2017, 7, 31), rate, status, a_kasse)] if x]
            pays += draw(_pay_plan(date(2017, 8, 1), status, rate, a_kasse, date(2018, 3, 31), allow_gap=False))
        else:
            resume = draw(st.sampled_from([date(2020, 5, 4), date(2020, 7, 1), date(2021, 3, 1), date(2022, 9, 1)]))
            pays += draw(_pay_plan(resume, status, rate, a_kasse, resume + timedelta(days=300), allow_gap=False))
    else:
        plain = exact or archetype in ("g1a_late",)
        pays += draw(_pay_plan(P, status, rate, a_kasse, until, allow_gap=not plain,
                               allow_switch=not plain, allow_lt=not plain, allow_first=not exact))

    # an earlier course (interrupted by P, R1), sometimes; its last payment
    # runs up to the main course's first one, so it straddles P when the
    # main course's payments start after P
    prior = draw(st.sampled_from([None, None, None, 200, 700, 30]))
    if prior and archetype not in ("ram_era", "ram_long"):
        P0 = P - timedelta(days=prior)
        placements.insert(0, P0)
        n0 = draw(st.sampled_from([10, 60, 140]))
        first_main = min((p.start for p in pays), default=P)
        p0_until = min(add_weekdays(P0, n0), first_main - timedelta(days=1))
        if p0_until >= P0:
            pays += [x for x in [_fleur(P0, p0_until, rate, status, a_kasse)] if x]

    if archetype == "focus_switch":
        # a-kasse changes from the n-th month on; sometimes to a non-trial one
        new_ak = draw(st.sampled_from(TRIAL_A_KASSER + ["Krifa-A", "Lederne-A"]))
        cut = add_weekdays(P, draw(st.sampled_from([30, 60, 64, 66])))
        for p in pays:
            if p.kind == "FLEUR" and p.start >= cut:
                p.a_kasse = new_ak

    # a new placement interrupting the main course (R1)
    if archetype == "interrupted" or draw(st.sampled_from([False] * 6 + [True])):
        k = draw(st.sampled_from([40, 100, 129, 131, 200, 1]))
        P2 = add_weekdays(P, k) + timedelta(days=draw(st.sampled_from([0, 1, 2])))
        if P2 == P:
            P2 = P + timedelta(days=1)  # a course of one day
        if P2 <= HORIZON and P2 not in placements:
            placements.append(P2)
    placements.sort()

    # ---------------- tuning ----------------
    tuned = None
    if tuning:
        kind, code, delta = tuning[:3]
        if kind == "cross":
            tuned = tune_crossing(pays, placements, P, code, delta)
        elif kind == "anchor":
            tuned = tuning[3] if tune_anchor(pays, placements, P, tuning[3], code, delta) else None
        elif kind == "derived":
            led = Ledger(pays, placements)
            m = led.derived_transition(P, None)
            if m and tune_anchor(pays, placements, P, m, code, delta):
                tuned = m
    elif not exact and draw(st.sampled_from([False, False, True])):
        # a random threshold reached exactly, or 0.01 short
        code = draw(st.sampled_from(["six_months", "a_kasse_part", "three_months", "late_transition"]))
        tuned = tune_crossing(pays, placements, P, code, draw(st.sampled_from([Decimal("0"), Decimal("-0.01")])))
    pr.notes["tuned"] = tuned

    ledger = Ledger(pays, placements)
    FU = ledger.reached(P, "six_months")
    FPD = ledger.reached(P, "three_months")
    AKP = ledger.reached(P, "a_kasse_part")
    LATE = ledger.reached(P, "late_transition")
    anchor_fu = FU or (P + timedelta(days=182))
    pr.notes.update(P=P, FU=FU, FPD=FPD, AKP=AKP)

    # ---------------- registers: placements and payments ----------------
    for i, pl in enumerate(placements):
        last = draw(st.sampled_from([None, None, "2y", "next"]))
        sidste = None
        if last == "2y":
            sidste = add_months(pl, 24) - timedelta(days=1)
        elif last == "next" and i + 1 < len(placements):
            sidste = placements[i + 1] - timedelta(days=1)
        pr.add("taeller_dagpengeperiode", indplaceringsdato=pl, sidste_dag=sidste)

    for p in sorted(pays, key=lambda p: (p.start, p.kind)):
        if p.kind == "FLEUR":
            pr.add("fleur_udbetaling", a_kasse=p.a_kasse, ydelse="ADAG", periode_fra=p.start, periode_til=p.end,
                   timer=p.hours, forsikring=p.status)
        elif p.kind == "RAM":
            pr.add("ram_ledighed", aar_uge=iso_week(p.start), a_kasse=p.a_kasse, timer=p.hours,
                   forsikring="FULDTID" if p.status == "F" else "DELTID")
        else:
            pr.add("plan_tilbud", tilbud="LOENTILSKUD", ydelsesgrundlag="A_DAGPENGE", fra_dato=p.start,
                   til_dato=p.end, timer_pr_uge=p.hours)

    # holiday pay / efterløn (never unemployment, R2), other offers
    extra = draw(st.sampled_from([None, None, "ferie", "ferie_other_ak", "efterloen", "praktik", "lt_kontant",
                                  "zero_weekend"]))
    if extra:
        a = anchor_fu - timedelta(days=draw(st.sampled_from([3, 30, 90])))
        b = a + timedelta(days=draw(st.sampled_from([0, 4, 13])))
        if extra == "zero_weekend":
            # an a-dagpenge record on a weekend only (0 hours, no weekday), with
            # the other status and another a-kasse: does it set the day's
            # status (R4) or the paying a-kasse (R19)?
            sat = (FPD or anchor_fu) - timedelta(days=draw(st.sampled_from([1, 1, 8, 30])))
            sat -= timedelta(days=(sat.weekday() - 5) % 7)
            pr.add("fleur_udbetaling", a_kasse=draw(st.sampled_from(TRIAL_A_KASSER + ["Krifa-A"])), ydelse="ADAG",
                   periode_fra=sat, periode_til=sat + timedelta(days=1), timer=Decimal("0.00"),
                   forsikring="D" if status == "F" else "F")
        elif extra.startswith("ferie") or extra == "efterloen":
            wd = weekdays_between(a, b)
            ak = "Krifa-A" if extra == "ferie_other_ak" else a_kasse
            pr.add("fleur_udbetaling", a_kasse=ak, ydelse="EFTERLOEN" if extra == "efterloen" else "FERIEDAGPENGE",
                   periode_fra=a, periode_til=b, timer=Decimal("7.40") * wd, forsikring=status)
        else:
            tilbud, grund = ("VIRKSOMHEDSPRAKTIK", "A_DAGPENGE") if extra == "praktik" else ("LOENTILSKUD", "KONTANTHJAELP")
            pr.add("plan_tilbud", tilbud=tilbud, ydelsesgrundlag=grund, fra_dato=a, til_dato=b,
                   timer_pr_uge=Decimal("37.00"))

    # ---------------- registrations (R7, R11) ----------------
    reg = _registrations(draw, pr, archetype, P, FU, AKP)

    # ---------------- handover (R8, R15) ----------------
    transition = None
    if target_group in ("2", "3") and draw(st.sampled_from([False] * 7 + [True])):
        # a handover row of a group 2 or 3 course: ignored (R8)
        pr.add("tass_overgang", indplaceringsdato=P, overgangsdato=P + timedelta(days=80))
    elif target_group == "1" or archetype == "interrupted":
        mode = draw(st.sampled_from(["missing", "akp", "akp", "month_end", "late", "on_fu", "other_course",
                                     "after_fu", "on_placement"]))
        if archetype == "g1a_derived":
            mode = "missing"
        if archetype == "g1a_late" or garnish == "late":
            mode = "late"
        if mode == "akp" and AKP:
            transition = AKP + timedelta(days=draw(st.sampled_from([0, 1, 5, 12])))
        elif mode == "month_end" and AKP:
            transition = month_end(AKP)
        elif mode == "late" and LATE:
            transition = LATE + timedelta(days=draw(st.sampled_from([0, 0, -1, 1, 3])))
            transition = max(transition, P)
        elif mode == "on_fu" and FU:
            transition = FU  # the measurement period [FU + 1, FU] is empty
        elif mode == "after_fu" and FU:
            transition = FU + timedelta(days=draw(st.sampled_from([1, 10])))
        elif mode == "on_placement":
            transition = P
        elif mode == "other_course" and len(placements) > 1:
            other = [x for x in placements if x != P][0]
            pr.add("tass_overgang", indplaceringsdato=other, overgangsdato=other + timedelta(days=70))
        if transition:
            pr.add("tass_overgang", indplaceringsdato=P, overgangsdato=transition)
        if not transition and mode != "other_course" and target_group == "1":
            transition = ledger.derived_transition(P, FU)
    pr.notes["transition"] = transition

    # the measurement period as aimed at
    if target_group == "1" and transition:
        ms = transition + timedelta(days=1)
    else:
        ms = P
    me = anchor_fu
    pr.notes["period"] = (ms, me)

    _interviews(draw, pr, archetype, P, FU, FPD, transition, reg, a_kasse)
    _exemptions(draw, pr, garnish, target_group, ms, me)
    _education(draw, pr, garnish, ms, me)
    _person_and_address(draw, pr, archetype, garnish, P, anchor_fu, exact)
    return pr


def _registrations(draw, pr: PersonRows, archetype: str, P: date, FU: date | None, AKP: date | None) -> dict:
    """tass_tilmelding rows; returns the pre-placement registration start, if any."""
    out: dict[str, Any] = {"pre_start": None}
    add = lambda a, b: pr.add("tass_tilmelding", fra_dato=a, til_dato=b)  # noqa: E731
    after_split = [date(2024, 1, 1), date(2024, 1, 2), date(2024, 1, 15), date(2024, 3, 1)]
    if archetype == "g1b":
        end = draw(st.sampled_from([date(2023, 12, 30), date(2023, 12, 15), date(2023, 12, 31)]))
        add(P, max(end, P))
        choices = after_split + ([FU, FU + timedelta(days=1)] if FU else [])
        add(draw(st.sampled_from(choices)), None)
    elif archetype == "g1c":
        end = draw(st.sampled_from([date(2024, 1, 5), date(2024, 1, 2), date(2023, 12, 31)]))
        add(P, end)
        anchors = [end + timedelta(days=1), end + timedelta(days=2), end + timedelta(days=5)]
        if AKP:
            anchors += [AKP, AKP + timedelta(days=1), AKP - timedelta(days=1)]
        again = max(draw(st.sampled_from(anchors)), end + timedelta(days=1))
        add(again, None)
    elif archetype in ("g2a", "g2b", "split_exact", "long_2024", "regime_edge"):
        start = draw(st.sampled_from([P, P, P + timedelta(days=2), add_months(P, -3), P - timedelta(days=1)]))
        end = draw(st.sampled_from([None, None, date(2023, 12, 31), date(2024, 2, 29)]))
        add(start, end if end is None or end >= start else None)
        if start < P:
            out["pre_start"] = start
    elif archetype == "g2c":
        end = draw(st.sampled_from([date(2023, 12, 30), date(2023, 11, 30), None]))
        if end is not None:
            add(P, max(end, P))
            if draw(st.booleans()):
                add(date(2024, 1, 15), None)
    elif archetype == "g2_pre":
        three = add_months(P, -3)
        start = draw(st.sampled_from([three, three, three - timedelta(days=1), three + timedelta(days=1),
                                      P - timedelta(days=1), three - timedelta(days=30),
                                      three + timedelta(days=(5 - three.weekday()) % 7)]))  # a Saturday
        add(start, draw(st.sampled_from([None, P + timedelta(days=10), date(2023, 12, 31)])))
        out["pre_start"] = start
        if draw(st.booleans()):  # a second, later qualifying registration
            s2 = start + timedelta(days=draw(st.sampled_from([10, 20])))
            if s2 < P:
                add(s2, None)
        support = draw(st.sampled_from(["none", "sick_before", "sick_on_start", "sick_last_day", "sick_on_P",
                                        "sick_open", "adag", "adag_weekend", "adag_over_weekend", "offer",
                                        "offer_on_P", "offer_adag", "ferie"]))
        out["support"] = support
        if support == "sick_before":
            pr.add("kmd_sygedagpenge", fra_dato=start - timedelta(days=10), til_dato=start - timedelta(days=1),
                   delvis_raskmeldt=False)
        elif support == "sick_on_start":
            pr.add("kmd_sygedagpenge", fra_dato=start - timedelta(days=10), til_dato=start, delvis_raskmeldt=True)
        elif support == "sick_last_day":
            pr.add("kmd_sygedagpenge", fra_dato=P - timedelta(days=1), til_dato=P - timedelta(days=1),
                   delvis_raskmeldt=False)
        elif support == "sick_on_P":
            pr.add("kmd_sygedagpenge", fra_dato=P, til_dato=P + timedelta(days=5), delvis_raskmeldt=False)
        elif support == "sick_open":
            pr.add("kmd_sygedagpenge", fra_dato=start - timedelta(days=40), til_dato=None, delvis_raskmeldt=False)
        elif support in ("adag", "adag_weekend"):
            # a-dagpenge paid before the placement (a course of nobody, R11 "of any course")
            d = start + timedelta(days=3)
            if support == "adag_weekend":
                while d.weekday() != 5:
                    d += timedelta(days=1)
                pr.add("fleur_udbetaling", a_kasse="HK-A", ydelse="ADAG", periode_fra=d,
                       periode_til=d + timedelta(days=1), timer=Decimal("0.00"), forsikring="F")
            elif d < P:
                e = min(d + timedelta(days=6), P - timedelta(days=1))
                wd = weekdays_between(d, e)
                pr.add("fleur_udbetaling", a_kasse="HK-A", ydelse="ADAG", periode_fra=d, periode_til=e,
                       timer=Decimal("3.00") * wd, forsikring="F")
        elif support == "adag_over_weekend":
            # a-dagpenge for Friday - Sunday: paid on the Friday; when the
            # registration starts that Saturday the period overlaps the window
            # only on a weekend, when nothing is paid. Otherwise the period
            # ends the day before the registration start.
            if start.weekday() == 5:
                a, b = start - timedelta(days=1), start + timedelta(days=1)
            else:
                a, b = start - timedelta(days=3), start - timedelta(days=1)
            if b < P:
                pr.add("fleur_udbetaling", a_kasse="HK-A", ydelse="ADAG", periode_fra=a, periode_til=b,
                       timer=Decimal("7.40") * weekdays_between(a, b), forsikring="F")
        elif support in ("offer", "offer_on_P", "offer_adag"):
            a = start + timedelta(days=5) if support != "offer_on_P" else P
            tilbud, grund = {"offer": ("VIRKSOMHEDSPRAKTIK", "KONTANTHJAELP"),
                             "offer_on_P": ("VIRKSOMHEDSPRAKTIK", "KONTANTHJAELP"),
                             "offer_adag": ("OPKVALIFICERING", "SYGEDAGPENGE")}[support]
            pr.add("plan_tilbud", tilbud=tilbud, ydelsesgrundlag=grund, fra_dato=a,
                   til_dato=a + timedelta(days=20), timer_pr_uge=Decimal("20.00"))
        elif support == "ferie":
            a = start + timedelta(days=2)
            if a < P:
                pr.add("fleur_udbetaling", a_kasse="HK-A", ydelse="FERIEDAGPENGE", periode_fra=a,
                       periode_til=a + timedelta(days=4), timer=Decimal("7.40") * weekdays_between(a, a + timedelta(days=4)),
                       forsikring="F")
    elif archetype in ("g1a", "g1a_derived", "g1a_late"):
        if draw(st.booleans()):
            add(P + timedelta(days=draw(st.sampled_from([0, 0, 3]))), None)
    else:
        mode = draw(st.sampled_from(["from_P", "from_P", "none", "before", "gap"]))
        if mode == "from_P":
            add(P, None)
        elif mode == "before":
            add(P - timedelta(days=20), None)
        elif mode == "gap":
            add(P, P + timedelta(days=40))
            add(P + timedelta(days=60), None)
    return out


# Interview kinds: (samtaletype, kontaktform, afholdt_af, status); weighted
# towards interviews that count.
_JC = [
    ("JOBSAMTALE", "FREMMOEDE", "JOBCENTER", "AFHOLDT"),
    ("JOBSAMTALE", "FREMMOEDE", "JOBCENTER", "AFHOLDT"),
    ("JOBSAMTALE", "FREMMOEDE", "JOBCENTER", "AFHOLDT"),
    ("JOBSAMTALE", "TELEFON", "JOBCENTER", "AFHOLDT"),
    ("JOBSAMTALE", "DIGITALT", "JOBCENTER", "AFHOLDT"),
    ("JOBSAMTALE", "DIGITALT", "JOBCENTER", "AFHOLDT"),
    ("FAELLESSAMTALE", "FREMMOEDE", "JOBCENTER", "AFHOLDT"),
    ("FAELLESSAMTALE", "TELEFON", "AKASSE", "AFHOLDT"),
    ("FAELLESSAMTALE", "FREMMOEDE", "AKASSE", "AFHOLDT"),
    ("JOBSAMTALE", "FREMMOEDE", "AKASSE", "AFHOLDT"),
    ("JOBSAMTALE", "FREMMOEDE", "JOBCENTER", "AFLYST"),
    ("JOBSAMTALE", "TELEFON", "JOBCENTER", "UDEBLEVET"),
    ("JOBSAMTALE", "BREV", "JOBCENTER", "AFHOLDT"),
    ("JOBSAMTALE", "EMAIL", "JOBCENTER", "AFHOLDT"),
    ("RAADIGHEDSSAMTALE", "FREMMOEDE", "AKASSE", "AFHOLDT"),
    ("CV_SAMTALE", "FREMMOEDE", "AKASSE", "AFHOLDT"),
    ("GRUPPEMOEDE", "FREMMOEDE", "JOBCENTER", "AFHOLDT"),
]
_AK = [
    ("JOBSAMTALE", "FREMMOEDE", "AKASSE", "AFHOLDT"),
    ("JOBSAMTALE", "FREMMOEDE", "AKASSE", "AFHOLDT"),
    ("JOBSAMTALE", "DIGITALT", "AKASSE", "AFHOLDT"),
    ("JOBSAMTALE", "TELEFON", "AKASSE", "AFHOLDT"),
    ("JOBSAMTALE", "BREV", "AKASSE", "AFHOLDT"),
    ("JOBSAMTALE", "FREMMOEDE", "AKASSE", "AFLYST"),
    ("JOBSAMTALE", "FREMMOEDE", "AKASSE", "UDEBLEVET"),
    ("FAELLESSAMTALE", "FREMMOEDE", "AKASSE", "AFHOLDT"),
    ("JOBSAMTALE", "FREMMOEDE", "JOBCENTER", "AFHOLDT"),
    ("RAADIGHEDSSAMTALE", "FREMMOEDE", "AKASSE", "AFHOLDT"),
]
_FIRST_FORMS = ["TELEFON", "DIGITALT", "FREMMOEDE", "DIGITALT"]


def _interviews(draw, pr: PersonRows, archetype: str, P: date, FU: date | None, FPD: date | None,
                transition: date | None, reg: dict, a_kasse: str) -> None:
    n = [0]
    jobcentre = draw(st.sampled_from(["home", "home", 851, 101, 269, 201, 810, 461]))
    home = draw(st.sampled_from(MUNICIPALITIES))
    pr.notes["home"] = home
    jc = home if jobcentre == "home" else jobcentre

    def add(d: date, kind: tuple, ak: str | None = None, kommune: int | None = None) -> None:
        n[0] += 1
        typ, form, by, status = kind
        pr.add("tass_samtale", samtale_id=f"{pr.pid}-S{n[0]:02d}", samtale_dato=d, samtaletype=typ, kontaktform=form,
               afholdt_af=by, kommune_kode=(kommune or jc) if by == "JOBCENTER" else None,
               a_kasse=(ak or a_kasse) if by == "AKASSE" else None, status=status)

    fu = FU or (P + timedelta(days=182))
    ws = transition + timedelta(days=1) if transition else P  # the window as aimed at
    anchors: dict[str, date] = {
        "P": P, "FU": fu, "ws": ws, "mid": ws + (fu - ws) / 2, "late": fu - timedelta(days=20),
        "early": ws + timedelta(days=15), "third": ws + (fu - ws) / 3,
    }
    if transition:
        anchors["T"] = transition
    if reg.get("pre_start"):
        anchors["pre"] = reg["pre_start"]
    # the first interview: on the window's first day, or on a corona / trial
    # edge inside the window, by phone or digitally (R10 exceptions)
    first = draw(st.sampled_from(["ws", "P", "T", "pre", "edge", "edge", "none"]))
    edges = [e for e in EDGE_DATES if P <= e <= fu]
    if first == "edge" and edges:
        d0 = draw(st.sampled_from(edges))
    else:
        d0 = anchors.get(first)
    if d0 is not None:
        form = draw(st.sampled_from(_FIRST_FORMS))
        add(d0 + timedelta(days=draw(st.sampled_from([0, 0, 1, -1]))),
            ("JOBSAMTALE", form, "JOBCENTER", "AFHOLDT"),
            kommune=draw(st.sampled_from([None, None, 851, 101, 269, 201])))
    k = draw(st.sampled_from([1, 2, 2, 3, 3, 4, 5, 6, 0]))
    names = list(anchors)
    for _ in range(k):
        where = draw(st.sampled_from(names))
        off = draw(st.sampled_from([0, 0, 1, -1, 2, 7, 30]))
        kind = draw(st.sampled_from(_JC))
        add(anchors[where] + timedelta(days=off), kind)
        if draw(st.sampled_from([False] * 5 + [True])):  # a second one the same day
            add(anchors[where] + timedelta(days=off), draw(st.sampled_from(_JC)))

    # a-kasse job interviews (R21), also for non-trial a-kasser
    if archetype.startswith("focus") or draw(st.sampled_from([False, False, False, True])):
        fpd = FPD or (P + timedelta(days=91))
        ak_anchors = [P - timedelta(days=1), P, P + timedelta(days=10), P + (fpd - P) / 2, fpd,
                      fpd + timedelta(days=1), fpd - timedelta(days=1)]
        m = draw(st.sampled_from([0, 1, 2, 2, 3, 4, 3]))
        for _ in range(m):
            d = draw(st.sampled_from(ak_anchors))
            kind = draw(st.sampled_from(_AK))
            ak = draw(st.sampled_from([None, None, None, "Krifa-A", "HK-A"]))
            add(d, kind, ak=ak)
            if draw(st.sampled_from([False] * 4 + [True])):
                add(d, kind, ak=ak)


def _exemptions(draw, pr: PersonRows, garnish: str, group: str, ms: date, me: date) -> None:
    add = lambda code, a, b: pr.add("tass_fravaer", fravaer_id=code, fra_dato=a, til_dato=b)  # noqa: E731
    wd = max(weekdays_between(ms, me), 1)
    if garnish in ("exemption", "exemption_exact"):
        limit = Fraction(1, 2) if group == "3" else Fraction(3, 10)
        n = -(-wd * limit.numerator // limit.denominator)  # ceil(limit × weekdays)
        if garnish == "exemption":
            n += draw(st.sampled_from([0, 5, 20]))
        else:
            n += draw(st.sampled_from([0, 0, -1]))
        n = max(1, min(n, wd))
        a = ms
        while not is_weekday(a):
            a += timedelta(days=1)
        # split over two codes, overlapping by a few days, sometimes
        code = draw(st.sampled_from(TABEL_1 + TABEL_2))
        if draw(st.booleans()) and n > 6:
            mid = add_weekdays(a, n // 2)
            add(code, a, mid + timedelta(days=2))
            add(draw(st.sampled_from(TABEL_1)), mid, add_weekdays(a, n))
        else:
            add(code, a, add_weekdays(a, n))
    if garnish in ("mii", "mii_edge"):
        runs = draw(st.sampled_from([5, 4, 5, 6]))
        start = ms + timedelta(days=draw(st.sampled_from([0, 3, 10, 30])))
        if garnish == "mii_edge":  # straddling the period's first or last day
            start = draw(st.sampled_from([ms - timedelta(days=2), me - timedelta(days=3), me]))
        a = start
        b = add_weekdays(a, runs)
        if draw(st.booleans()) and runs >= 2:  # two adjacent Tabel 2 codes making the run
            m = add_weekdays(a, runs // 2)
            add(draw(st.sampled_from(TABEL_2)), a, m)
            add(draw(st.sampled_from(TABEL_2)), m + timedelta(days=1), b)
        else:
            add(draw(st.sampled_from(TABEL_2)), a, b)
    # background registrations: other codes, edges, open ones
    k = draw(st.sampled_from([0, 0, 1, 2, 3]))
    for _ in range(k):
        code = draw(st.sampled_from(TABEL_1 + TABEL_2 + OTHER_CODES))
        where = draw(st.sampled_from(["start", "end", "inside", "open", "before"]))
        length = draw(st.sampled_from([0, 1, 3, 4, 6, 13]))
        if where == "start":
            a = ms - timedelta(days=length // 2 + 1)
        elif where == "end":
            a = me - timedelta(days=length // 2)
        elif where == "inside":
            a = ms + (me - ms) / 3
        elif where == "open":
            a = me - timedelta(days=length)
        else:
            a = ms - timedelta(days=30 + length)
        add(code, a, None if where == "open" else a + timedelta(days=length))


def _education(draw, pr: PersonRows, garnish: str, ms: date, me: date) -> None:
    if garnish == "education":
        mode = draw(st.sampled_from(["ends_on_start", "starts_on_end", "inside", "open_before"]))
    else:
        mode = draw(st.sampled_from([None] * 8 + ["ends_before", "starts_after", "ends_on_start", "starts_on_end"]))
    if mode is None:
        return
    a, b = {
        "ends_before": (ms - timedelta(days=60), ms - timedelta(days=1)),
        "ends_on_start": (ms - timedelta(days=60), ms),
        "starts_on_end": (me, None),
        "starts_after": (me + timedelta(days=1), me + timedelta(days=90)),
        "inside": (ms + timedelta(days=10), ms + timedelta(days=40)),
        "open_before": (ms - timedelta(days=5), None),
    }[mode]
    pr.add("uddannelsespaalaeg", fra_dato=a, til_dato=b)


def _person_and_address(draw, pr: PersonRows, archetype: str, garnish: str, P: date, fu: date,
                        exact: bool) -> None:
    # birth (R6)
    if garnish == "age_unknown":
        birth = None
    elif archetype == "age_edge":
        mode = draw(st.sampled_from(["16_on", "16_after", "pension_on", "pension_after"]))
        if mode.startswith("16"):
            birth = add_months(fu, -16 * 12) + timedelta(days=1 if mode == "16_after" else 0)
        else:
            target = fu + timedelta(days=1 if mode == "pension_after" else 0)
            birth = None
            for months in sorted({m for _, _, m in PENSION_AGES}):
                b = add_months(target, -months)
                if pension_date(b) == target:
                    birth = b
                    break
            if birth is None:
                birth = add_months(target, -804)
            if birth.month == 2 and birth.day == 28 and draw(st.booleans()):
                try:  # born on 29 February: pension age clamps to the 28th
                    leap = birth.replace(day=29)
                    if pension_date(leap) == target:
                        birth = leap
                except ValueError:
                    pass
    else:
        age = draw(st.sampled_from([22, 30, 45, 58, 35, 50, 27, 41, 66, 15]))
        birth = add_months(P, -12 * age) - timedelta(days=draw(st.sampled_from([0, 40, 200])))
    if birth is not None:
        pr.add("cpr_person", foedselsdato=birth)
    pr.notes["birth"] = birth

    # address history (R17)
    home = pr.notes.get("home") or 101
    other = draw(st.sampled_from(MUNICIPALITIES))
    since = date(2005, 1, 1) if birth is None else max(birth, date(1990, 1, 1))
    mode = draw(st.sampled_from(["one", "one", "one", "none", "move_on_fu", "move_after_fu", "gap", "arrives_after",
                                 "ended_before", "moves_often", "overlap", "same_start"]))
    add = lambda k, a, b: pr.add("cpr_adresse", kommune_kode=k, fra_dato=a, til_dato=b)  # noqa: E731
    if mode == "one":
        add(home, since, None)
    elif mode == "move_on_fu":
        add(home, since, fu - timedelta(days=1))
        add(other, fu, None)
    elif mode == "move_after_fu":
        add(home, since, fu)
        add(other, fu + timedelta(days=1), None)
    elif mode == "gap":
        add(home, since, fu - timedelta(days=1))
        add(other, fu + timedelta(days=1), None)
    elif mode == "arrives_after":
        add(other, fu + timedelta(days=1), None)
    elif mode == "ended_before":
        add(home, since, fu - timedelta(days=1))
    elif mode == "overlap":  # overlapping periods: the later start wins (the project's reading of R17)
        add(other, fu - timedelta(days=draw(st.sampled_from([0, 30]))), fu + timedelta(days=30))
        add(home, since, None)
    elif mode == "same_start":  # two periods starting the same day: the later row wins
        add(home, fu - timedelta(days=10), None)
        add(other, fu - timedelta(days=10), None)
    elif mode == "moves_often":
        d = since
        for i, k in enumerate([home, other, home, other]):
            e = d + timedelta(days=[3000, 2000, 900, 0][i]) if i < 3 else None
            add(k, d, e)
            if e is None:
                break
            d = e + timedelta(days=1)


# --------------------------------------------------------------------------
# Batches
# --------------------------------------------------------------------------


@dataclass
class RegisterBatch:
    tables: dict[str, list[dict[str, Any]]]
    persons: list[PersonRows]

    @property
    def person_ids(self) -> list[str]:
        return [p.pid for p in self.persons]

    def rows_of(self, person_id: str) -> dict[str, list[dict[str, Any]]]:
        return {reg: [r for r in rows if r["person_id"] == person_id] for reg, rows in self.tables.items()}

    def person_fingerprints(self) -> list[str]:
        """One fingerprint per person: their rows without the ids (to notice
        persons a batch shares with earlier ones)."""
        import hashlib

        out = []
        for p in self.persons:
            rows = sorted(
                (reg, repr(sorted((k, repr(v)) for k, v in r.items() if k not in ("person_id", "samtale_id"))))
                for reg, rs in p.tables.items() for r in rs
            )
            out.append(hashlib.sha1(repr(rows).encode()).hexdigest())
        return out

    def digest(self) -> str:
        """A fingerprint of the rows (to notice a batch drawn twice)."""
        import hashlib

        text = repr(sorted((reg, repr(rows)) for reg, rows in self.tables.items()))
        return hashlib.sha1(text.encode()).hexdigest()

    def __repr__(self) -> str:  # Hypothesis prints falsifying examples; keep it short
        return f"RegisterBatch({len(self.persons)} persons, {sum(map(len, self.tables.values()))} rows)"


def _without_overlaps(rows: list[dict[str, Any]], is_paid, first: str, last: str) -> list[dict[str, Any]]:
    """Drop each paid row whose period overlaps a kept paid row starting
    before it (or the same day, earlier in the file): a day is never paid
    twice (issue 8, overlapping_period)."""
    order = sorted((r[first], i) for i, r in enumerate(rows) if is_paid(r))
    dropped, latest = set(), None
    for start, i in order:
        if latest is not None and start <= latest:
            dropped.add(i)
        else:
            latest = rows[i][last] if latest is None else max(latest, rows[i][last])
    return [r for i, r in enumerate(rows) if i not in dropped]


def conform(tables: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """One person's rows made to follow the contract's rules that the
    archetypes do not aim at (issue 8): no exact duplicate row, no FLEUR row
    wholly before 2017-07-01, part-time FLEUR rows at most 6 hours a weekday,
    no overlapping FLEUR ADAG periods, no overlapping loentilskud on
    a-dagpenge."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for reg, rows in tables.items():
        seen = set()
        for r in rows:
            key = tuple(sorted(r.items()))
            if key not in seen:
                seen.add(key)
                out[reg].append(r)
    fleur = []
    for r in out.get("fleur_udbetaling", []):
        if r["periode_til"] < FLEUR_FIRST_DAY:
            continue
        if r["forsikring"] == "D":
            cap = PART_TIME_CAP * weekdays_between(r["periode_fra"], r["periode_til"])
            r = dict(r, timer=min(Decimal(r["timer"]), cap))
        fleur.append(r)
    if "fleur_udbetaling" in out:
        out["fleur_udbetaling"] = _without_overlaps(
            fleur, lambda r: r["ydelse"] == "ADAG", "periode_fra", "periode_til")
    if "plan_tilbud" in out:
        out["plan_tilbud"] = _without_overlaps(
            out["plan_tilbud"], lambda r: r["tilbud"] == "LOENTILSKUD" and r["ydelsesgrundlag"] == "A_DAGPENGE",
            "fra_dato", "til_dato")
    return out


def merge_persons(persons_: list[PersonRows]) -> RegisterBatch:
    tables: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in persons_:
        for reg, rows in conform(p.tables).items():
            tables[reg].extend(rows)
    return RegisterBatch(dict(tables), persons_)


@st.composite
def register_batches(draw, min_extra: int = 20, max_extra: int = 40, spine: bool = True) -> RegisterBatch:
    """A batch: the spine (one person per archetype/exclusion path of SPINE)
    and min_extra..max_extra persons of random archetypes and garnishes.
    Person ids are distinct within the batch."""
    ps: list[PersonRows] = []
    if spine:
        for i, (arch, garnish) in enumerate(SPINE):
            ps.append(draw(persons(f"S{i:03d}", arch, garnish)))
    extra = draw(st.lists(st.sampled_from(ARCHETYPES), min_size=min_extra, max_size=max_extra))
    for i, arch in enumerate(extra):
        ps.append(draw(persons(f"X{i:03d}", arch)))
    return merge_persons(ps)


def validate_contract(tables: dict[str, list[dict[str, Any]]]) -> list[str]:
    """The contract checks the strategies promise (a quick pre-flight before
    dbt; stg_rejected_rows is the authority)."""
    problems: list[str] = []
    lo, hi = date(1990, 1, 1), date(2035, 12, 31)

    def check(cond: bool, msg: str) -> None:
        if not cond:
            problems.append(msg)

    for r in tables.get("fleur_udbetaling", []):
        wd = weekdays_between(r["periode_fra"], r["periode_til"])
        check(r["periode_fra"] <= r["periode_til"], f"fleur end before start {r}")
        check(Decimal(r["timer"]) <= Decimal("7.4") * wd, f"fleur absurd hours {r}")
        check(lo <= r["periode_fra"] and r["periode_til"] <= hi, f"fleur date {r}")
    seen = set()
    for r in tables.get("ram_ledighed", []):
        check(Decimal(r["timer"]) <= 37, f"ram hours {r}")
        key = (r["person_id"], r["aar_uge"])
        check(key not in seen, f"ram duplicate {r}")
        seen.add(key)
    seen = set()
    for r in tables.get("taeller_dagpengeperiode", []):
        key = (r["person_id"], r["indplaceringsdato"])
        check(key not in seen, f"duplicate placement {r}")
        seen.add(key)
        check(r["sidste_dag"] is None or r["sidste_dag"] >= r["indplaceringsdato"], f"placement end {r}")
    seen = set()
    for r in tables.get("tass_overgang", []):
        key = (r["person_id"], r["indplaceringsdato"])
        check(key not in seen, f"duplicate handover {r}")
        seen.add(key)
        check(r["overgangsdato"] >= r["indplaceringsdato"], f"handover before placement {r}")
    ids = [r["samtale_id"] for r in tables.get("tass_samtale", [])]
    check(len(ids) == len(set(ids)), "duplicate samtale_id")
    for reg in ("cpr_adresse", "kmd_sygedagpenge", "tass_fravaer", "tass_tilmelding", "uddannelsespaalaeg",
                "plan_tilbud"):
        for r in tables.get(reg, []):
            check(r["til_dato"] is None or r["til_dato"] >= r["fra_dato"], f"{reg} end before start {r}")
            if reg != "cpr_adresse":
                check(lo <= r["fra_dato"] <= hi and (r["til_dato"] is None or r["til_dato"] <= hi), f"{reg} date {r}")
    for r in tables.get("plan_tilbud", []):
        check(Decimal(r["timer_pr_uge"]) <= 37, f"offer hours {r}")
    for r in tables.get("tass_samtale", []):
        check(lo <= r["samtale_dato"] <= hi, f"interview date {r}")
    ppl = [r["person_id"] for r in tables.get("cpr_person", [])]
    check(len(ppl) == len(set(ppl)), "duplicate cpr_person")
    # issue 8: no exact duplicate row in any register; paid periods of a
    # person never overlap (FLEUR ADAG, loentilskud on a-dagpenge); no row
    # wholly outside its register's period; part-time maxima
    for reg, rows in tables.items():
        keys = [tuple(sorted(r.items())) for r in rows]
        check(len(keys) == len(set(keys)), f"{reg} exact duplicate row")
    paid = defaultdict(list)
    for r in tables.get("fleur_udbetaling", []):
        check(r["periode_til"] >= date(2017, 7, 1), f"fleur before 2017-07-01 {r}")
        if r["forsikring"] == "D":
            check(Decimal(r["timer"]) <= Decimal(6) * weekdays_between(r["periode_fra"], r["periode_til"]),
                  f"fleur part-time hours {r}")
        if r["ydelse"] == "ADAG":
            paid[("fleur", r["person_id"])].append((r["periode_fra"], r["periode_til"]))
    for r in tables.get("plan_tilbud", []):
        if r["tilbud"] == "LOENTILSKUD" and r["ydelsesgrundlag"] == "A_DAGPENGE":
            paid[("loentilskud", r["person_id"])].append((r["fra_dato"], r["til_dato"]))
    for (kind, person), periods in paid.items():
        periods.sort()
        latest = None
        for first, last in periods:
            check(latest is None or first > latest, f"{kind} periods overlap for {person}")
            latest = last if latest is None else max(latest, last)
    for r in tables.get("ram_ledighed", []):
        year, week = r["aar_uge"].split("-W")
        check(date.fromisocalendar(int(year), int(week), 1) <= date(2017, 6, 30), f"ram after 2017-06-30 {r}")
        if r["forsikring"] == "DELTID":
            check(Decimal(r["timer"]) <= 30, f"ram part-time hours {r}")
    return problems


__all__ = [
    "ARCHETYPES", "SPINE", "Ledger", "RegisterBatch", "add_weekdays", "persons", "register_batches",
    "validate_contract", "weekdays_between",
]
