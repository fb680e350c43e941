#!/usr/bin/env bash
# Speed and memory of the generator and of `dbt build` for N sample persons,
# measured with /usr/bin/time -v (wall time, peak resident memory). Speed
# claims in notes and docs come from this script, never from a timed test.
#
#   scripts/benchmark.sh 100000 [work_dir]
#
# Writes the registers and the database under work_dir (default
# /tmp/jobsamtaler-bench-N) and prints one line per step.
set -euo pipefail
project_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$project_dir"
persons="${1:?usage: scripts/benchmark.sh PERSONS [WORK_DIR]}"
work="${2:-/tmp/jobsamtaler-bench-${persons}}"
rm -rf "$work"
mkdir -p "$work"
if [ ! -x /usr/bin/time ]; then
    echo "benchmark: /usr/bin/time is missing (Debian package 'time')" >&2
    exit 1
fi

measure() {
    local step="$1"
    shift
    /usr/bin/time -v -o "$work/$step.time" "$@" >"$work/$step.log" 2>&1
    local wall rss
    wall=$(grep "Elapsed (wall clock)" "$work/$step.time" | awk '{print $NF}')
    rss=$(grep "Maximum resident set size" "$work/$step.time" | awk '{print $NF}')
    printf '%-10s persons=%-9s wall=%-10s peak_rss=%s MiB\n' \
        "$step" "$persons" "$wall" "$((rss / 1024))"
}

measure generate .venv/bin/python scripts/generate_registers.py \
    --out "$work/raw" --persons "$persons" --seed 42
printf '%-10s size=%s\n' registers "$(du -sh "$work/raw" | cut -f1)"
DBT_DUCKDB_PATH="$work/jobsamtaler.duckdb" measure dbt_build \
    .venv/bin/dbt build --vars "{raw_dir: '$work/raw'}" --target-path "$work/target"
printf '%-10s size=%s\n' database "$(du -sh "$work/jobsamtaler.duckdb" | cut -f1)"
grep -E "Done\. PASS" "$work/dbt_build.log" | sed 's/\x1b\[[0-9;]*m//g' || true
