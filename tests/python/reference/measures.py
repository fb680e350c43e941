"""Reference implementation ("witness") of STAR's job-interview measures.

A second, independent implementation of shared/spec/measures.md (rules
R1-R23), written from that page, the Danish originals in
shared/source-documents/ (method note 003 "Tidlig indsats", memo 000 "Fokusmål")
and the data contract shared/spec/registers.md. It never reads the project's
SQL. The dbt marts are checked against it.

Style: the simplest code that could be right. Per person, per course, day by
day, with dicts and loops; hours are exact (`fractions.Fraction`, never float).
Reference values (thresholds, codes, periods, parameters) come from the seeds in
seeds/*.csv.

Rules and where they live
-------------------------
R1  `courses`                       placement to the day before the next one
R2  `unemployment_records`, `wage_subsidy_records`
                                    RAM weeks up to 2017-06-30, FLEUR ADAG from
                                    2017-07-01, løntilskud on a-dagpenge
R3  `hours_by_day`                  hours spread over Mon-Fri
R4  `status_changes`, `insurance_status`, `CourseLedger`, `threshold_date`
                                    full-time equivalents (part-time x 7.4/6),
                                    compared in the units of the day's status
R5  `threshold_date(..., six_months)` follow-up date and report month
R6  `age_in_population`             16 years to folkepension age
R7  `cohort_subgroup`               groups 1a/1b/1c/2a/2b/2c/3
R8  `transition_date`, `measurement_period`
R9  `early_effort_row`, `early_effort_rule` required interviews (seed early_effort_rules,
                                    the row in force on the report month)
R10 `interviews_counted_early_effort`, `first_interview_allowed`
R11 `pre_placement_start`
R12 `exempt_hours_share`
R13 `mii_weekdays`
R14 `has_education_order`
R15 `is_late_transition`
R16 `exclusion_reason`
R17 `municipality_on`
R18 `monthly_early_effort`
R19 `threshold_date(..., three_months)`, `paying_a_kasse`
R20 `in_reporting_window`
R21 `interviews_counted_focus_target`
R22 `monthly_focus_target`, `mean_of_monthly_shares`
R23 (test_reference_unit.py) R22 on the memo's published monthly shares

Readings (settled by the project where measures.md leaves room)
---------------------------------------------------------------
* Intervals are inclusive; a null end is open.
* A day's hours are converted with the insurance status of that day: the
  status of the latest counted RAM/FLEUR record (any course) starting on or
  before it; ties on the start day: ending last, then FLEUR over RAM, then the
  later row in the file; before any record: full-time.
* A threshold is reached on the first calendar day whose accumulated FTE hours
  (up to and including that day, inside the course), expressed in that day's
  status, are >= the threshold of that status. Between days on which hours are
  paid or the status changes nothing changes, so only those days are checked.
* A RAM record's period is the Mon-Fri of its ISO week.
"""

from __future__ import annotations

import calendar
import csv
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

import pyarrow.parquet as pq

import rule_data  # scripts/rule_data.py: reads the seeds, decides nothing

SEEDS_DIR = Path(__file__).resolve().parents[3] / "seeds"
ONE_DAY = timedelta(days=1)
FULL_TIME = "full_time"
PART_TIME = "part_time"

REGISTERS = (
    "cpr_person",
    "cpr_adresse",
    "ram_ledighed",
    "fleur_udbetaling",
    "taeller_dagpengeperiode",
    "kmd_sygedagpenge",
    "plan_tilbud",
    "tass_samtale",
    "tass_fravaer",
    "tass_tilmelding",
    "tass_overgang",
    "uddannelsespaalaeg",
)

# R10: who must have held an interview type for it to count in early effort
# (None: any holder). Not in a seed: the rule itself, measures.md R10.
EARLY_EFFORT_HOLDERS = {"JOBSAMTALE": {"JOBCENTER"}, "FAELLESSAMTALE": None}
# R21: focus target interviews are held by the a-kasse.
FOCUS_TARGET_HOLDER = "AKASSE"


# --------------------------------------------------------------------------
# Date helpers
# --------------------------------------------------------------------------


def is_weekday(day: date) -> bool:
    return day.weekday() < 5


def days_between(first: date, last: date):
    """Every calendar day of [first, last]."""
    day = first
    while day <= last:
        yield day
        day += ONE_DAY


def weekdays_between(first: date, last: date) -> list[date]:
    """R3: the Mon-Fri days of [first, last]."""
    return [day for day in days_between(first, last) if is_weekday(day)]


