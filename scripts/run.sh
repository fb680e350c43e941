#!/usr/bin/env bash
# The main job, from a fresh clone: set up the Python environment, generate a
# sample set of registers, and build the whole project (seeds, models, data
# tests and unit tests) on an embedded DuckDB file.
#
#   scripts/run.sh                 # 20,000 sample persons
#   PERSONS=100000 scripts/run.sh  # more
#   RAW_DIR=/data/extract SKIP_GENERATE=1 scripts/run.sh   # your own registers
#
# The database is $DBT_DUCKDB_PATH (default data/jobsamtaler.duckdb).
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

echo "run: dbt build on ${DBT_DUCKDB_PATH}" >&2
.venv/bin/dbt build --vars "{raw_dir: '${raw_dir}'}"

.venv/bin/python scripts/summary.py --database "$DBT_DUCKDB_PATH"
