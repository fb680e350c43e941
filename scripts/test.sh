#!/usr/bin/env bash
# Every test of the project, as CI runs it (.ci/run calls this script):
#   1. sqlfluff lint, beside pytest, of models, tests and analyses (dialect
#      duckdb, templater dbt);
#      a .sql file it skips or cannot template fails (scripts/lint_check.py);
#      then of the sample generator's SQL steps (scripts/generator, templater
#      jinja: its .sqlfluff is read from that working directory);
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
# sqlfluff's dbt templater compiles the project: give it its own database,
# target and log folders so that it never touches the user's. The seeds are
# loaded first: an analysis reads a seed while it compiles
# (focus_target_memo_table). The lint is single-threaded Python, so it runs
# beside pytest (which waits on dbt and DuckDB much of the time) and its
# report is printed when pytest is done: on 2 cores this saves the lint's
# few minutes of wall time.
lint_dir="$(mktemp -d)"
lint_pid=""
trap '[ -n "$lint_pid" ] && kill "$lint_pid" 2>/dev/null; rm -rf "$lint_dir"' EXIT
lint_folders=(models tests analyses)
run_lint() {
    local lint_status=0
    export DBT_DUCKDB_PATH="$lint_dir/lint.duckdb" DBT_TARGET_PATH="$lint_dir/target" \
        DBT_LOG_PATH="$lint_dir/logs"
    echo "test: sqlfluff lint of models, tests and analyses"
    .venv/bin/dbt seed -q || lint_status=1
    .venv/bin/sqlfluff lint "${lint_folders[@]}" \
        --format json --write-output "$lint_dir/lint.json" || lint_status=1
    # A file sqlfluff skipped or could not template fails the lint too.
    .venv/bin/python scripts/lint_check.py "$lint_dir/lint.json" "${lint_folders[@]}" \
        || lint_status=1
    echo "test: sqlfluff lint of the generator's SQL steps"
    (cd scripts/generator && ../../.venv/bin/sqlfluff lint .) || lint_status=1
    return "$lint_status"
}
echo "test: sqlfluff lint (beside pytest; its report follows pytest's)" >&2
run_lint > "$lint_dir/lint.log" 2>&1 &
lint_pid=$!

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

wait "$lint_pid"
lint_rc=$?
lint_pid=""
cat "$lint_dir/lint.log" >&2
if [ "$lint_rc" -ne 0 ]; then
    echo "test: sqlfluff lint FAILED" >&2
    status=1
fi

if [ "$status" -ne 0 ]; then
    echo "test: FAILED" >&2
fi
exit "$status"
