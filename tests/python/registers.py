"""Write small register sets for tests: the twelve Parquet files of the data
contract (../shared/spec/registers.md) with exactly its column names and types.

    write_registers(tmp_path, {"cpr_person": [{"person_id": "P1", "foedselsdato": "1980-05-01"}]})

Registers not given are written empty, so every file of the contract exists.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Mapping

import duckdb
from generate_registers import REGISTERS

# The contract as the sample generator writes it: one definition of the
# registers, their columns and types for generator and tests alike.
CONTRACT = REGISTERS


def write_registers(
    out_dir: Path | str,
    tables: Mapping[str, Iterable[Mapping[str, Any]]],
    *,
    skip: Iterable[str] = (),
    drop_columns: Mapping[str, Iterable[str]] | None = None,
) -> Path:
    """Write every register of the contract to out_dir/<register>.parquet.

    `skip` leaves registers out (to test a missing file); `drop_columns`
    leaves columns out of a register (to test a missing column).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    unknown = set(tables) - set(CONTRACT)
    if unknown:
        raise ValueError(f"not registers of the contract: {sorted(unknown)}")
    drop_columns = drop_columns or {}
    con = duckdb.connect()
    try:
        for register, columns in CONTRACT.items():
            if register in skip:
                continue
            dropped = set(drop_columns.get(register, ()))
            kept = [(name, typ) for name, typ in columns if name not in dropped]
            con.execute(f"create or replace table t ({', '.join(f'{n} {t}' for n, t in kept)})")
            rows = [tuple(row.get(name) for name, _ in kept) for row in tables.get(register, [])]
            if rows:
                placeholders = ", ".join("?" for _ in kept)
                con.executemany(f"insert into t values ({placeholders})", rows)
            con.execute(f"copy t to '{out / (register + '.parquet')}' (format parquet)")
    finally:
        con.close()
    return out
