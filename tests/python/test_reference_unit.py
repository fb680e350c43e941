"""Small hand-checked cases for the reference implementation
(tests/python/reference/measures.py), one behaviour each, rule ids in the
names. Registers are built in memory; no dbt, no DuckDB."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest

from reference import measures as m

PARAMS = m.load_params()
P = "P1"


# ---------------------------------------------------------------- builders


def fleur(first, last, timer, forsikring="F", a_kasse="HK-A", ydelse="ADAG"):
    return {"person_id": P, "a_kasse": a_kasse, "ydelse": ydelse, "periode_fra": first,
            "periode_til": last, "timer": Decimal(str(timer)), "forsikring": forsikring}


def fleur_daily(first, last, per_day=Decimal("7.40"), forsikring="F", a_kasse="HK-A"):
    """One FLEUR row per calendar month of [first, last], per_day on each weekday."""
    rows, start = [], first
    while start <= last:
        end = min(m.month_end(start), last)
        rows.append(fleur(start, end, per_day * len(m.weekdays_between(start, end)), forsikring, a_kasse))
        start = end + timedelta(days=1)
    return rows


def interview(day, kind="JOBSAMTALE", form="FREMMOEDE", by="JOBCENTER", status="AFHOLDT", kommune=101):
    return {"samtale_id": f"S{day}{kind}{form}", "person_id": P, "samtale_dato": day, "samtaletype": kind,
            "kontaktform": form, "afholdt_af": by, "kommune_kode": kommune if by == "JOBCENTER" else None,
            "a_kasse": "HK-A" if by == "AKASSE" else None, "status": status}


def interval(first, last, **extra):
    return {"person_id": P, "fra_dato": first, "til_dato": last, **extra}


def tables(placements, **registers):
    base = {name: [] for name in m.REGISTERS}
    base["cpr_person"] = [{"person_id": P, "foedselsdato": date(1980, 5, 5)}]
    base["cpr_adresse"] = [interval(date(1980, 5, 5), None, kommune_kode=101)]
    base["taeller_dagpengeperiode"] = [{"person_id": P, "indplaceringsdato": d, "sidste_dag": None} for d in placements]
    base.update(registers)
    return base


def person_and_ledger(placements, course=0, **registers):
    person = m.build_persons(tables(placements, **registers), PARAMS)[P]
    placement, end = m.courses(person.placements)[course]
    return person, m.CourseLedger(person, placement, end, PARAMS)


def only_early_row(placements, **registers):
    rows = m.compute_from_tables(tables(placements, **registers))["early_effort"]
    assert len(rows) == 1
    return rows[0]


# ---------------------------------------------------------------- helpers


def test_add_months_clamps_to_month_end():
    assert m.add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert m.add_months(date(2024, 5, 31), -3) == date(2024, 2, 29)
    assert m.add_months(date(2023, 11, 15), 3) == date(2024, 2, 15)


def test_r1_courses_end_the_day_before_the_next_placement():
    assert m.courses([date(2020, 1, 6), date(2022, 3, 1)]) == [
        (date(2020, 1, 6), date(2022, 2, 28)),
        (date(2022, 3, 1), None),
    ]


# ---------------------------------------------------------------- R2-R4 hours


def test_r3_fleur_hours_spread_over_weekdays_of_period():
    # Sat 18 Jan - Fri 31 Jan 2025: 10 weekdays, 60 hours -> 6 a weekday
    hours = m.hours_by_day(m.unemployment_records([], [dict(fleur(date(2025, 1, 18), date(2025, 1, 31), 60), row=0)], PARAMS))
    assert len(hours) == 10 and set(hours.values()) == {Fraction(6)}
    assert date(2025, 1, 18) not in hours and date(2025, 1, 20) in hours


def test_r2_register_periods_and_benefit_type():
    ram = [{"person_id": P, "aar_uge": "2017-W26", "a_kasse": "HK-A", "timer": Decimal("37.00"), "forsikring": "FULDTID", "row": 0},
           {"person_id": P, "aar_uge": "2017-W27", "a_kasse": "HK-A", "timer": Decimal("37.00"), "forsikring": "FULDTID", "row": 1}]
    rows = [dict(fleur(date(2017, 6, 26), date(2017, 6, 30), 37), row=0),
            dict(fleur(date(2017, 7, 3), date(2017, 7, 7), 37), row=1),
            dict(fleur(date(2017, 7, 10), date(2017, 7, 14), 37, ydelse="FERIEDAGPENGE"), row=2)]
    records = m.unemployment_records(ram, rows, PARAMS)
    assert [(r.register, r.first) for r in records] == [
        ("ram_ledighed", date(2017, 6, 26)), ("fleur_udbetaling", date(2017, 7, 3))]
    assert records[0].rate == Fraction(37, 5)


def test_r1_straddling_record_keeps_its_rate_and_counts_only_inside_days():
    # 10 weekdays at 6 h; the course starts Mon 27 Jan: 5 weekdays inside -> 30 h
    _, ledger = person_and_ledger([date(2025, 1, 27)], fleur_udbetaling=[fleur(date(2025, 1, 18), date(2025, 1, 31), 60)])
    assert ledger.hours_up_to(date(2025, 12, 31)) == 30


def test_r2_loentilskud_on_a_dagpenge_counts_timer_pr_uge_over_5():
    offers = [interval(date(2024, 1, 1), date(2024, 1, 7), tilbud="LOENTILSKUD", ydelsesgrundlag="A_DAGPENGE", timer_pr_uge=Decimal("30.00")),
              interval(date(2024, 1, 1), date(2024, 1, 7), tilbud="LOENTILSKUD", ydelsesgrundlag="KONTANTHJAELP", timer_pr_uge=Decimal("30.00")),
              interval(date(2024, 1, 1), date(2024, 1, 7), tilbud="VIRKSOMHEDSPRAKTIK", ydelsesgrundlag="A_DAGPENGE", timer_pr_uge=Decimal("30.00"))]
    _, ledger = person_and_ledger([date(2024, 1, 1)], plan_tilbud=offers)
    assert ledger.hours_up_to(date(2024, 1, 7)) == 30


def test_r4_part_time_hours_are_converted_with_the_status_of_the_day():
    # løntilskud on a part-time day counts 6 x 7.4/6 = 7.4 FTE
    offers = [interval(date(2024, 1, 1), date(2024, 1, 5), tilbud="LOENTILSKUD", ydelsesgrundlag="A_DAGPENGE", timer_pr_uge=Decimal("30.00"))]
    _, ledger = person_and_ledger([date(2024, 1, 1)], plan_tilbud=offers,
                                  fleur_udbetaling=[fleur(date(2024, 1, 1), date(2024, 1, 5), 0, forsikring="D")])
    assert ledger.hours_up_to(date(2024, 1, 5)) == Fraction("37")
    hours, status = ledger.hours_in_status(date(2024, 1, 5))
    assert (hours, status) == (30, m.PART_TIME)


def test_r4_status_tie_break_ending_last_then_later_row():
    records = m.unemployment_records([], [dict(fleur(date(2024, 1, 1), date(2024, 1, 31), 10, "D"), row=0),
                                          dict(fleur(date(2024, 1, 1), date(2024, 1, 15), 10, "F"), row=1),
                                          dict(fleur(date(2024, 2, 1), date(2024, 2, 9), 10, "F"), row=2),
                                          dict(fleur(date(2024, 2, 1), date(2024, 2, 9), 10, "D"), row=3)], PARAMS)
    changes = m.status_changes(records)
    assert m.insurance_status(changes, date(2023, 12, 31)) == m.FULL_TIME  # before any record
    assert m.insurance_status(changes, date(2024, 1, 20)) == m.PART_TIME  # ends last
    assert m.insurance_status(changes, date(2024, 2, 3)) == m.PART_TIME  # later row


def test_r4_threshold_reached_on_a_saturday_when_status_turns_full_time():
    # 45 weekdays 1 Jan - 1 Mar 2024, 332.50 part-time hours: 410.08 FTE, below
    # 333 part-time; full-time from Sat 2 Mar: 410.08 >= 410 that day.
    rows = [fleur(date(2024, 1, 1), date(2024, 3, 1), "332.50", "D"), fleur(date(2024, 3, 2), date(2024, 3, 15), 10, "F")]
    _, ledger = person_and_ledger([date(2024, 1, 1)], fleur_udbetaling=rows)
    assert m.threshold_date(ledger, PARAMS.thresholds["a_kasse_part"]) == date(2024, 3, 2)


def test_r4_event_days_agree_with_a_literal_calendar_walk():
    rng = random.Random(7)
    for _ in range(30):
        rows, day = [], date(2023, 1, 2) + timedelta(days=rng.randrange(14))
        while day < date(2024, 6, 1):
            end = day + timedelta(days=rng.randrange(3, 30))
            rows.append(fleur(day, end, Decimal(rng.randrange(0, 20000)) / 100, rng.choice("FD")))
            day = end + timedelta(days=1 + rng.randrange(3))
        person, ledger = person_and_ledger([date(2023, 1, 9)], fleur_udbetaling=rows)
        for code, threshold in PARAMS.thresholds.items():
            walked, total, day = None, Fraction(0), ledger.placement
            while day <= date(2024, 7, 1):
                factor = PARAMS.part_time_to_fte if person.status_on(day) == m.PART_TIME else 1
                total += person.raw_hours.get(day, 0) * factor
                status = person.status_on(day)
                in_units = total / PARAMS.part_time_to_fte if status == m.PART_TIME else total
                if in_units >= threshold[status]:
                    walked = day
                    break
                day += timedelta(days=1)
            assert m.threshold_date(ledger, threshold) == walked, code


# ---------------------------------------------------------------- R5-R9 early effort


def test_r5_r6_follow_up_date_and_age():
    # 962 / 7.4 = 130 weekdays from Mon 2 Jan 2023: the 130th weekday is Fri 30 Jun 2023
    row = only_early_row([date(2023, 1, 2)], fleur_udbetaling=fleur_daily(date(2023, 1, 2), date(2023, 12, 31)))
    assert row["follow_up_date"] == date(2023, 6, 30) and row["report_month"] == date(2023, 6, 1)
    assert row["cohort_subgroup"] == "3" and row["interviews_required"] == 4
    min_age = m.early_effort_rule(PARAMS, "3", date(2023, 6, 1))["min_age_years"]  # R6: 16
    assert m.age_in_population(date(2007, 6, 30), date(2023, 6, 30), PARAMS, min_age)
    assert not m.age_in_population(date(2007, 7, 1), date(2023, 6, 30), PARAMS, min_age)
    assert not m.age_in_population(date(1956, 6, 30), date(2023, 6, 30), PARAMS, min_age)  # 67 that day
    assert not m.age_in_population(None, date(2023, 6, 30), PARAMS, min_age)


def _group_case(placement, registrations):
    return only_early_row([placement], fleur_udbetaling=fleur_daily(placement, date(2024, 12, 31)),
                          tass_tilmelding=registrations)


def test_r7_subgroups():
    # placed 1 Dec 2023: 21 weekdays (155.4 h) by 31 Dec: below; 410 h on the
    # 56th weekday, Fri 16 Feb 2024.
    dec = date(2023, 12, 1)
    assert _group_case(date(2024, 1, 2), [])["cohort_subgroup"] == "1a"
    registered = interval(date(2023, 11, 1), date(2024, 1, 31))
    assert _group_case(dec, [registered, interval(date(2024, 2, 16), None)])["cohort_subgroup"] == "1c"
    assert _group_case(dec, [registered, interval(date(2024, 2, 19), None)])["cohort_subgroup"] == "2b"
    # contiguous registration is not a re-registration
    assert _group_case(dec, [registered, interval(date(2024, 2, 1), None)])["cohort_subgroup"] == "2b"
    assert _group_case(dec, [interval(date(2024, 1, 15), None)])["cohort_subgroup"] == "1b"
    assert _group_case(dec, [])["cohort_subgroup"] == "2c"
    # placed 2 Oct 2023: 65 weekdays, 481 h by 31 Dec: not below
    assert _group_case(date(2023, 10, 2), [registered])["cohort_subgroup"] == "2a"
    assert _group_case(date(2023, 10, 2), [])["cohort_subgroup"] == "2c"


def test_r8_derived_transition_is_first_month_end_strictly_above_410():
    # 7.4 h a weekday from Mon 1 Jul 2024: 31 Jul 170.2, 31 Aug 333.0,
    # 30 Sep 488.4 -> 30 Sep
    row = _group_case(date(2024, 7, 1), [])
    assert row["transition_date"] == date(2024, 9, 30) and row["measurement_start"] == date(2024, 10, 1)


def test_r8_handover_row_wins_and_r15_late_transition():
    placement = date(2024, 7, 1)
    row = only_early_row([placement], fleur_udbetaling=fleur_daily(placement, date(2024, 12, 31)),
                         tass_overgang=[{"person_id": P, "indplaceringsdato": placement, "overgangsdato": date(2024, 11, 29)}])
    # 110 weekdays to 29 Nov: 814 h > 641
    assert row["transition_date"] == date(2024, 11, 29)
    assert row["exclusion_reason"] == "late_transition"


# ---------------------------------------------------------------- R10/R11 interviews


def test_r10_first_interview_rule_group_3():
    start, end = date(2023, 1, 2), date(2023, 6, 30)
    person, _ = person_and_ledger([start], tass_samtale=[
        interview(date(2023, 1, 10), form="TELEFON"),  # first day, phone, no exception: fails
        interview(date(2023, 2, 10), form="TELEFON"),
        interview(date(2023, 2, 10), form="DIGITALT"),  # same day: one
        interview(date(2023, 3, 10), form="BREV"),
        interview(date(2023, 4, 10), kind="FAELLESSAMTALE", by="AKASSE"),
        interview(date(2023, 5, 10), by="AKASSE"),  # job interview by the a-kasse: no
        interview(date(2023, 5, 11), status="AFLYST"),
    ])
    assert m.interviews_counted_early_effort(person, start, end, True, PARAMS) == 2
    assert m.interviews_counted_early_effort(person, start, end, False, PARAMS) == 3


def test_r10_first_day_by_letter_blocks_and_exceptions_allow():
    start, end = date(2023, 1, 2), date(2023, 6, 30)
    person, _ = person_and_ledger([start], tass_samtale=[interview(date(2023, 1, 10), form="BREV"),
                                                         interview(date(2023, 2, 10), form="FREMMOEDE")])
    assert m.interviews_counted_early_effort(person, start, end, True, PARAMS) == 1
    assert m.first_interview_allowed(interview(date(2023, 3, 1), form="DIGITALT", kommune=851), PARAMS)  # Aalborg
    assert not m.first_interview_allowed(interview(date(2023, 3, 1), form="TELEFON", kommune=851), PARAMS)
    assert not m.first_interview_allowed(interview(date(2024, 1, 1), form="DIGITALT", kommune=851), PARAMS)
    assert m.first_interview_allowed(interview(date(2020, 9, 1), form="TELEFON", kommune=101), PARAMS)  # corona
    assert m.first_interview_allowed(interview(date(2019, 9, 1), form="TELEFON", kommune=101), PARAMS)  # København
    assert m.first_interview_allowed(interview(date(2020, 9, 2), form="TELEFON", kommune=147), PARAMS)  # corona


def test_r11_pre_placement_registration_opens_the_window_early():
    placement = date(2023, 12, 1)
    rows = fleur_daily(placement, date(2024, 12, 31))
    early = interview(date(2023, 10, 5), form="FREMMOEDE")
    row = only_early_row([placement], fleur_udbetaling=rows, tass_samtale=[early],
                         tass_tilmelding=[interval(date(2023, 9, 1), None)])
    assert row["cohort_subgroup"] == "2b" and row["interviews_counted"] == 1
    # sick pay between the registration and the placement: no early window
    row = only_early_row([placement], fleur_udbetaling=rows, tass_samtale=[early],
                         tass_tilmelding=[interval(date(2023, 9, 1), None)],
                         kmd_sygedagpenge=[interval(date(2023, 11, 30), date(2023, 11, 30), delvis_raskmeldt=False)])
    assert row["interviews_counted"] == 0
    # more than three months before: no early window
    row = only_early_row([placement], fleur_udbetaling=rows, tass_samtale=[early],
                         tass_tilmelding=[interval(date(2023, 8, 31), None)])
    assert row["interviews_counted"] == 0


# ---------------------------------------------------------------- R12-R17


def test_r12_exempt_share_on_hours_and_r13_mii_weekdays():
    start = date(2023, 1, 2)
    person, ledger = person_and_ledger([start], fleur_udbetaling=[fleur(start, date(2023, 1, 13), 74)], tass_fravaer=[
        interval(date(2023, 1, 9), date(2023, 1, 11), fravaer_id=11),
        interval(date(2023, 1, 10), date(2023, 1, 10), fravaer_id=43),  # overlap counts once
        interval(date(2023, 1, 12), date(2023, 1, 12), fravaer_id=99),  # other code ignored
    ])
    assert m.exempt_hours_share(person, ledger, start, date(2023, 1, 13), PARAMS) == Fraction(3, 10)
    assert m.mii_weekdays(person, start, date(2023, 1, 13), PARAMS) == 1
    assert m.exempt_hours_share(person, ledger, None, date(2023, 1, 13), PARAMS) == 0


def test_r16_order_and_r17_municipality():
    assert m.exclusion_reason({"age": False, "education_order": True, "late_transition": True,
                               "exemption_share": True, "less_intensive_effort": True}) == "education_order"
    person, _ = person_and_ledger([date(2023, 1, 2)], cpr_adresse=[
        interval(date(2000, 1, 1), None, kommune_kode=101), interval(date(2023, 1, 1), None, kommune_kode=851)])
    assert m.municipality_on(person, date(2023, 6, 1)) == 851
    assert m.municipality_on(person, date(1999, 6, 1)) == 0


# ---------------------------------------------------------------- focus target


def test_r19_r21_focus_target():
    # 481 / 7.4 = 65 weekdays from Mon 4 Jan 2021: Fri 2 Apr 2021
    placement = date(2021, 1, 4)
    rows = fleur_daily(placement, date(2021, 12, 31), a_kasse="3F-A")
    talks = [interview(date(2021, 1, 20), by="AKASSE"), interview(date(2021, 1, 20), by="AKASSE", form="TELEFON"),
             interview(date(2021, 3, 1), by="AKASSE", form="BREV"), interview(date(2021, 4, 2), by="AKASSE"),
             interview(date(2021, 4, 5), by="AKASSE")]
    result = m.compute_from_tables(tables([placement], fleur_udbetaling=rows, tass_samtale=talks))
    [row] = result["focus_target"]
    assert row["a_kasse"] == "3F-A" and row["full_period_date"] == date(2021, 4, 2)
    assert row["interviews_counted"] == 2 and row["has_two_interviews"]
    assert row["is_in_reporting_window"] is False  # 2021-04
    assert row["outside_window_reason"] == "dagpenge_suspension"  # R20: 2021-01 - 2021-06
    rows = fleur_daily(placement, date(2021, 12, 31), a_kasse="Krifa-A")
    assert m.compute_from_tables(tables([placement], fleur_udbetaling=rows))["focus_target"] == []


def test_r22_mean_of_monthly_shares():
    def row(month, two):
        return {"a_kasse": "HK-A", "report_month": month, "is_in_reporting_window": True, "has_two_interviews": two}
    rows = [row(date(2021, 7, 1), True), row(date(2021, 8, 1), True), row(date(2021, 8, 1), False),
            {**row(date(2021, 4, 1), False), "is_in_reporting_window": False}]
    summary = {s["a_kasse"]: s for s in m.monthly_focus_target(rows)["summary"]}
    assert summary["HK-A"]["average_share"] == Fraction(3, 4) and summary["HK-A"]["months_included"] == 2
    assert summary["3F-A"]["average_share"] is None


def test_r23_memo_total_is_the_mean_of_its_monthly_shares():
    import csv
    with open(m.SEEDS_DIR / "memo_focus_target_monthly.csv", newline="", encoding="utf-8") as handle:
        monthly = list(csv.DictReader(handle))
    with open(m.SEEDS_DIR / "memo_focus_target_total.csv", newline="", encoding="utf-8") as handle:
        totals = {row["a_kasse"]: Fraction(row["total_share"]) for row in csv.DictReader(handle)}
    for a_kasse, total in totals.items():
        shares = [Fraction(row["share_two_plus"]) for row in monthly if row["a_kasse"] == a_kasse and row["share_two_plus"]]
        assert abs(m.mean_of_monthly_shares(shares) - total) <= Fraction(1, 100), a_kasse


def test_r9_early_effort_rule_follows_the_report_month():
    """R9: the rules of a group are the seed row in force on the report
    month's first day (group 3 to 2023-12, groups 1 and 2 from 2024-01)."""
    assert m.early_effort_rule(PARAMS, "3", date(2023, 12, 1))["required"] == 4
    assert m.early_effort_rule(PARAMS, "1", date(2024, 1, 1))["required"] == 3
    assert m.early_effort_rule(PARAMS, "2", date(2024, 1, 1))["first_interview_rule"] is True
    with pytest.raises(ValueError):
        m.early_effort_rule(PARAMS, "3", date(2024, 1, 1))


def test_r10_open_ended_first_interview_exception():
    """R10: a trial municipality's exception with an empty end allows the
    remote form from its first day on, only in that municipality."""
    import dataclasses
    rows = PARAMS.first_interview_exceptions + [
        {"municipality_code": 999, "valid_from": date(2026, 1, 1), "valid_to": None, "contact_form": "TELEFON"}]
    params = dataclasses.replace(PARAMS, first_interview_exceptions=rows)
    phone = {"kontaktform": "TELEFON", "samtale_dato": date(2030, 1, 1), "kommune_kode": 999}
    assert m.first_interview_allowed(phone, params)
    assert not m.first_interview_allowed(dict(phone, samtale_dato=date(2025, 12, 31)), params)
    assert not m.first_interview_allowed(dict(phone, kommune_kode=998), params)