def add_months(day: date, months: int) -> date:
    """Calendar-month arithmetic, clamped to the month's end (29 Feb + 12 months
    = 28 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def covers(day: date, first: date, last: date | None) -> bool:
    """Inclusive interval [first, last] (last None: open) contains day."""
    return first <= day and (last is None or day <= last)


def overlaps(first: date, last: date | None, window_first: date, window_last: date) -> bool:
    """Inclusive interval [first, last] overlaps [window_first, window_last];
    an empty window (first after last) overlaps nothing."""
    if window_first > window_last:
        return False
    return first <= window_last and (last is None or last >= window_first)


# --------------------------------------------------------------------------
# Seeds (reference data)
# --------------------------------------------------------------------------


def _csv(seeds_dir: Path, name: str) -> list[dict]:
    with open(seeds_dir / f"{name}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _bool(text: str) -> bool:
    return text.strip().lower() == "true"


@dataclass
class Params:
    """Everything the rules take from seeds/*.csv."""

    thresholds: dict  # threshold_code -> {FULL_TIME: Fraction, PART_TIME: Fraction}
    part_time_to_fte: Fraction  # 7.4 / 6
    status_by_code: dict  # (register, source_code) -> FULL_TIME | PART_TIME
    register_periods: dict  # register -> (valid_from, valid_to | None)
    unemployment_benefits: set
    wage_subsidy_offers: set
    a_dagpenge_bases: set
    income_support_bases: set
    exemption_codes: set  # Tabel 1 and 2
    mii_codes: set  # Tabel 2
    pension_ages: list  # (birth_from, birth_to, months)
    new_regime_from: date
    group_split_date: date
    cohorts: dict  # subgroup -> group
    early_effort_rules: list  # typed rows of seed early_effort_rules (dated)
    early_effort_types: set
    focus_target_types: set
    held_statuses: set
    contact_form_rules: list  # typed rows: contact_form, counts_as, validity (by interview date)
    first_interview_exceptions: list  # typed rows: municipality (None: everywhere), validity, form
    municipalities: dict  # code -> (name, region_code)
    regions: dict  # code -> name
    trial_a_kasser: list
    focus_windows: list  # (from, to | None)
    focus_target_goals: list  # typed rows of seed focus_target_goal (dated, by report month)
    dagpenge_suspensions: list  # (from, to | None)


def load_params(seeds_dir: Path = SEEDS_DIR) -> Params:
    threshold_rows = _csv(seeds_dir, "hour_thresholds")
    thresholds = {
        row["threshold_code"]: {
            FULL_TIME: Fraction(row["full_time_hours"]),
            PART_TIME: Fraction(row["part_time_hours"]),
        }
        for row in threshold_rows
    }
    # R4: the reference compares hours with one value per threshold; a second
    # dated row of a code needs the reference to select it by date first
    if len(thresholds) != len(threshold_rows):
        raise ValueError("hour_thresholds has several rows of one threshold_code: not supported by the reference")
    conversion = _csv(seeds_dir, "insurance_conversion")[0]
    new_regime_from, group_split_date = rule_data.regime_dates(seeds_dir)
    interview_types = _csv(seeds_dir, "interview_types")
    offer_bases = _csv(seeds_dir, "offer_benefit_bases")
    codes = _csv(seeds_dir, "exemption_codes")
    return Params(
        thresholds=thresholds,
        part_time_to_fte=Fraction(conversion["full_time_hours_per_day"])
        / Fraction(conversion["part_time_hours_per_day"]),
        status_by_code={
            (row["register"], row["source_code"]): row["insurance_status"]
            for row in _csv(seeds_dir, "insurance_statuses")
        },
        register_periods={
            row["register"]: (_date(row["valid_from"]), _date(row["valid_to"]))
            for row in _csv(seeds_dir, "register_periods")
        },
        unemployment_benefits={
            row["benefit_type"] for row in _csv(seeds_dir, "benefit_types") if _bool(row["is_unemployment"])
        },
        wage_subsidy_offers={
            row["offer_type"] for row in _csv(seeds_dir, "offer_types") if _bool(row["counts_as_unemployment"])
        },
        a_dagpenge_bases={row["benefit_basis"] for row in offer_bases if _bool(row["is_a_dagpenge"])},
        income_support_bases={row["benefit_basis"] for row in offer_bases if _bool(row["is_income_support"])},
        exemption_codes={int(row["exemption_code"]) for row in codes if row["exemption_table"] in ("1", "2")},
        mii_codes={int(row["exemption_code"]) for row in codes if row["exemption_table"] == "2"},
        pension_ages=[
            (_date(row["birth_date_from"]), _date(row["birth_date_to"]), int(row["pension_age_months"]))
            for row in _csv(seeds_dir, "pension_ages")
        ],
        new_regime_from=new_regime_from,
        group_split_date=group_split_date,
        cohorts={row["cohort_subgroup"]: row["cohort_group"] for row in _csv(seeds_dir, "cohort_groups")},
        early_effort_rules=rule_data.read_seed("early_effort_rules", seeds_dir),
        early_effort_types={row["interview_type"] for row in interview_types if _bool(row["counts_early_effort"])},
        focus_target_types={row["interview_type"] for row in interview_types if _bool(row["counts_focus_target"])},
        held_statuses={
            row["interview_status"] for row in _csv(seeds_dir, "interview_statuses") if _bool(row["is_held"])
        },
        contact_form_rules=rule_data.read_seed("contact_form_rules", seeds_dir),
        first_interview_exceptions=rule_data.first_interview_exceptions(seeds_dir),
        municipalities={
            int(row["municipality_code"]): (row["municipality_name"], int(row["region_code"]))
            for row in _csv(seeds_dir, "municipalities")
        },
        regions={int(row["region_code"]): row["region_name"] for row in _csv(seeds_dir, "regions")},
        trial_a_kasser=[row["a_kasse"] for row in _csv(seeds_dir, "a_kasser") if _bool(row["is_trial"])],
        focus_windows=[
            (_date(row["window_from"]), _date(row["window_to"]))
            for row in _csv(seeds_dir, "focus_target_windows")
        ],
        focus_target_goals=rule_data.read_seed("focus_target_goal", seeds_dir),
        dagpenge_suspensions=[
            (_date(row["suspension_from"]), _date(row["suspension_to"]))
            for row in _csv(seeds_dir, "dagpenge_suspensions")
        ],
    )


# --------------------------------------------------------------------------
# Registers, grouped by person
# --------------------------------------------------------------------------


def read_registers(raw_dir: Path) -> dict[str, list[dict]]:
    """The twelve Parquet files as lists of dicts, in file order."""
    return {name: pq.read_table(Path(raw_dir) / f"{name}.parquet").to_pylist() for name in REGISTERS}


def by_person(rows: list[dict]) -> dict[str, list[dict]]:
    """Rows per person, each tagged with its position in the file ("row")."""
    grouped = defaultdict(list)
    for index, row in enumerate(rows):
        grouped[row["person_id"]].append(dict(row, row=index))
    return grouped


@dataclass
class Record:
    """One RAM week or FLEUR ADAG payment (R2), or one løntilskud offer."""

    register: str  # 'ram_ledighed', 'fleur_udbetaling', 'plan_tilbud'
    first: date
    last: date
    hours: Fraction  # total hours of the paid period (løntilskud: per week); first..last may be clipped
    rate: Fraction  # hours on each Mon-Fri of [first, last] (R3)
    status: str | None  # insurance status (None for løntilskud)
    a_kasse: str | None
    row: int  # position in its file


def clip(first: date, last: date, period_first: date, period_last: date | None) -> tuple[date, date] | None:
    """The part of [first, last] inside a register's period, or None when
    none of it is."""
    first, last = max(first, period_first), last if period_last is None else min(last, period_last)
    return (first, last) if first <= last else None


def unemployment_records(ram_rows, fleur_rows, params: Params) -> list[Record]:
    """R2: a-dagpenge records - RAM weeks inside RAM's register period (up to
    2017-06-30), FLEUR ADAG periods inside FLEUR's (from 2017-07-01). A
    period straddling the edge of its register's period counts only on its
    days inside it, at its own rate (issue 8: boundaries clip, never drop).
    R3: a RAM week over the Mon-Fri of its ISO week, a FLEUR period evenly over
    the Mon-Fri of its period."""
    records = []
    ram_from, ram_to = params.register_periods["ram_ledighed"]
    for row in ram_rows:
        year, week = row["aar_uge"].split("-W")
        monday = date.fromisocalendar(int(year), int(week), 1)
        inside = clip(monday, monday + timedelta(days=4), ram_from, ram_to)
        if inside is None:
            continue
        hours = Fraction(row["timer"])
        records.append(
            Record(
                "ram_ledighed", inside[0], inside[1], hours, hours / 5,
                params.status_by_code[("ram_ledighed", row["forsikring"])], row["a_kasse"], row["row"],
            )
        )
    fleur_from, fleur_to = params.register_periods["fleur_udbetaling"]
    for row in fleur_rows:
        if row["ydelse"] not in params.unemployment_benefits:
            continue
        inside = clip(row["periode_fra"], row["periode_til"], fleur_from, fleur_to)
        if inside is None:
            continue
        hours = Fraction(row["timer"])
        n_weekdays = len(weekdays_between(row["periode_fra"], row["periode_til"]))
        rate = hours / n_weekdays if n_weekdays else Fraction(0)
        records.append(
            Record(
                "fleur_udbetaling", inside[0], inside[1], hours, rate,
                params.status_by_code[("fleur_udbetaling", row["forsikring"])], row["a_kasse"], row["row"],
            )
        )
    return records


def wage_subsidy_records(offer_rows, params: Params) -> list[Record]:
    """R2/R3: løntilskud financed by a-dagpenge gives timer_pr_uge / 5 on each
    Mon-Fri of the offer."""
    return [
        Record(
            "plan_tilbud", row["fra_dato"], row["til_dato"], Fraction(row["timer_pr_uge"]),
            Fraction(row["timer_pr_uge"]) / 5, None, None, row["row"],
        )
        for row in offer_rows
        if row["tilbud"] in params.wage_subsidy_offers and row["ydelsesgrundlag"] in params.a_dagpenge_bases
    ]


def hours_by_day(records: list[Record]) -> dict[date, Fraction]:
    """R3: raw hours (in the units they were paid in) per weekday, summed over
    all records."""
    hours = defaultdict(Fraction)
    for record in records:
        if record.rate == 0:
            continue
        for day in weekdays_between(record.first, record.last):
            hours[day] += record.rate
    return dict(hours)


def record_precedence(record: Record) -> tuple:
    """R4/R19 tie-break among records starting the same day: ending last, then
    FLEUR over RAM, then the later row in the file."""
    return (record.first, record.last, record.register == "fleur_udbetaling", record.row)


def status_changes(records: list[Record]) -> tuple[list[date], list[str]]:
    """R4: per start day, the insurance status of the winning record starting
    that day; sorted by day."""
    winners = {}
    for record in sorted(records, key=record_precedence):
        winners[record.first] = record.status  # later in the order wins
    days = sorted(winners)
    return days, [winners[day] for day in days]


def insurance_status(changes: tuple[list[date], list[str]], day: date) -> str:
    """R4: status of the latest record starting on or before the day; before any
    record full-time."""
    days, statuses = changes
    index = bisect_right(days, day)
    return statuses[index - 1] if index else FULL_TIME


# --------------------------------------------------------------------------
# A person's data
# --------------------------------------------------------------------------


@dataclass
class Person:
    person_id: str
    birth_date: date | None
    addresses: list = field(default_factory=list)
    placements: list = field(default_factory=list)
    records: list = field(default_factory=list)  # R2 a-dagpenge (RAM/FLEUR)
    subsidies: list = field(default_factory=list)  # R2 løntilskud
    offers: list = field(default_factory=list)  # all plan_tilbud rows (R11)
    sick_pay: list = field(default_factory=list)
    interviews: list = field(default_factory=list)
    absences: list = field(default_factory=list)
    registrations: list = field(default_factory=list)
    handovers: list = field(default_factory=list)
    education_orders: list = field(default_factory=list)
    raw_hours: dict = field(default_factory=dict)  # R3, day -> hours
    hour_days: list = field(default_factory=list)  # sorted keys of raw_hours
    changes: tuple = ((), ())  # R4 status changes

    def status_on(self, day: date) -> str:
        return insurance_status(self.changes, day)


def build_persons(tables: dict[str, list[dict]], params: Params) -> dict[str, Person]:
    grouped = {name: by_person(tables.get(name, [])) for name in REGISTERS}
    births = {row["person_id"]: row["foedselsdato"] for row in tables.get("cpr_person", [])}
    persons = {}
    for person_id in grouped["taeller_dagpengeperiode"]:
        person = Person(person_id, births.get(person_id))
        person.addresses = grouped["cpr_adresse"].get(person_id, [])
        person.placements = sorted({row["indplaceringsdato"] for row in grouped["taeller_dagpengeperiode"][person_id]})
        person.records = unemployment_records(
            grouped["ram_ledighed"].get(person_id, []), grouped["fleur_udbetaling"].get(person_id, []), params
        )
        person.offers = grouped["plan_tilbud"].get(person_id, [])
        person.subsidies = wage_subsidy_records(person.offers, params)
        person.sick_pay = grouped["kmd_sygedagpenge"].get(person_id, [])
        person.interviews = grouped["tass_samtale"].get(person_id, [])
        person.absences = grouped["tass_fravaer"].get(person_id, [])
        person.registrations = grouped["tass_tilmelding"].get(person_id, [])
        person.handovers = grouped["tass_overgang"].get(person_id, [])
        person.education_orders = grouped["uddannelsespaalaeg"].get(person_id, [])
        person.raw_hours = hours_by_day(person.records + person.subsidies)
        person.hour_days = sorted(person.raw_hours)
        person.changes = status_changes(person.records)
        persons[person_id] = person
    return persons


# --------------------------------------------------------------------------
# R1 courses, R4 accumulation and thresholds
# --------------------------------------------------------------------------


def courses(placements: list[date]) -> list[tuple[date, date | None]]:
    """R1: each placement date opens a course that ends the day before the next
    placement date (sidste_dag is ignored), or is open."""
    result = []
    for index, placement in enumerate(placements):
        following = placements[index + 1] if index + 1 < len(placements) else None
        result.append((placement, following - ONE_DAY if following else None))
    return result


class CourseLedger:
    """R2/R4: the hours of one course, as full-time equivalents, accumulated day
    by day over the days on which something happens (hours paid or status
    changed); between those days nothing changes."""

    def __init__(self, person: Person, placement: date, course_end: date | None, params: Params):
        self.person = person
        self.placement = placement
        self.course_end = course_end
        self.params = params
        self.fte_by_day = {}
        for day in person.hour_days:
            if self.inside(day):
                factor = params.part_time_to_fte if person.status_on(day) == PART_TIME else 1
                self.fte_by_day[day] = person.raw_hours[day] * factor
        status_days = [day for day in person.changes[0] if self.inside(day)]
        self.days = sorted(set(self.fte_by_day) | set(status_days))
        self.cumulative = []
        total = Fraction(0)
        for day in self.days:
            total += self.fte_by_day.get(day, 0)
            self.cumulative.append(total)

    def inside(self, day: date) -> bool:
        return covers(day, self.placement, self.course_end)

    def hours_up_to(self, day: date) -> Fraction:
        """FTE hours of the course up to and including the day."""
        index = bisect_right(self.days, day)
        return self.cumulative[index - 1] if index else Fraction(0)

    def hours_between(self, first: date, last: date) -> Fraction:
        """FTE hours of the course in [first, last]."""
        if first > last:
            return Fraction(0)
        return self.hours_up_to(last) - self.hours_up_to(first - ONE_DAY)

    def hours_in_status(self, day: date) -> tuple[Fraction, str]:
        """R4: hours up to and including the day, in the units of the day's
        status (FTE x 6/7.4 when part-time), and that status."""
        status = self.person.status_on(day)
        hours = self.hours_up_to(day)
        if status == PART_TIME:
            hours = hours / self.params.part_time_to_fte
        return hours, status

    def at_least(self, day: date, threshold: dict) -> bool:
        hours, status = self.hours_in_status(day)
        return hours >= threshold[status]

    def more_than(self, day: date, threshold: dict) -> bool:
        hours, status = self.hours_in_status(day)
        return hours > threshold[status]


def threshold_date(ledger: CourseLedger, threshold: dict) -> date | None:
    """R4: the first calendar day on which the accumulated hours, in the units of
    that day's status, are at least the threshold of that status."""
    for day in ledger.days:
        if ledger.at_least(day, threshold):
            return day
    return None


# --------------------------------------------------------------------------
# R6 age, R17 municipality
# --------------------------------------------------------------------------


def pension_age_months(birth_date: date, params: Params) -> int | None:
    for first, last, months in params.pension_ages:
        if first <= birth_date <= last:
            return months
    return None


def age_in_population(birth_date: date | None, follow_up: date, params: Params, min_age_years: int) -> bool:
    """R6: at least min_age_years (16) and under the folkepension age on the
    follow-up date; unknown birth date is outside."""
    if birth_date is None:
        return False
    months = pension_age_months(birth_date, params)
    if months is None:
        return False
    return add_months(birth_date, 12 * min_age_years) <= follow_up < add_months(birth_date, months)


def municipality_on(person: Person, day: date) -> int:
    """R17: the residence containing the day; several: latest fra_dato, then the
    later row; none: 0 (Uoplyst)."""
    candidates = [row for row in person.addresses if covers(day, row["fra_dato"], row["til_dato"])]
    if not candidates:
        return 0
    return int(max(candidates, key=lambda row: (row["fra_dato"], row["row"]))["kommune_kode"])


# --------------------------------------------------------------------------
# R7 groups
# --------------------------------------------------------------------------


def registered_on(person: Person, day: date) -> bool:
    return any(covers(day, row["fra_dato"], row["til_dato"]) for row in person.registrations)


def re_registrations(person: Person, after: date, until: date) -> list[date]:
    """R7: starts of registrations after `after` and on or before `until` on a
    day the person was not registered the day before."""
    return sorted(
        {
            row["fra_dato"]
            for row in person.registrations
            if after < row["fra_dato"] <= until and not registered_on(person, row["fra_dato"] - ONE_DAY)
        }
    )


def cohort_subgroup(person: Person, ledger: CourseLedger, follow_up: date, params: Params) -> str:
    """R7: subgroup of a course by its report month."""
    if month_start(follow_up) < params.new_regime_from:
        return "3"
    if ledger.placement >= params.new_regime_from:
        return "1a"
    split = params.group_split_date
    threshold = params.thresholds["a_kasse_part"]
    registered = registered_on(person, split)
    below = not ledger.at_least(split, threshold)
    returns = re_registrations(person, split, follow_up)
    if registered and not below:
        return "2a"
    if registered and below:
        reached = threshold_date(ledger, threshold)
        if returns and reached is not None and returns[0] <= reached:
            return "1c"
        return "2b"
    if below and returns:
        return "1b"
    return "2c"


# --------------------------------------------------------------------------
# R8 measurement period
# --------------------------------------------------------------------------


def transition_date(person: Person, ledger: CourseLedger, follow_up: date, params: Params) -> date | None:
    """R8 (group 1): the handover row for (person, placement); else derived: the
    first month end, from the placement month to the follow-up month, at which
    the hours are strictly more than the a-kasse part (410/333)."""
    handovers = [row["overgangsdato"] for row in person.handovers if row["indplaceringsdato"] == ledger.placement]
    if handovers:
        return max(handovers)
    threshold = params.thresholds["a_kasse_part"]
    month = month_start(ledger.placement)
    while month <= month_start(follow_up):
        if ledger.more_than(month_end(month), threshold):
            return month_end(month)
        month = add_months(month, 1)
    return None


def measurement_period(group: str, placement: date, transition: date | None, follow_up: date):
    """R8: group 1 from the day after the transition (none: no period), groups 2
    and 3 from the placement; to the follow-up date."""
    if group == "1":
        if transition is None:
            return None, follow_up
        return transition + ONE_DAY, follow_up
    return placement, follow_up


# --------------------------------------------------------------------------
# R10 / R11 interviews
# --------------------------------------------------------------------------


def is_held_early_effort_interview(interview: dict, params: Params) -> bool:
    """R10: type, status and holder (any form)."""
    kind = interview["samtaletype"]
    if kind not in params.early_effort_types or interview["status"] not in params.held_statuses:
        return False
    holders = EARLY_EFFORT_HOLDERS.get(kind)
    return holders is None or interview["afholdt_af"] in holders


def form_counts_as(form: str, counts_as: str, day: date, params: Params) -> bool:
    """R10, R21: a contact_form_rules row says the form counts as an interview
    (or as in person) on the interview date; dates inclusive, empty = open."""
    return any(
        row["contact_form"] == form
        and row["counts_as"] == counts_as
        and (row["valid_from"] is None or row["valid_from"] <= day)
        and (row["valid_to"] is None or day <= row["valid_to"])
        for row in params.contact_form_rules
    )


def first_interview_allowed(interview: dict, params: Params) -> bool:
    """R10: the first interview counts in person, or in another form when a
    first-interview exception allows that form on the interview date:
    everywhere (a corona period, no municipality) or in the interview's
    municipality (a trial municipality, by its kommune_kode). Dates inclusive,
    an empty end open."""
    form = interview["kontaktform"]
    if form_counts_as(form, "in_person", interview["samtale_dato"], params):
        return True
    day = interview["samtale_dato"]
    for exception in params.first_interview_exceptions:
        if exception["contact_form"] != form:
            continue
        if exception["valid_from"] is not None and day < exception["valid_from"]:
            continue
        if exception["valid_to"] is not None and day > exception["valid_to"]:
            continue
        if exception["municipality_code"] is None or exception["municipality_code"] == interview["kommune_kode"]:
            return True
    return False


def interviews_counted_early_effort(
    person: Person, window_start: date | None, window_end: date, first_interview_rule: bool, params: Params
) -> int:
    """R10: distinct days in the window with a qualifying interview; with the
    first-interview rule (groups 2 and 3) the earliest day with a held
    interview, whatever its form, counts only if one of its interviews passes
    `first_interview_allowed`."""
    if window_start is None:
        return 0
    per_day = defaultdict(list)
    for interview in person.interviews:
        if window_start <= interview["samtale_dato"] <= window_end and is_held_early_effort_interview(interview, params):
            per_day[interview["samtale_dato"]].append(interview)
    first_day = min(per_day) if per_day and first_interview_rule else None
    counted = 0
    for day, interviews in per_day.items():
        if day == first_day:
            ok = any(first_interview_allowed(interview, params) for interview in interviews)
        else:
            ok = any(form_counts_as(interview["kontaktform"], "interview", day, params) for interview in interviews)
        counted += ok
    return counted


def has_income_support(person: Person, first: date, last: date, params: Params) -> bool:
    """R11: a-dagpenge (R2 records of any course with hours > 0), sick pay or any
    offer paid by a benefit on some day of [first, last]."""
    if any(record.hours > 0 and overlaps(record.first, record.last, first, last) for record in person.records):
        return True
    if any(overlaps(row["fra_dato"], row["til_dato"], first, last) for row in person.sick_pay):
        return True
    return any(
        row["ydelsesgrundlag"] in params.income_support_bases and overlaps(row["fra_dato"], row["til_dato"], first, last)
        for row in person.offers
    )


def pre_placement_start(person: Person, placement: date, params: Params, months: int) -> date | None:
    """R11: the earliest registration start s with placement - months (3) <= s <
    placement and no income support in [s, placement - 1]."""
    earliest = add_months(placement, -months)
    starts = [
        row["fra_dato"]
        for row in person.registrations
        if earliest <= row["fra_dato"] < placement
        and not has_income_support(person, row["fra_dato"], placement - ONE_DAY, params)
    ]
    return min(starts, default=None)


# --------------------------------------------------------------------------
# R12-R16 exclusions
# --------------------------------------------------------------------------


def exempt_on(person: Person, day: date, codes: set) -> bool:
    return any(row["fravaer_id"] in codes and covers(day, row["fra_dato"], row["til_dato"]) for row in person.absences)


def exempt_hours_share(person: Person, ledger: CourseLedger, start: date | None, end: date, params: Params) -> Fraction:
    """R12: FTE hours in the period on days covered by a Tabel 1 or 2
    registration (a day counts once) over all FTE hours in the period; 0 without
    hours or period."""
    if start is None:
        return Fraction(0)
    total = ledger.hours_between(start, end)
    if total == 0:
        return Fraction(0)
    exempt = sum(
        (hours for day, hours in ledger.fte_by_day.items()
         if start <= day <= end and exempt_on(person, day, params.exemption_codes)),
        Fraction(0),
    )
    return exempt / total


def mii_weekdays(person: Person, start: date | None, end: date, params: Params) -> int:
    """R13: weekdays of the period covered by a Tabel 2 (MII) registration."""
    if start is None:
        return 0
    return sum(1 for day in weekdays_between(start, end) if exempt_on(person, day, params.mii_codes))


def has_education_order(person: Person, start: date | None, end: date) -> bool:
    """R14: an education order overlapping the measurement period."""
    if start is None:
        return False
    return any(overlaps(row["fra_dato"], row["til_dato"], start, end) for row in person.education_orders)


def is_late_transition(group: str, ledger: CourseLedger, transition: date | None, params: Params) -> bool:
    """R15: group 1 with strictly more than 641/520 hours up to and including
    the transition date."""
    if group != "1" or transition is None:
        return False
    return ledger.more_than(transition, params.thresholds["late_transition"])


def exclusion_reason(flags: dict) -> str | None:
    """R16: the first flag that applies, in the rule's order."""
    for reason in ("age", "education_order", "late_transition", "exemption_share", "less_intensive_effort"):
        if flags[reason]:
            return reason
    return None


# --------------------------------------------------------------------------
# Early effort row (R5-R17)
# --------------------------------------------------------------------------


def interview_bucket(counted: int) -> str:
    return "3+" if counted >= 3 else str(counted)


def early_effort_rule(params: Params, group: str, report_month: date) -> dict:
    """R6, R8-R13: the group's row of seed early_effort_rules in force on the
    first day of the report month (bounds inclusive, empty = open)."""
    row = rule_data.row_on(params.early_effort_rules, report_month, cohort_group=int(group))
    if row is None:
        raise ValueError(f"no early-effort rules for group {group} in {report_month}")
    return {
        "group": group,
        "starts_at": row["measurement_starts_at"],
        "required": row["required_interviews"],
        "share_limit": Fraction(row["exemption_share_limit"]),
        "mii_limit": row["mii_weekdays_limit"],
        "first_interview_rule": row["first_interview_in_person"],
        "pre_placement": row["counts_pre_placement_registrations"],
        "pre_placement_months": row["pre_placement_months"],
        "min_age_years": row["min_age_years"],
    }


def early_effort_row(person: Person, ledger: CourseLedger, follow_up: date, params: Params) -> dict:
    subgroup = cohort_subgroup(person, ledger, follow_up, params)
    group = params.cohorts[subgroup]
    cohort = early_effort_rule(params, group, month_start(follow_up))
    transition = transition_date(person, ledger, follow_up, params) if group == "1" else None
    start, end = measurement_period(group, ledger.placement, transition, follow_up)
    window_start = start
    if cohort["pre_placement"]:
        early = pre_placement_start(person, ledger.placement, params, cohort["pre_placement_months"])
        if early is not None and start is not None:
            window_start = min(early, start)
    share = exempt_hours_share(person, ledger, start, end, params)
    mii = mii_weekdays(person, start, end, params)
    flags = {
        "age": not age_in_population(person.birth_date, follow_up, params, cohort["min_age_years"]),
        "education_order": has_education_order(person, start, end),
        "late_transition": is_late_transition(group, ledger, transition, params),
        "exemption_share": share >= cohort["share_limit"],
        "less_intensive_effort": cohort["mii_limit"] is not None and mii >= cohort["mii_limit"],
    }
    reason = exclusion_reason(flags)
    counted = interviews_counted_early_effort(person, window_start, follow_up, cohort["first_interview_rule"], params)
    return {
        "person_id": person.person_id,
        "placement_date": ledger.placement,
        "follow_up_date": follow_up,
        "report_month": month_start(follow_up),
        "cohort_group": group,
        "cohort_subgroup": subgroup,
        "municipality_code": municipality_on(person, follow_up),
        "measurement_start": start,
        "measurement_end": end,
        "transition_date": transition,
        "exempt_hours_share": share,
        "mii_weekdays": mii,
        "is_excluded": reason is not None,
        "exclusion_reason": reason,
        "interviews_counted": counted,
        "interview_bucket": interview_bucket(counted),
        "interviews_required": cohort["required"],
        "meets_requirement": counted >= cohort["required"],
    }


# --------------------------------------------------------------------------
# Focus target (R19-R21)
# --------------------------------------------------------------------------


def paying_a_kasse(person: Person, ledger: CourseLedger, full_period: date) -> str | None:
    """R19: the a-kasse of "the record where the threshold is reached": among
    the course's RAM/FLEUR records, one that pays hours on the full-period
    date (covers it, with hours on that weekday) is preferred; among those, or
    failing them among all records starting on or before that day, the latest
    by record_precedence."""
    candidates = [
        record
        for record in person.records
        if record.first <= full_period and overlaps(record.first, record.last, ledger.placement, ledger.course_end or date.max)
    ]
    if not candidates:
        return None

    def pays_on_the_day(record: Record) -> bool:
        return covers(full_period, record.first, record.last) and record.rate > 0 and full_period.weekday() < 5

    return max(candidates, key=lambda record: (pays_on_the_day(record), record_precedence(record))).a_kasse


def in_reporting_window(report_month: date, params: Params) -> bool:
    """R20: report month inside a window of focus_target_windows."""
    return any(covers(report_month, first, last) for first, last in params.focus_windows)


def outside_window_reason(report_month: date, full_period: date, params: Params) -> str | None:
    """R20: why a report month is not reported: the full-period date falls
    in a suspension of dagpenge consumption, or simply outside the windows;
    None when the month is reported."""
    if in_reporting_window(report_month, params):
        return None
    if any(covers(full_period, first, last) for first, last in params.dagpenge_suspensions):
        return "dagpenge_suspension"
    return "outside_reporting_window"


def interviews_counted_focus_target(person: Person, placement: date, full_period: date, params: Params) -> int:
    """R21: distinct days with a held job interview by the a-kasse in a
    countable form, placement <= day <= full-period date."""
    return len(
        {
            interview["samtale_dato"]
            for interview in person.interviews
            if interview["samtaletype"] in params.focus_target_types
            and interview["afholdt_af"] == FOCUS_TARGET_HOLDER
            and interview["status"] in params.held_statuses
            and form_counts_as(interview["kontaktform"], "interview", interview["samtale_dato"], params)
            and placement <= interview["samtale_dato"] <= full_period
        }
    )


def focus_target_goal(params: Params, report_month: date) -> dict | None:
    """R21, R22: the row of seed focus_target_goal in force on the report month
    (bounds inclusive, empty = open); None when no row is."""
    in_force = [
        goal
        for goal in params.focus_target_goals
        if (goal["valid_from"] is None or goal["valid_from"] <= report_month)
        and (goal["valid_to"] is None or report_month <= goal["valid_to"])
    ]
    if len(in_force) > 1:
        raise ValueError(f"{len(in_force)} focus-target goals in force on {report_month}")
    return in_force[0] if in_force else None


def focus_target_row(person: Person, ledger: CourseLedger, full_period: date, params: Params) -> dict | None:
    a_kasse = paying_a_kasse(person, ledger, full_period)
    if a_kasse not in params.trial_a_kasser:
        return None
    counted = interviews_counted_focus_target(person, ledger.placement, full_period, params)
    report_month = month_start(full_period)
    return {
        "person_id": person.person_id,
        "a_kasse": a_kasse,
        "placement_date": ledger.placement,
        "full_period_date": full_period,
        "report_month": report_month,
        "is_in_reporting_window": in_reporting_window(report_month, params),
        "outside_window_reason": outside_window_reason(report_month, full_period, params),
        "interviews_counted": counted,
        "has_two_interviews": counted >= focus_target_goal(params, report_month)["min_interviews"],
    }


# --------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------


def compute_from_tables(
    tables: dict[str, list[dict]], first_report_month: date = date(2023, 1, 1), seeds_dir: Path = SEEDS_DIR
) -> dict:
    """Person-level rows of both measures from registers given as lists of dicts
    (missing registers are empty)."""
    params = load_params(seeds_dir)
    early_rows, focus_rows = [], []
    for person_id, person in sorted(build_persons(tables, params).items()):
        for placement, course_end in courses(person.placements):
            ledger = CourseLedger(person, placement, course_end, params)
            follow_up = threshold_date(ledger, params.thresholds["six_months"])
            if follow_up is not None and follow_up >= first_report_month:
                early_rows.append(early_effort_row(person, ledger, follow_up, params))
            full_period = threshold_date(ledger, params.thresholds["three_months"])
            # R19: every course with a full trial period; R20 only flags
            # whether its report month is reported.
            if full_period is not None:
                row = focus_target_row(person, ledger, full_period, params)
                if row is not None:
                    focus_rows.append(row)
    return {"early_effort": early_rows, "focus_target": focus_rows}


def compute(raw_dir: Path, first_report_month: date = date(2023, 1, 1), seeds_dir: Path = SEEDS_DIR) -> dict:
    """{"early_effort": [...], "focus_target": [...]} for the registers in raw_dir."""
    return compute_from_tables(read_registers(raw_dir), first_report_month, seeds_dir)


# --------------------------------------------------------------------------
# Marts recomputed from the rows (R18, R22)
# --------------------------------------------------------------------------

COUNTRY_CODE = "DK"  # geo_code of the whole country in mart_early_effort_monthly
COUNTRY_NAME = "Hele landet"


def _share(part: int, whole: int) -> Fraction | None:
    return Fraction(part, whole) if whole else None


def monthly_early_effort(rows: list[dict], seeds_dir: Path = SEEDS_DIR, all_geographies: bool = False) -> list[dict]:
    """R18: per report month and kommune / region / hele landet, measures 1-4
    over the included courses. Units are those with at least one course that
    month (excluded ones too); with all_geographies every municipality and
    region of the seeds for every month that has rows. Shares are Fractions,
    None when m1 = 0."""
    params = load_params(seeds_dir)
    cells = {}

    def cell(month, level, code):
        key = (month, level, code)
        if key not in cells:
            if level == "kommune":
                name = params.municipalities.get(code, (None, None))[0]
            elif level == "region":
                name = params.regions.get(code)
            else:
                name = COUNTRY_NAME
            cells[key] = {"report_month": month, "geo_level": level, "geo_code": code, "geo_name": name,
                          "m1": 0, "buckets": {"0": 0, "1": 0, "2": 0, "3+": 0}, "m4": 0}
        return cells[key]

    months = sorted({row["report_month"] for row in rows})
    if all_geographies:
        for month in months:
            for code in params.municipalities:
                cell(month, "kommune", code)
            for code in params.regions:
                cell(month, "region", code)
            cell(month, "hele_landet", COUNTRY_CODE)
    for row in rows:
        code = row["municipality_code"]
        region = params.municipalities.get(code, (None, 0))[1]
        units = [cell(row["report_month"], "kommune", code), cell(row["report_month"], "region", region),
                 cell(row["report_month"], "hele_landet", COUNTRY_CODE)]
        if row["is_excluded"]:
            continue
        for unit in units:
            unit["m1"] += 1
            unit["buckets"][row["interview_bucket"]] += 1
            unit["m4"] += row["meets_requirement"]
    result = []
    for key in sorted(cells, key=lambda k: (k[0], ("kommune", "region", "hele_landet").index(k[1]), k[2])):
        unit = cells[key]
        m1, buckets = unit["m1"], unit["buckets"]
        result.append({
            "report_month": unit["report_month"],
            "geo_level": unit["geo_level"],
            "geo_code": unit["geo_code"],
            "geo_name": unit["geo_name"],
            "m1_persons": m1,
            "m2_interviews_0": buckets["0"],
            "m2_interviews_1": buckets["1"],
            "m2_interviews_2": buckets["2"],
            "m2_interviews_3plus": buckets["3+"],
            "m3_share_0": _share(buckets["0"], m1),
            "m3_share_1": _share(buckets["1"], m1),
            "m3_share_2": _share(buckets["2"], m1),
            "m3_share_3plus": _share(buckets["3+"], m1),
            "m4_persons_meeting_requirement": unit["m4"],
            "m4_share_meeting_requirement": _share(unit["m4"], m1),
        })
    return result


def mean_of_monthly_shares(shares: list[Fraction]) -> Fraction | None:
    """R22: unweighted mean over the months with persons (blank months are not
    passed in); None without any month."""
    return sum(shares, Fraction(0)) / len(shares) if shares else None


def monthly_focus_target(rows: list[dict], seeds_dir: Path = SEEDS_DIR) -> dict:
    """R20-R22: {"monthly": per a-kasse and report month inside the reporting
    windows (persons, persons_two_plus, share_two_plus), "summary": per trial
    a-kasse the unweighted mean of its monthly shares over months with persons
    (None without any) and whether it reaches the target}."""
    params = load_params(seeds_dir)
    counts = defaultdict(lambda: [0, 0])
    for row in rows:
        if not row["is_in_reporting_window"]:
            continue
        count = counts[(row["a_kasse"], row["report_month"])]
        count[0] += 1
        count[1] += row["has_two_interviews"]
    monthly = [
        {"a_kasse": a_kasse, "report_month": month, "persons": persons, "persons_two_plus": two_plus,
         "share_two_plus": Fraction(two_plus, persons)}
        for (a_kasse, month), (persons, two_plus) in sorted(counts.items())
    ]
    # R22: the goal in force on the latest report month summarised
    goal = focus_target_goal(params, max((row["report_month"] for row in monthly), default=date.max))
    target = Fraction(goal["target_share"])
    summary = []
    for a_kasse in params.trial_a_kasser:
        shares = [row["share_two_plus"] for row in monthly if row["a_kasse"] == a_kasse]
        average = mean_of_monthly_shares(shares)
        summary.append({
            "a_kasse": a_kasse,
            "months_included": len(shares),
            "average_share": average,
            "target_share": target,
            "meets_target": average is not None and average >= target,
        })
    return {"monthly": monthly, "summary": summary}
