#!/usr/bin/env bash
# Creates (or refreshes) the project's Python environment in .venv from the
# lock file uv.lock: dbt-core 1.11, dbt-duckdb, duckdb, sqlfluff, pytest.
# Sourced by scripts/run.sh and scripts/test.sh; safe to run again.
set -euo pipefail
project_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$project_dir"

uv_version="0.13.9"
if ! command -v uv >/dev/null 2>&1; then
    echo "setup: installing uv ${uv_version} from PyPI" >&2
    python3 -m pip install --quiet --disable-pip-version-check "uv==${uv_version}"
fi
export UV_PYTHON_DOWNLOADS=never
echo "setup: creating .venv from uv.lock" >&2
# --compile-bytecode writes the .pyc files of every installed package once,
# here (issue 12). Without them Python compiles dbt's and its libraries' sources
# again at every start, and cannot cache them where PYTHONDONTWRITEBYTECODE is
# set (as on this machine): `dbt --version` took 3.6 s instead of 1.9 s,
# and a 1,000-person `dbt build` 64.6 s instead of 51.8 s
# (scripts/benchmark.sh 1000, 2026-12-02). Packages already compiled are
# skipped, so a second run costs nothing.
uv sync --frozen --quiet --compile-bytecode
