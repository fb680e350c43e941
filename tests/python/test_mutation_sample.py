"""A fixed sample of SQL mutants that the dbt unit tests must catch, so the
mutation score of scripts/mutate.py cannot silently drop (issue 13).

Each mutant is one single-operator change in a different model, named by
file, operator and the original line's text (stable when lines move). All
are applied at once to a scratch copy of the project (never to the project
itself) and the unit tests of those models run in one dbt invocation: a unit
test mocks every input of its model, so it sees only its own model's SQL and
the mutants cannot mask each other. Every mutated model must have a failing
unit test. The full run is `scripts/mutate.py` (README, docs/mutation-report.md).
"""

from __future__ import annotations

import pytest

import mutate
from conftest import PROJECT_DIR

# (file, operator, original line) -> what the unit tests pin there
SAMPLE = [
    # R2: a record ending on the placement date counts on that day.
    ("int_course_hour_segments.sql", "or_and",
     "and (courses.course_end is null or courses.course_end >= payments.period_from)"),
    # R5: a threshold is never reached on a day computed past a segment's end.
    ("int_course_threshold_dates.sql", "drop_conjunct",
     "and (segment_to is null or reached_date <= segment_to)"),
    # R12: an exemption ending on the first day of a segment part counts that day.
    ("int_early_effort_exemptions.sql", "le_lt",
     "and (exemptions.valid_to is null or period_segments.part_from <= exemptions.valid_to)"),
    # R18: each municipality's row holds its own persons.
    ("mart_early_effort_monthly.sql", "and_or",
     "and municipalities.municipality_code = by_municipality.municipality_code"),
    # R9, R10: exactly the required number of interviews meets the requirement.
    ("fct_early_effort_person.sql", "ge_gt", "cast(interviews_counted >= interviews_required as boolean) as meets_requirement"),
]


def _resolve(sites: list[mutate.Mutant]) -> list[mutate.Mutant]:
    chosen = []
    for file, op, line in SAMPLE:
        matches = [
            m for m in sites
            if mutate.equivalence_key(m.file, m.op, m.original_line) == mutate.equivalence_key(file, op, line)
        ]
        assert matches, (
            f"the CI mutant sample names a line that is gone: {file} {op} {line!r}; "
            "pick another mutant the unit tests catch (scripts/mutate.py --tiers unit)"
        )
        chosen.append(matches[0])
    return chosen


def test_ci_mutant_sample_is_caught_by_unit_tests():
    sites = mutate.all_sites(PROJECT_DIR, mutate.DEFAULT_OPS)
    chosen = _resolve(sites)
    models = sorted({mutate.model_of(m) for m in chosen})
    assert len(models) == len(chosen), "the CI mutants must change different models"
    scratch = mutate.Scratch(PROJECT_DIR)
    try:
        scratch.prepare(persons=10, full=False)
        with mutate.Applied(scratch, chosen):
            caught = scratch.unit_tier(models)
    finally:
        scratch.remove()
    survivors = [f"{m.file}:{m.line} {m.change}" for m in chosen if mutate.model_of(m) not in caught]
    assert not survivors, f"mutants no unit test catches any more: {survivors}"


if __name__ == "__main__":
    raise SystemExit(pytest.main([__file__, "-q"]))
