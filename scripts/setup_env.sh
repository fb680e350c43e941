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
uv sync --frozen --quiet
