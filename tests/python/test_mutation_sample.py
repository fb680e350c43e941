"""A fixed sample of SQL mutants that the dbt unit tests must catch, so the
mutation score of scripts/mutate.py cannot silently drop (issue 13).

Each mutant is one single-operator change in a different model, found by
file, operator and an anchor: a piece of the model's text (whitespace runs
compare as one space) that must occur exactly once in the file and hold
exactly one site of that operator. A moved line keeps its anchor; a changed
or removed one makes this test FAIL (never skip) with what to fix. The
mutants are in models that name a rule at a boundary a unit test pins.

All are applied at once to a scratch copy of the project (never to the
project itself) and the unit tests of those models run in one dbt
invocation: a unit test mocks every input of its model, so it sees only its
own model's SQL and the mutants cannot mask each other. Every mutated model
must have a failing unit test. The full run is `scripts/mutate.py` (README,
docs/mutation-report.md).
"""

from __future__ import annotations

import pytest

import mutate
from conftest import PROJECT_DIR

# (file, operator, anchor) -> the rule a unit test pins there
SAMPLE = [
    # R2, R3: a register period's end clips a FLEUR period (least, not greatest).
    ("int_unemployment_payments.sql", "least_greatest",
     "least( fleur_payments.period_to, coalesce(register_periods.valid_to, fleur_payments.period_to) )"),
    # R18: a unit group with one suppressed cell is suppressed whole (>= 1, not > 1).
    ("int_small_cell_suppression.sql", "ge_gt",
     "then count(*) filter (where rounds.is_suppressed) over ( partition by member_cells.group_id ) >= 1"),
    # R18, R22: hele landet's group holds hele landet and the regions, never a kommune.
    ("int_small_cell_groups.sql", "drop_conjunct",
     "where cells.source_table = 'early_effort' and cells.area_level in ('hele_landet', 'region')"),
    # R18: each municipality's row holds its own persons.
    ("mart_early_effort_monthly.sql", "and_or",
     "and municipalities.municipality_code = by_municipality.municipality_code"),
    # R24: a month of exactly the minimum population counts (>=, not >).
    ("mart_early_effort_follow_up.sql", "ge_gt",
     "m1_persons >= min_population and m4_persons_meeting_requirement"),
    # R22: the mean is published when no month's share is suppressed (> 0, not >= 0).
    ("mart_focus_target_summary_public.sql", "gt_ge", "> 0 as has_suppressed_month"),
]


def _resolve(sites: list[mutate.Mutant]) -> list[mutate.Mutant]:
    chosen, problems = [], []
    for file, op, anchor in SAMPLE:
        try:
            chosen.append(mutate.find_by_anchor(PROJECT_DIR, sites, file, op, anchor))
        except LookupError as exc:
            problems.append(str(exc))
    assert not problems, (
        "the CI mutant sample names text that is gone or ambiguous: " + "; ".join(problems)
        + ". Pick another anchor or mutant the unit tests catch (scripts/mutate.py --list, --ids ... --tiers unit)"
    )
    return chosen


def test_every_anchor_names_exactly_one_site():
    _resolve(mutate.all_sites(PROJECT_DIR, mutate.DEFAULT_OPS))


def test_a_missing_or_ambiguous_anchor_fails_loudly():
    sites = mutate.all_sites(PROJECT_DIR, mutate.DEFAULT_OPS)
    with pytest.raises(LookupError, match="found 0 times"):
        mutate.find_by_anchor(PROJECT_DIR, sites, "mart_focus_target_summary_public.sql", "gt_ge", "> 1 as gone")
    with pytest.raises(LookupError, match="holds 0 sites"):
        mutate.find_by_anchor(PROJECT_DIR, sites, "mart_focus_target_summary_public.sql", "le_lt",
                              "> 0 as has_suppressed_month")
    with pytest.raises(LookupError, match="no such model file"):
        mutate.find_by_anchor(PROJECT_DIR, sites, "no_such_model.sql", "gt_ge", "> 0")


def test_direct_unit_tier_changes_the_site_in_the_test_sql_and_compares_as_dbt():
    """Tier 1's direct path: the site is found by its literal text in the unit
    test's compiled SQL (refs compiled away), a site reaching into Jinja is
    left to dbt, and rows compare as multisets with '' read as NULL (agate)."""
    raw = "select a from {{ ref('x') }}\nwhere a >= 2 and b < {{ var('n') }}\n"
    sites = mutate.sites_in(raw, "models/marts/m.sql", ("ge_gt", "drop_conjunct"))
    ge = next(m for m in sites if m.op == "ge_gt")
    dropped = next(m for m in sites if m.op == "drop_conjunct")
    compiled = "with __dbt__cte__x as (select 1) select a from __dbt__cte__x\nwhere a >= 2 and b < 5\n"
    direct = mutate.DirectUnit.__new__(mutate.DirectUnit)
    assert direct.mutated(ge, compiled, raw) == compiled.replace("a >= 2", "a > 2")
    assert direct.mutated(dropped, compiled, raw) is None  # `and b < {{ var('n') }}`: dbt decides
    import duckdb

    direct.con = duckdb.connect(":memory:")
    same = "select * from (values (1, '', 'actual'), (2, 'x', 'actual'), (2, 'x', 'expected'), (1, null, 'expected'))"
    assert direct.run_sql(same + " t(a, b, actual_or_expected)")[0]
    other = "select * from (values (1, 'actual'), (1, 'actual'), (1, 'expected'))"
    assert not direct.run_sql(other + " t(a, actual_or_expected)")[0]


def test_resume_takes_over_finished_mutants_and_tiers(tmp_path):
    """--resume: a finished mutant and the tiers an unfinished one already ran
    are taken over from the JSON, so nothing is run again (no scratch copy)."""
    sites = mutate.all_sites(PROJECT_DIR, mutate.DEFAULT_OPS)
    first, second = _resolve(sites)[:2]
    earlier = [
        dict(vars(mutate.Result(first.id, first.file, 1, first.op, first.change, first.original_line,
                                "unit", "some_test", 0.5, tiers_run=["unit"], complete=True))),
        dict(vars(mutate.Result(second.id, second.file, 1, second.op, second.change, second.original_line,
                                "survived", "", 9.0, tiers_run=["unit"], complete=False))),
    ]
    journal = tmp_path / "run.json"
    results = mutate.run_mutants([first, second], ("unit",), {}, False, resume={r["id"]: r for r in earlier},
                                 journal_path=journal)
    by_id = {r.id: r for r in results}
    assert by_id[first.id].caught_by == "unit" and by_id[first.id].complete
    assert by_id[second.id].tiers_run == ["unit"] and by_id[second.id].complete
    assert by_id[second.id].line == second.line  # the line of today's file, not the JSON's
    assert {r["id"] for r in mutate.json.loads(journal.read_text())} == {first.id, second.id}


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
