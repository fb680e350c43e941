#!/usr/bin/env bash
# Every test of the project, as CI runs it (.ci/run calls this script):
#   1. sqlfluff lint of models, tests and analyses (dialect duckdb, templater dbt);
#      a .sql file it skips or cannot template fails (scripts/lint_check.py);
#   2. pytest: the generator, the project built by dbt on small fixture
#      registers and on a generated sample with bad rows (every dbt data test
#      and unit test runs there), the structure of the manifest, the report
#      rendered in headless chromium (scripts/install_chromium.sh).
# Extra arguments go to pytest, e.g. scripts/test.sh -k quarantine.
set -uo pipefail
project_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$project_dir"

bash scripts/setup_env.sh || exit 1
# The report's browser test renders in Debian's chromium (installed if missing).
bash scripts/install_chromium.sh || exit 1

status=0
# sqlfluff's dbt templater compiles the project: give it its own database and
# target folder so that it never touches the user's. The seeds are loaded
# first: an analysis reads a seed while it compiles (focus_target_memo_table).
lint_dir="$(mktemp -d)"
trap 'rm -rf "$lint_dir"' EXIT
lint_folders=(models tests analyses)
echo "test: sqlfluff lint" >&2
if ! DBT_DUCKDB_PATH="$lint_dir/lint.duckdb" .venv/bin/dbt seed -q \
    --target-path "$lint_dir/target" --log-path "$lint_dir/logs"; then
    status=1
fi
if ! DBT_DUCKDB_PATH="$lint_dir/lint.duckdb" .venv/bin/sqlfluff lint "${lint_folders[@]}" \
    --format json --write-output "$lint_dir/lint.json"; then
    status=1
fi
# A file sqlfluff skipped or could not template fails the lint too.
if ! .venv/bin/python scripts/lint_check.py "$lint_dir/lint.json" "${lint_folders[@]}"; then
    status=1
fi

echo "test: pytest" >&2
.venv/bin/python -m pytest "$@"
rc=$?
if [ "$rc" -eq 5 ]; then
    # pytest exits 5 when it collected no test (e.g. a -k that matches none):
    # that is no failure of the project, but say so.
    echo "test: pytest collected no tests" >&2
elif [ "$rc" -ne 0 ]; then
    status=1
fi

if [ "$status" -ne 0 ]; then
    echo "test: FAILED" >&2
fi
exit "$status"
