"""scripts/lint_check.py: a .sql file that sqlfluff skipped, could not
template or did not report fails the lint, although sqlfluff exits 0."""

from __future__ import annotations

from lint_check import lint_problems

LINTED = {"segments": 120}
SKIPPED = {"segments": 0}


def result(path, statistics, violations=()):
    return {"filepath": path, "violations": list(violations), "statistics": statistics}


def test_a_clean_report_of_every_file_passes():
    report = [result("models/a.sql", LINTED), result("analyses/b.sql", LINTED)]
    assert lint_problems(report, ["analyses/b.sql", "models/a.sql"]) == []


def test_a_file_the_dbt_templater_skipped_fails():
    # sqlfluff 4 reports a skipped file with no violation and no segment.
    report = [result("models/a.sql", LINTED), result("analyses/memo.sql", SKIPPED)]
    assert lint_problems(report, ["analyses/memo.sql", "models/a.sql"]) == [
        "analyses/memo.sql: not linted (skipped, or its templating failed)"
    ]


def test_a_templating_error_fails():
    tmp = {"start_line_no": 0, "start_line_pos": 0, "code": "TMP", "description": "Catalog Error"}
    report = [result("analyses/memo.sql", SKIPPED, [tmp])]
    assert lint_problems(report, ["analyses/memo.sql"]) == [
        "analyses/memo.sql:0:0: TMP Catalog Error",
        "analyses/memo.sql: not linted (skipped, or its templating failed)",
    ]


def test_a_file_missing_from_the_report_fails():
    assert lint_problems([result("models/a.sql", LINTED)], ["models/a.sql", "tests/t.sql"]) == [
        "tests/t.sql: not linted (missing from sqlfluff's report)"
    ]


def test_a_rule_violation_fails_and_a_warning_does_not():
    error = {"start_line_no": 8, "start_line_pos": 1, "code": "LT05", "description": "Line is too long."}
    warning = dict(error, code="LT01", warning=True)
    report = [result("models/a.sql", LINTED, [error, warning])]
    assert lint_problems(report, ["models/a.sql"]) == ["models/a.sql:8:1: LT05 Line is too long."]
