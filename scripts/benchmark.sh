#!/usr/bin/env bash
# Speed and memory of the generator and of `dbt build` for N sample persons,
# measured with /usr/bin/time -v (wall time, peak resident memory). Speed
# claims in notes and docs come from this script, never from a timed test.
#
#   scripts/benchmark.sh 100000 [work_dir]
#   BENCH_BUILDS=production scripts/benchmark.sh 1000000
#   BENCH_RAW=/data/raw1000000 scripts/benchmark.sh 1000000   # reuse registers
#
# Writes the registers and the databases under work_dir (default
# /tmp/jobsamtaler-bench-N) and prints, in one run:
# - the generator's wall time and peak RSS, and the registers' size;
# - the scan-only floor: one DuckDB query per register file reading every
#   value of every column (sum(hash(col)) over all columns), summed;
# - per build of BENCH_BUILDS (default "full production"): wall time, peak
#   RSS, build / floor ratio, dbt's PASS line, the ten slowest nodes of its
#   run_results.json and the database size. `full` is `dbt build` (models,
#   seeds, data tests and unit tests); `production` leaves out the unit tests
#   as `UNIT_TESTS=0 scripts/run.sh` does. Each build starts from an empty
#   database.
# BENCH_REPLAY=1 also replays each build's table models and data tests
# without dbt, one at a time, on the database it wrote
# (scripts/replay_sql.py): their CPU, the least wall time any build of that
# SQL can take on this machine, and the build's CPU minus theirs.
# BENCH_RAW names a folder of registers generated earlier for the same N
# (scripts/generate_registers.py --persons N --seed 42): the generator step
# is then skipped and the registers are read from there.
# The DBT_DUCKDB_MEMORY_LIMIT, DBT_DUCKDB_THREADS and DBT_DUCKDB_TEMP_DIR
# settings of profiles.yml pass through.
set -euo pipefail
project_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$project_dir"
persons="${1:?usage: scripts/benchmark.sh PERSONS [WORK_DIR]}"
work="${2:-/tmp/jobsamtaler-bench-${persons}}"
builds="${BENCH_BUILDS:-full production}"
rm -rf "$work"
mkdir -p "$work"
if [ ! -x /usr/bin/time ]; then
    echo "benchmark: /usr/bin/time is missing (Debian package 'time')" >&2
    exit 1
fi

# Wall seconds of a /usr/bin/time -v report ("Elapsed (wall clock) ...: [h:]m:ss.ss").
wall_seconds() {
    grep "Elapsed (wall clock)" "$1" | awk '{print $NF}' \
        | awk -F: '{s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s}'
}

# CPU seconds (user + system) of a /usr/bin/time -v report: less disturbed
# than wall time by other load.
cpu_seconds() {
    grep -E "(User|System) time \(seconds\)" "$1" | awk '{s += $NF} END {printf "%.1f", s}'
}

measure() {
    local step="$1"
    shift
    if ! /usr/bin/time -v -o "$work/$step.time" "$@" >"$work/$step.log" 2>&1; then
        echo "benchmark: step '$step' failed; see $work/$step.log" >&2
        tail -n 20 "$work/$step.log" >&2
        exit 1
    fi
    local rss cpu
    rss=$(grep "Maximum resident set size" "$work/$step.time" | awk '{print $NF}')
    cpu=$(cpu_seconds "$work/$step.time")
    printf '%-16s persons=%-9s wall=%8ss cpu=%8ss peak_rss=%6s MiB\n' \
        "$step" "$persons" "$(wall_seconds "$work/$step.time")" "$cpu" "$((rss / 1024))"
}

raw="$work/raw"
if [ -n "${BENCH_RAW:-}" ]; then
    raw="$BENCH_RAW"
    printf '%-16s persons=%-9s reused %s\n' generate "$persons" "$raw"
else
    measure generate .venv/bin/python scripts/generate_registers.py \
        --out "$raw" --persons "$persons" --seed 42
fi
printf '%-16s memory_limit=%s threads=%s\n' settings \
    "${DBT_DUCKDB_MEMORY_LIMIT:-profile default}" "${DBT_DUCKDB_THREADS:-every core}"
printf '%-16s size=%s\n' registers "$(du -sh "$raw" | cut -f1)"

# The floor: what reading every value of every register once costs.
floor=$(.venv/bin/python - "$raw" <<'PYTHON'
import pathlib
import sys
import time

import duckdb

con = duckdb.connect()
total = 0.0
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.parquet")):
    literal = "'" + str(path).replace("'", "''") + "'"
    started = time.perf_counter()
    con.execute(f"select sum(hash(columns(*))) from read_parquet({literal})").fetchall()
    total += time.perf_counter() - started
print(f"{total:.2f}")
PYTHON
)
printf '%-16s wall=%8ss (one query per register file, every column)\n' scan_floor "$floor"

for build in $builds; do
    case "$build" in
        full) extra=() ;;
        production) extra=(--exclude-resource-type unit_test) ;;
        *) echo "benchmark: unknown build '$build' (full, production)" >&2; exit 1 ;;
    esac
    database="$work/$build.duckdb"
    DBT_DUCKDB_PATH="$database" measure "build_$build" \
        .venv/bin/dbt build --vars "{raw_dir: '$raw'}" --target-path "$work/target_$build" "${extra[@]}"
    wall=$(wall_seconds "$work/build_$build.time")
    awk -v b="$wall" -v f="$floor" 'BEGIN {printf "%-16s build/floor=%.0fx\n", "ratio", (f > 0 ? b / f : 0)}'
    grep -E "Done\. PASS" "$work/build_$build.log" | sed 's/\x1b\[[0-9;]*m//g' || true
    echo "slowest nodes of build_$build (seconds):"
    .venv/bin/python - "$work/target_$build/run_results.json" <<'PYTHON'
import json
import sys

results = json.load(open(sys.argv[1]))["results"]
totals = {}
for result in results:
    kind = result["unique_id"].split(".")[0]
    count, seconds = totals.get(kind, (0, 0.0))
    totals[kind] = (count + 1, seconds + result["execution_time"])
print("  node time by kind: " + ", ".join(
    f"{kind} {count} = {seconds:.1f}" for kind, (count, seconds) in sorted(totals.items())))
for result in sorted(results, key=lambda r: r["execution_time"], reverse=True)[:10]:
    print(f"  {result['execution_time']:8.2f}  {result['unique_id']}")
PYTHON
    printf '%-16s size=%s\n' database "$(du -sh "$database" | cut -f1)"
    if [ "${BENCH_REPLAY:-0}" = "1" ]; then
        # The same SQL without dbt, one node at a time (scripts/replay_sql.py):
        # the floor of any build of it here, and what dbt adds to it.
        .venv/bin/python scripts/replay_sql.py --database "$database" \
            --manifest "$work/target_$build/manifest.json" --json "$work/replay_$build.json" \
            --build-cpu "$(cpu_seconds "$work/build_$build.time")"
    fi
done
