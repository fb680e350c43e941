#!/usr/bin/env bash
# The main job, from a fresh clone: set up the Python environment, generate a
# sample set of registers, and build the whole project (seeds, models, data
# tests and unit tests) on an embedded DuckDB file.
#
#   scripts/run.sh                 # 20,000 sample persons
#   PERSONS=100000 scripts/run.sh  # more
#   RAW_DIR=/data/extract SKIP_GENERATE=1 scripts/run.sh   # your own registers
#   UNIT_TESTS=0 scripts/run.sh    # production: without the unit tests
#
# The work database is $DBT_DUCKDB_PATH (default data/jobsamtaler.duckdb); a
# build that passed is published to $PUBLICATION_DIR (default
# data/publication): users and BI tools open data/publication/current/.
set -euo pipefail
project_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$project_dir"

bash scripts/setup_env.sh

persons="${PERSONS:-20000}"
seed="${SEED:-42}"
raw_dir="${RAW_DIR:-data/raw}"
export DBT_DUCKDB_PATH="${DBT_DUCKDB_PATH:-data/jobsamtaler.duckdb}"
.venv/bin/python scripts/preflight_database.py "$DBT_DUCKDB_PATH" || exit 1
mkdir -p "$(dirname "$DBT_DUCKDB_PATH")"

if [ -z "${SKIP_GENERATE:-}" ]; then
    echo "run: generating ${persons} sample persons into ${raw_dir}" >&2
    .venv/bin/python scripts/generate_registers.py \
        --out "$raw_dir" --persons "$persons" --seed "$seed"
fi

# Write-audit-publish: dbt builds the work database; scripts/publish.py
# publishes it to $PUBLICATION_DIR only when the whole build passed.
publication_dir="${PUBLICATION_DIR:-data/publication}"
target_dir="${DBT_TARGET_PATH:-target}"
trap 'echo "run: interrupted: nothing published; the previous publication is untouched (${publication_dir}/current)" >&2; exit 130' INT TERM
echo "run: dbt build on ${DBT_DUCKDB_PATH}" >&2
build_status=0
# The vars are JSON written by Python, so a raw_dir with a space, an
# apostrophe or a semicolon reaches dbt as the string it is.
dbt_vars="$(.venv/bin/python -c 'import json, sys; print(json.dumps({"raw_dir": sys.argv[1]}))' "$raw_dir")"
# UNIT_TESTS=0: a production run leaves out the unit tests (they pin the
# code, not the data; dbt recommends them for development and CI). Models,
# seeds and data tests all run, so the publisher's gate is the same.
build_options=()
if [ "${UNIT_TESTS:-1}" = "0" ]; then
    build_options=(--exclude-resource-type unit_test)
fi
.venv/bin/dbt build --vars "$dbt_vars" --target-path "$target_dir" "${build_options[@]}" || build_status=$?
trap - INT TERM

.venv/bin/python scripts/publish.py --database "$DBT_DUCKDB_PATH" --target "$target_dir" \
    --out "$publication_dir" --dbt-exit-code "$build_status" || exit 1
# The monthly report (HTML, no network needed) of what was just published.
.venv/bin/python scripts/report.py --publication "$publication_dir" --out "${REPORT_DIR:-data/report}"
.venv/bin/python scripts/summary.py --publication "${publication_dir}/current"
