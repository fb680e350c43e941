"""Before a build: can the DuckDB database file be written? One clear line
and exit status 1 when it cannot (a read-only folder, a file held by another
process), instead of dbt's long traceback.

    python scripts/preflight_database.py data/jobsamtaler.duckdb
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import duckdb


def problem(database: Path) -> str | None:
    """Why dbt could not write `database`, or None when it can."""
    folder = database.parent
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    try:
        with tempfile.NamedTemporaryFile(dir=existing, prefix=".jobsamtaler-write-test-"):
            pass
    except OSError as error:
        return (f"cannot write the database folder '{existing}' ({error.strerror}): "
                "set DBT_DUCKDB_PATH to a file in a writable folder")
    if database.exists():
        try:
            duckdb.connect(str(database)).close()
        except duckdb.IOException as error:
            if "lock" in str(error).lower():
                return (f"the database file '{database}' is in use by another process; close that "
                        "program (a duckdb shell, a BI tool) or set DBT_DUCKDB_PATH to another file")
            return f"cannot open the database file '{database}': {str(error).splitlines()[0]}"
        except duckdb.Error as error:
            return f"cannot open the database file '{database}': {str(error).splitlines()[0]}"
    return None


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: preflight_database.py <database file>", file=sys.stderr)
        return 2
    found = problem(Path(argv[0]))
    if found:
        print(f"run: {found}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
