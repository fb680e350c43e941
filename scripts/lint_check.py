"""Every SQL file is linted or the lint fails.

sqlfluff's exit code says nothing of a file it did not lint: the dbt
templater skips a file it cannot compile (with a warning), and a file
outside the dbt project is skipped too. This reads sqlfluff's JSON report
(`sqlfluff lint ... --format json --write-output report.json`) and fails
when a .sql file below the linted folders is missing from the report, has
no parse tree (skipped, or its templating failed), or has a violation that
is not a warning (TMP templating, PRS parsing or a rule).

    scripts/lint_check.py report.json models tests analyses
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def lint_problems(report: list[dict], expected: list[str]) -> list[str]:
    """One line per problem of a sqlfluff JSON report; `expected` are the
    paths of the .sql files that must each have been linted."""
    problems = []
    linted = {}
    for result in report:
        path = Path(result["filepath"]).as_posix()
        linted[path] = result
        for violation in result["violations"]:
            if violation.get("warning"):
                continue
            problems.append(
                f"{path}:{violation['start_line_no']}:{violation['start_line_pos']}: "
                f"{violation['code']} {violation['description']}"
            )
        if not result["statistics"]["segments"]:
            problems.append(f"{path}: not linted (skipped, or its templating failed)")
    for path in expected:
        if path not in linted:
            problems.append(f"{path}: not linted (missing from sqlfluff's report)")
    return problems


def sql_files(folders: list[str]) -> list[str]:
    return sorted(p.as_posix() for folder in folders for p in Path(folder).rglob("*.sql"))


def main(argv: list[str]) -> int:
    report_path, *folders = argv
    report = json.loads(Path(report_path).read_text(encoding="utf-8"))
    problems = lint_problems(report, sql_files(folders))
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"lint: {len(report)} files linted, {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
