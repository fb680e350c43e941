"""Mutation testing of the rule SQL: do the tests notice a small slip?

Lists the sites of a fixed set of single-operator changes in the SQL of
models/intermediate and models/marts (outside SQL comments, string literals
and Jinja), draws mutants reproducibly from a seed (or takes every site),
applies each one alone to a scratch copy of the project (the project's own
files are never written) and runs the tiers in order, stopping at the first
that fails:

  1. unit: the dbt unit tests of the changed model. A unit test mocks every
     input of its model, so the unit tests of the descendants cannot see the
     change. Fast path: dbt runs every unit test of the unchanged copy once
     and leaves each test's executed SQL in target/run; a mutant's change is
     made in that SQL and it runs directly in an in-memory DuckDB, actual
     and expected rows compared as multisets as dbt does (DirectUnit;
     milliseconds a test). A test whose unchanged SQL does not pass that way,
     or a site reaching into Jinja, goes to dbt instead (`dbt test` in
     batches of mutants of different models; --no-direct: always);
  2. data: the changed model and its descendants rebuilt on a small generated
     sample (200 persons) with their data tests (`dbt build --select <model>+
     --exclude-resource-type unit_test`) on a fresh copy of the sample
     database built once from the unchanged project, in a dbt worker process
     that has imported dbt once (DbtWorker);
  3. diff: the differential test's CI profile (tests/python/test_differential.py
     of the scratch copy, so it builds the mutated copy).
Tiers 2 and 3 run on --jobs scratch copies side by side.

Operators (--ops, default all but `eq`):
  le_lt  `<=` -> `<`        lt_le  `<` -> `<=`
  ge_gt  `>=` -> `>`        gt_ge  `>` -> `>=`
  and_or `and` -> `or`      or_and `or` -> `and`
  plus_minus `+ 1` -> `- 1` minus_plus `- 1` -> `+ 1`
  coalesce  `coalesce(a, b)` -> `a`
  drop_conjunct  `x and y` -> `x` (a join / where / case predicate dropped)
  min_max `min(` <-> `max(`, least_greatest `least(` <-> `greatest(`
  eq  `=` -> `<>` (optional)

Equivalent mutants are listed in tests/mutation/equivalent.txt as
`file | operator | original line text (stripped) [n] | reason`; they are run
but not counted in the score (and tier 3 skips them unless
--diff-for-equivalent). Results go to a JSON file (--json), rewritten after
every mutant, and a Markdown table (--report; by default beside the JSON,
else target/mutation-report.md). An interrupted run (Ctrl-C, kill) keeps its finished mutants in
the JSON; the same command with --resume runs only the rest.

Examples:
  .venv/bin/python scripts/mutate.py --list                 # the sites
  # every site, all tiers: the full run (README, "Mutation testing")
  nice -n 15 .venv/bin/python scripts/mutate.py --jobs 2 --json mutation-full.json \
      --report docs/mutation-report-full.md       # add --resume after an interruption
  .venv/bin/python scripts/mutate.py --sample 30 --seed 13 --tiers unit,data
  .venv/bin/python scripts/mutate.py --ids <id> <id> --tiers unit

A mutant's id is `<file stem>:<operator>:<n>` where n counts the sites of
that operator in that file from the top; ids are stable as long as the file
does not change above the site. find_by_anchor() names a site by a piece of
its text instead (tests/python/test_mutation_sample.py).

The scratch copies live in temporary folders removed at exit (also on
Ctrl-C and SIGTERM, and the dbt and pytest processes they run are killed);
the project folder is only written for the report files.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
MODEL_DIRS = ("models/intermediate", "models/marts")
EQUIVALENT_FILE = Path("tests/mutation/equivalent.txt")
COPY_ITEMS = (
    "models",
    "macros",
    "seeds",
    "tests",
    "analyses",
    "scripts",
    "dbt_project.yml",
    "profiles.yml",
    "pyproject.toml",
)
DEFAULT_OPS = (
    "le_lt",
    "lt_le",
    "ge_gt",
    "gt_ge",
    "and_or",
    "or_and",
    "plus_minus",
    "minus_plus",
    "coalesce",
    "drop_conjunct",
    "min_max",
    "least_greatest",
)
ALL_OPS = DEFAULT_OPS + ("eq",)
TIERS = ("unit", "data", "diff")
SAMPLE_PERSONS = 200
SAMPLE_SEED = 42
TIER_TIMEOUT = {"unit": 600, "data": 600, "diff": 1200}
# Words that end a predicate when dropping an `and` conjunct.
CONJUNCT_END = {
    "and", "or", "where", "group", "order", "having", "qualify", "window",
    "union", "inner", "left", "right", "full", "cross", "join", "on", "then",
    "else", "end", "select", "from", "limit", "as", "when",
}


# --------------------------------------------------------------------------
# Sites
# --------------------------------------------------------------------------


def mask(sql: str, strings: bool = True) -> str:
    """The SQL with comments, string literals and Jinja replaced by spaces
    (newlines kept), so offsets stay those of the original text; with
    strings=False only the comments."""
    out = list(sql)
    i, n = 0, len(sql)

    def blank(a: int, b: int) -> None:
        for k in range(a, min(b, n)):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        two = sql[i : i + 2]
        if two in ("{{", "{%", "{#") and strings:
            close = {"{{": "}}", "{%": "%}", "{#": "#}"}[two]
            j = sql.find(close, i + 2)
            j = n if j < 0 else j + 2
            blank(i, j)
            i = j
        elif two == "--":
            j = sql.find("\n", i)
            j = n if j < 0 else j
            blank(i, j)
            i = j
        elif two == "/*":
            j = sql.find("*/", i + 2)
            j = n if j < 0 else j + 2
            blank(i, j)
            i = j
        elif sql[i] == "'":
            j = i + 1
            while j < n:
                if sql[j] == "'" and sql[j + 1 : j + 2] == "'":
                    j += 2
                elif sql[j] == "'":
                    break
                else:
                    j += 1
            if strings:
                blank(i, j + 1)
            i = j + 1
        else:
            i += 1
    return "".join(out)


@dataclass
class Mutant:
    id: str
    file: str  # relative to the project
    line: int
    op: str
    start: int
    end: int
    replacement: str
    original_line: str
    mutated_line: str
    change: str = ""
    removed: str = ""
    occurrence: int = 1  # among the sites of this operator with the same line text in the file


def _paren_depths(masked: str) -> list[int]:
    depths, d = [], 0
    for ch in masked:
        if ch == "(":
            d += 1
        depths.append(d)
        if ch == ")":
            d -= 1
    return depths


def _words(masked: str):
    return [(m.start(), m.end(), m.group(0).lower()) for m in re.finditer(r"[A-Za-z_][A-Za-z_0-9]*", masked)]


def _between_ands(masked: str) -> set[int]:
    """Offsets of the `and` that belongs to a `between` (not a predicate)."""
    depths = _paren_depths(masked)
    words = _words(masked)
    result = set()
    for k, (s, _e, w) in enumerate(words):
        if w != "between":
            continue
        for s2, _e2, w2 in words[k + 1 :]:
            if w2 == "and" and depths[s2] == depths[s]:
                result.add(s2)
                break
    return result


def _conjunct_end(masked: str, start: int) -> int:
    """End offset of the predicate that starts at `start` (after an `and`)."""
    depth = 0
    i, n = start, len(masked)
    while i < n:
        ch = masked[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                return i
            depth -= 1
        elif ch == "," and depth == 0:
            return i
        elif depth == 0 and (ch.isalpha() or ch == "_") and (i == 0 or not (masked[i - 1].isalnum() or masked[i - 1] == "_")):
            m = re.match(r"[A-Za-z_][A-Za-z_0-9]*", masked[i:])
            word = m.group(0).lower()
            if word in CONJUNCT_END and i > start:
                return i
            i += len(word)
            continue
        i += 1
    return n


def _matching_paren(masked: str, open_at: int) -> int:
    depth = 0
    for i in range(open_at, len(masked)):
        if masked[i] == "(":
            depth += 1
        elif masked[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _top_level_comma(masked: str, a: int, b: int) -> int:
    depth = 0
    for i in range(a, b):
        if masked[i] == "(":
            depth += 1
        elif masked[i] == ")":
            depth -= 1
        elif masked[i] == "," and depth == 0:
            return i
    return -1


def sites_in(sql: str, rel: str, ops: tuple[str, ...]) -> list[Mutant]:
    masked = mask(sql)
    comments_blank = mask(sql, strings=False)  # for trimming around a dropped predicate
    edits: list[tuple[str, int, int, str]] = []  # op, start, end, replacement
    between = _between_ands(masked)

    def sym(op: str, pattern: str, repl: str) -> None:
        if op in ops:
            for m in re.finditer(pattern, masked):
                edits.append((op, m.start(1), m.end(1), repl))

    sym("le_lt", r"(<=)", "<")
    sym("lt_le", r"(?<![<\-])(<)(?![=>])", "<=")
    sym("ge_gt", r"(>=)", ">")
    sym("gt_ge", r"(?<![<\-=>])(>)(?![=>])", ">=")
    sym("eq", r"(?<![<>!=:])(=)(?![=>])", "<>")
    sym("plus_minus", r"(?<=[\w)\]] )(\+)(?= 1\b(?![.\d]))", "-")
    sym("minus_plus", r"(?<=[\w)\]] )(-)(?= 1\b(?![.\d]))", "+")
    for s, e, w in _words(masked):
        if w == "and" and s not in between:
            if "and_or" in ops:
                edits.append(("and_or", s, e, "or"))
            if "drop_conjunct" in ops:
                end = _conjunct_end(masked, e)
                # Jinja is blank in `masked`, so a predicate followed by a Jinja
                # statement or comment ({% if ... %}, {# ... #}) would reach
                # over it; the predicate ends where the tag begins.
                tags = [k for k in (sql.find("{%", e, end), sql.find("{#", e, end)) if k >= 0]
                if tags:
                    end = min(tags)
                # also remove the whitespace before `and` (keep line breaks tidy)
                a = s
                while a > 0 and comments_blank[a - 1] in " \t":
                    a -= 1
                if a > 0 and comments_blank[a - 1] == "\n":
                    a = s  # `and` starts a line: remove from `and` on
                edits.append(("drop_conjunct", a, end, ""))
        elif w == "or" and "or_and" in ops:
            edits.append(("or_and", s, e, "and"))
        elif w in ("min", "max") and "min_max" in ops and masked[e : e + 1] == "(":
            edits.append(("min_max", s, e, "max" if w == "min" else "min"))
        elif w in ("least", "greatest") and "least_greatest" in ops and masked[e : e + 1] == "(":
            edits.append(("least_greatest", s, e, "greatest" if w == "least" else "least"))
        elif w == "coalesce" and "coalesce" in ops and masked[e : e + 1] == "(":
            close = _matching_paren(masked, e)
            comma = _top_level_comma(masked, e + 1, close)
            if close > 0 and comma > 0:
                first = sql[e + 1 : comma].strip()
                edits.append(("coalesce", s, close + 1, first))
    mutants = []
    counters: dict[str, int] = {}
    same_line: dict[tuple[str, str], int] = {}
    for op, s, e, repl in sorted(edits, key=lambda t: (t[1], t[0])):
        if op == "drop_conjunct":  # not the comments or blank lines after it
            while e > s and comments_blank[e - 1] in " \t\n":
                e -= 1
        counters[op] = counters.get(op, 0) + 1
        line = sql.count("\n", 0, s) + 1
        line_start = sql.rfind("\n", 0, s) + 1
        line_end = sql.find("\n", s)
        line_end = len(sql) if line_end < 0 else line_end
        original_line = sql[line_start:line_end]
        mutated = sql[:s] + repl + sql[e:]
        m_end = mutated.find("\n", s + len(repl))
        m_end = len(mutated) if m_end < 0 else m_end
        mutated_line = mutated[line_start:m_end]
        removed = sql[s:e]
        change = f"`{' '.join(removed.split())}` -> `{' '.join(repl.split())}`" if repl else f"drop `{' '.join(removed.split())}`"
        mutants.append(
            Mutant(
                id=f"{Path(rel).stem}:{op}:{counters[op]}",
                file=rel,
                line=line,
                op=op,
                start=s,
                end=e,
                replacement=repl,
                original_line=original_line.strip(),
                mutated_line=" ".join(mutated_line.split()),
                change=change,
                removed=removed,
            )
        )
        key = (op, " ".join(original_line.split()))
        same_line[key] = same_line.get(key, 0) + 1
        mutants[-1].occurrence = same_line[key]
    return mutants


def all_sites(project: Path, ops: tuple[str, ...]) -> list[Mutant]:
    result = []
    for folder in MODEL_DIRS:
        for path in sorted((project / folder).glob("*.sql")):
            rel = str(path.relative_to(project))
            result += sites_in(path.read_text(), rel, ops)
    return result


def apply(sql: str, mutant: Mutant) -> str:
    return sql[: mutant.start] + mutant.replacement + sql[mutant.end :]


# --------------------------------------------------------------------------
# Equivalent mutants
# --------------------------------------------------------------------------


def equivalence_key(file: str, op: str, original_line: str, occurrence: int = 1) -> tuple[str, str, str, int]:
    return (Path(file).name, op, " ".join(original_line.split()), occurrence)


def load_equivalent(project: Path) -> dict[tuple[str, str, str, int], str]:
    """`file | operator | original line | reason` per line; # comments. When
    the same line text holds that operator's site more than once in the file,
    `line text [n]` names the n-th from the top (default the first)."""
    path = project / EQUIVALENT_FILE
    result: dict[tuple[str, str, str], str] = {}
    if not path.exists():
        return result
    for number, raw in enumerate(path.read_text().splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        parts = [p.strip() for p in raw.split(" | ")]
        if len(parts) != 4 or not all(parts):
            raise SystemExit(f"mutate: {path}:{number}: expected 'file | operator | line | reason'")
        line, occurrence = parts[2], 1
        numbered = re.fullmatch(r"(.*\S)\s+\[(\d+)\]", line)
        if numbered:
            line, occurrence = numbered.group(1), int(numbered.group(2))
        result[equivalence_key(parts[0], parts[1], line, occurrence)] = parts[3]
    return result


# --------------------------------------------------------------------------
# The scratch project and the tiers
# --------------------------------------------------------------------------

# --------------------------------------------------------------------------
# A site by anchor (robust to code moves)
# --------------------------------------------------------------------------


def _collapsed(text: str) -> tuple[str, list[int]]:
    """text with every whitespace run made one space, and for each character
    of the result its offset in text."""
    out, where = [], []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            j = i
            while j < n and text[j].isspace():
                j += 1
            out.append(" ")
            where.append(i)
            i = j
        else:
            out.append(text[i])
            where.append(i)
            i += 1
    return "".join(out), where


def find_by_anchor(project: Path, sites: list[Mutant], file: str, op: str, anchor: str) -> Mutant:
    """The one site of operator `op` in the model file named `file` that lies
    inside `anchor`, a piece of the file's text (whitespace runs compare as
    one space) found exactly once in the file. Raises LookupError, naming
    what is wrong, when the file or the anchor is missing, the anchor occurs
    more than once, or it holds no site or several sites of `op`."""
    paths = [p for folder in MODEL_DIRS for p in (project / folder).glob(file)]
    if len(paths) != 1:
        raise LookupError(f"{file}: no such model file in {', '.join(MODEL_DIRS)}")
    text = paths[0].read_text()
    collapsed, where = _collapsed(text)
    key = " ".join(anchor.split())
    hits = [m.start() for m in re.finditer(re.escape(key), collapsed)]
    if len(hits) != 1:
        raise LookupError(f"{file}: anchor {anchor!r} found {len(hits)} times (must be once)")
    a = where[hits[0]]
    b = where[hits[0] + len(key) - 1] + 1
    rel = str(paths[0].relative_to(project))
    inside = [m for m in sites if m.file == rel and m.op == op and a <= m.start < b]
    if len(inside) != 1:
        raise LookupError(f"{file}: anchor {anchor!r} holds {len(inside)} sites of {op} (must be one)")
    return inside[0]


# --------------------------------------------------------------------------
# dbt in a long-lived worker process (imports and starts dbt once)
# --------------------------------------------------------------------------

_WORKER = r"""
import json, os, sys
proto = os.fdopen(os.dup(1), "w")
log = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_APPEND)
os.dup2(log, 1)
os.dup2(log, 2)
from dbt.cli.main import dbtRunner
from dbt.adapters.duckdb.connections import DuckDBConnectionManager
for line in sys.stdin:
    args = json.loads(line)
    reply = {"rc": 0, "failed": [], "error": ""}
    try:
        res = dbtRunner().invoke(args)
        reply["rc"] = 0 if res.success else 1
        for r in getattr(res.result, "results", None) or []:
            if str(getattr(r.status, "value", r.status)).lower() in ("fail", "error", "runtime error"):
                reply["failed"].append(r.node.unique_id)
        if res.exception is not None:
            reply["error"] = str(res.exception)[:500]
    except BaseException as exc:  # report, keep serving
        reply = {"rc": 2, "failed": [], "error": repr(exc)[:500]}
    env = DuckDBConnectionManager._ENV  # never keep the database file open between runs
    if env is not None and getattr(env, "conn", None) is not None:
        env.conn.close()
        env.conn = None
    DuckDBConnectionManager.close_all_connections()
    proto.write(json.dumps(reply) + "\n")
    proto.flush()
"""


class DbtWorker:
    """One Python process that has imported dbt and runs dbt commands sent to
    it one at a time (dbtRunner), which saves dbt's start-up on every tier-2
    run. A run past its timeout kills the worker; the next run starts a new one."""

    def __init__(self, cwd: Path, env: dict, log: Path):
        self.cwd, self.env, self.log = cwd, env, log
        self.proc: subprocess.Popen | None = None

    def _start(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _WORKER, str(self.log)], cwd=self.cwd, env=self.env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, start_new_session=True,
        )

    def invoke(self, args: list[str], timeout: float) -> tuple[int, str]:
        import select

        if self.proc is None or self.proc.poll() is not None:
            self._start()
        assert self.proc and self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(json.dumps(args) + "\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        line = self.proc.stdout.readline() if ready else ""
        if not line:
            self.stop()
            return -1, "timeout" if not ready else "dbt worker died"
        reply = json.loads(line)
        out = "\n".join(f"Failure in test {uid.split('.')[-1] if uid.startswith('unit_test.') else uid.split('.')[2]}"
                        for uid in reply["failed"])
        if reply["error"]:
            out += f"\nError: {reply['error']}"
        return reply["rc"], out

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None:
            _kill(proc)


def _kill(proc: subprocess.Popen) -> None:
    """End a process this script started in its own session, and its children."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        pass


# --------------------------------------------------------------------------
# Tier 1 without dbt: the unit tests' own SQL, run directly in DuckDB
# --------------------------------------------------------------------------


def jinja_spans(sql: str) -> list[tuple[int, int]]:
    spans, i = [], 0
    while True:
        found = [(sql.find(o, i), o) for o in ("{{", "{%", "{#")]
        found = [(p, o) for p, o in found if p >= 0]
        if not found:
            return spans
        p, o = min(found)
        close = {"{{": "}}", "{%": "%}", "{#": "#}"}[o]
        q = sql.find(close, p + 2)
        q = len(sql) if q < 0 else q + 2
        spans.append((p, q))
        i = q


def _frozen(value):
    """A value as dbt's unit-test comparison sees it (agate reads '' and
    'null' as NULL), hashable."""
    if isinstance(value, str) and value.strip().lower() in ("", "null"):
        return None
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    return value


class DirectUnit:
    """Runs a model's unit tests without dbt: dbt wrote each unit test's
    executed SQL (the model's compiled SQL on the fixtures, unioned with the
    expected rows) to target/run when the unchanged project's unit tests ran
    once; a mutant's change is made in that SQL (found by the literal text
    around the site, which Jinja does not touch) and the query runs in an
    in-memory DuckDB, comparing actual and expected rows as dbt does (as
    multisets). A unit test whose unchanged SQL does not pass this way is
    left to dbt, as is a mutant whose site is not found exactly once."""

    QUERY_TIMEOUT = 120

    def __init__(self, scratch: "Scratch"):
        import duckdb

        self.scratch = scratch
        self.con = duckdb.connect(":memory:", config={"threads": 1, "preserve_insertion_order": False})
        self.con.execute("set TimeZone = 'Europe/Copenhagen'")  # as profiles.yml (loads icu)
        self.tests: dict[str, list[tuple[str, str]]] = {}
        self.unreliable: dict[str, list[str]] = {}

    def load(self) -> None:
        manifest = json.loads((self.scratch.target / "manifest.json").read_text())
        for uid, test in manifest.get("unit_tests", {}).items():
            model, name = test["model"], test["name"]
            folder = self.scratch.target / "run" / uid.split(".")[1] / test["original_file_path"]
            files = sorted(folder.glob(f"**/{name}.sql"))
            sql = files[0].read_text() if len(files) == 1 else ""
            ok = bool(sql) and self.run_sql(sql)[0]
            if ok:
                self.tests.setdefault(model, []).append((name, sql))
            else:
                self.unreliable.setdefault(model, []).append(name)

    def run_sql(self, sql: str) -> tuple[bool, str]:
        """(passes, why not)."""
        import threading

        timer = threading.Timer(self.QUERY_TIMEOUT, self.con.interrupt)
        timer.start()
        try:
            cursor = self.con.execute(sql)
            columns = [d[0].lower() for d in cursor.description]
            rows = cursor.fetchall()
        except Exception as exc:  # an error fails the unit test, as in dbt
            return False, ("timeout" if "nterrupt" in str(exc) else f"error: {str(exc).splitlines()[0][:120]}")
        finally:
            timer.cancel()
        flag = columns.index("actual_or_expected")
        split: dict[str, Counter] = {"actual": Counter(), "expected": Counter()}
        for row in rows:
            split[row[flag]][tuple(_frozen(v) for k, v in enumerate(row) if k != flag)] += 1
        return split["actual"] == split["expected"], "actual differs from expected"

    def mutated(self, mutant: Mutant, sql: str, raw: str) -> str | None:
        """The unit test's SQL with the mutant's change, or None when the
        site's literal text is not found exactly once in it."""
        s, e = mutant.start, mutant.end
        a, b = 0, len(raw)
        for p, q in jinja_spans(raw):
            if q <= s:
                a = q
            elif p >= e:
                b = min(b, p)
            else:
                return None  # the change reaches into Jinja
        segment = raw[a:b]
        lead = len(segment) - len(segment.lstrip())
        trail = len(segment) - len(segment.rstrip())
        a, b = a + lead, b - trail
        if not (a <= s and e <= b):
            return None
        key = raw[a:b]
        if len(key) < 12 or sql.count(key) != 1:
            return None
        return sql.replace(key, raw[a:s] + mutant.replacement + raw[e:b])

    def run(self, mutant: Mutant, raw: str) -> tuple[str, str]:
        """('caught', test), ('survived', '') when every unit test of the
        model ran here and passed, or ('dbt', '') when dbt must decide."""
        model = model_of(mutant)
        for name, sql in self.tests.get(model, []):
            changed = self.mutated(mutant, sql, raw)
            if changed is None:
                return "dbt", ""
            ok, why = self.run_sql(changed)
            if not ok:
                return "caught", name + ("" if why.startswith("actual") else f" ({why})")
        return ("dbt", "") if self.unreliable.get(model) else ("survived", "")


# --------------------------------------------------------------------------
# The scratch project and the tiers
# --------------------------------------------------------------------------


class Scratch:
    """A copy of the project in a temporary folder (from the working tree, or
    from git revision `rev`). Mutants are written only here; the folder is
    removed by remove()."""

    def __init__(self, project: Path, rev: str | None = None, clone_of: "Scratch | None" = None):
        self.project = project
        self.root = Path(tempfile.mkdtemp(prefix="jobsamtaler-mutate-"))
        self.dir = self.root / "project"
        if clone_of is not None:  # a ready copy of another scratch: project, registers, databases, target
            for name in ("project", "raw", "pristine.duckdb", "target"):
                src = clone_of.root / name
                if src.is_dir():
                    shutil.copytree(src, self.root / name)
                elif src.exists():
                    shutil.copy2(src, self.root / name)
        else:
            self.dir.mkdir()
            if rev:
                archive = subprocess.run(
                    ["git", "archive", rev, *COPY_ITEMS], cwd=project, capture_output=True, check=True
                ).stdout
                subprocess.run(["tar", "-x", "-C", str(self.dir)], input=archive, check=True)
            else:
                for item in COPY_ITEMS:
                    src = project / item
                    if src.is_dir():
                        shutil.copytree(src, self.dir / item, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
                    elif src.exists():
                        shutil.copy2(src, self.dir / item)
        self.raw = self.root / "raw"
        self.database = self.root / "work.duckdb"
        self.pristine = self.root / "pristine.duckdb"
        self.target = self.root / "target"
        self.python = str(Path(sys.executable))
        self.dbt = str(Path(sys.executable).with_name("dbt"))
        self.env = dict(
            os.environ,
            DBT_DUCKDB_PATH=str(self.database),
            DBT_LOG_PATH=str(self.root / "logs"),
            DBT_SEND_ANONYMOUS_USAGE_STATS="false",
            DBT_VERSION_CHECK="false",
        )
        self.env.pop("JOBSAMTALER_SLOW", None)
        self.env.pop("JOBSAMTALER_DIFF_EXAMPLES", None)
        # The same vars on every run, so dbt's partial parsing stays valid.
        self.vars = json.dumps({"raw_dir": str(self.raw)})
        self.worker: DbtWorker | None = None
        self.running: subprocess.Popen | None = None
        self.direct: DirectUnit | None = None
        if clone_of is not None and self.pristine.exists():
            self.restore_database()

    def use_worker(self) -> None:
        self.worker = DbtWorker(self.dir, self.env, self.root / "worker.log")

    def stop(self) -> None:
        """Kill what runs in this copy now (the dbt worker, a differential test)."""
        if self.worker is not None:
            self.worker.stop()
        running = self.running
        if running is not None:
            _kill(running)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def dbt_run(self, args: list[str], timeout: int) -> tuple[int, str]:
        command = [*args, "--target-path", str(self.target), "--vars", self.vars]
        if self.worker is not None:
            return self.worker.invoke(command, timeout)
        try:
            done = subprocess.run(
                [self.dbt, *command], cwd=self.dir, env=self.env, capture_output=True, text=True, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            return -1, "timeout"
        return done.returncode, done.stdout + done.stderr

    def prepare(self, persons: int = SAMPLE_PERSONS, full: bool = True, direct: bool = False) -> None:
        """Generate the sample registers and build the unchanged project on
        them (full: with every test, kept as the pristine database for tier 2;
        else only seeds and models with `--empty`, enough for unit tests).
        direct: also run every unit test once with dbt (they must pass) so
        that tier 1 can run their SQL without dbt (DirectUnit)."""
        subprocess.run(
            [self.python, str(self.dir / "scripts/generate_registers.py"), "--out", str(self.raw),
             "--persons", str(persons), "--seed", str(SAMPLE_SEED), "--threads", "1", "--quiet"],
            check=True, cwd=self.dir, env=self.env,
        )
        if full:
            rc, out = self.dbt_run(["build", "--exclude-resource-type", "unit_test"], 1800)
        else:
            rc, out = self.dbt_run(["build", "--empty", "--exclude-resource-type", "test", "--exclude-resource-type", "unit_test"], 1800)
        if rc != 0:
            raise SystemExit("mutate: the unchanged project does not build on the sample:\n" + _failures(out))
        if direct:
            rc, out = self.dbt_run(["test", "--select", "test_type:unit"], 1800)
            if rc != 0:
                raise SystemExit("mutate: unit tests of the unchanged project fail:\n" + _failures(out))
            self.direct = DirectUnit(self)
            self.direct.load()
        if full:
            shutil.copy2(self.database, self.pristine)

    def restore_database(self) -> None:
        shutil.copy2(self.pristine, self.database)
        wal = self.database.with_name(self.database.name + ".wal")
        if wal.exists():
            wal.unlink()

    def unit_tier(self, models: list[str]) -> dict[str, str]:
        """Run the unit tests of `models` in one dbt invocation; per model
        with a failing (or erroring) unit test, the failing tests. A unit test
        mocks every input of its model, so it sees the SQL of its own model
        only: the unit tests of a mutated model's descendants cannot fail
        because of it, and mutants of different models can share a run."""
        selectors = [f"{model},test_type:unit" for model in models]
        results_file = self.target / "run_results.json"
        results_file.unlink(missing_ok=True)
        rc, out = self.dbt_run(["test", "--select", *selectors], TIER_TIMEOUT["unit"])
        caught: dict[str, list[str]] = {}
        if out == "timeout":
            return {model: "timeout" for model in models}
        try:
            results = json.loads(results_file.read_text())["results"]
        except (OSError, ValueError, KeyError):
            results = []
        for result in results:
            unique_id = result.get("unique_id", "")
            if not unique_id.startswith("unit_test.") or result.get("status") in ("pass", "success"):
                continue
            model, name = unique_id.split(".")[2], unique_id.split(".")[-1]
            caught.setdefault(model, []).append(name)
        if rc != 0 and not caught:
            # dbt failed before running the tests (e.g. a compile error): every model is suspect
            raise RuntimeError("mutate: unit tests did not run:\n" + _failures(out))
        return {model: ", ".join(names[:3]) + (f" (+{len(names) - 3})" if len(names) > 3 else "")
                for model, names in caught.items()}

    def data_tier(self, model: str) -> tuple[bool, str]:
        rc, out = self.dbt_run(
            ["build", "--select", f"{model}+", "--exclude-resource-type", "unit_test"], TIER_TIMEOUT["data"]
        )
        self.restore_database()
        return rc != 0, (_failures(out) if rc != 0 else "")

    def diff_tier(self) -> tuple[bool, str]:
        """The differential test's CI profile, run from the copy (its conftest
        derives the project folder from the test file, so it builds the copy)."""
        running = self.running = subprocess.Popen(
            [self.python, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
             "--basetemp", str(self.root / "pytest"), "tests/python/test_differential.py"],
            cwd=self.dir, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True,
        )
        try:
            out, _ = running.communicate(timeout=TIER_TIMEOUT["diff"])
        except subprocess.TimeoutExpired:
            _kill(running)
            return True, "timeout"
        finally:
            self.running = None
        return running.returncode != 0, (_failures(out) if running.returncode else "")


def _failures(out: str) -> str:
    """A short reason: the failing tests / errors named in dbt's or pytest's output."""
    if out == "timeout":
        return "timeout"
    names = re.findall(r"(?:Failure|Error) in (?:unit_test|test|model) (\S+)", out)
    if names:
        uniq = list(dict.fromkeys(names))
        return ", ".join(uniq[:4]) + (f" (+{len(uniq) - 4})" if len(uniq) > 4 else "")
    failed = re.findall(r"^FAILED (\S+)", out, re.M)
    if failed:
        return ", ".join(failed[:3])
    lines = [line.strip() for line in out.splitlines() if "rror" in line]
    return (lines[0] if lines else out.strip().splitlines()[-1] if out.strip() else "failed")[:160]


def model_of(mutant: Mutant) -> str:
    return Path(mutant.file).stem


def unit_batches(mutants: list[Mutant]) -> list[list[Mutant]]:
    """Mutants grouped so that no two in a group change the same model."""
    batches: list[list[Mutant]] = []
    for mutant in mutants:
        for batch in batches:
            if all(model_of(m) != model_of(mutant) for m in batch):
                batch.append(mutant)
                break
        else:
            batches.append([mutant])
    return batches


class Applied:
    """Writes mutants into the scratch copy and always puts the files back."""

    def __init__(self, scratch: Scratch, mutants: list[Mutant]):
        self.paths = {m.file: scratch.dir / m.file for m in mutants}
        self.mutants = mutants
        self.originals: dict[str, str] = {}

    def __enter__(self) -> "Applied":
        for mutant in self.mutants:
            path = self.paths[mutant.file]
            self.originals[mutant.file] = path.read_text()
            if self.originals[mutant.file][mutant.start : mutant.end] != mutant.removed:
                raise SystemExit(f"mutate: {mutant.file} differs from the listed sites (--rev with changed SQL?)")
            path.write_text(apply(self.originals[mutant.file], mutant))
        return self

    def __exit__(self, *exc) -> None:
        for file, text in self.originals.items():
            self.paths[file].write_text(text)


# --------------------------------------------------------------------------
# Running and reporting
# --------------------------------------------------------------------------


@dataclass
class Result:
    id: str
    file: str
    line: int
    op: str
    change: str
    original_line: str
    caught_by: str  # unit / data / diff / survived
    reason: str
    seconds: float
    equivalent: str = ""
    tiers_run: list[str] = field(default_factory=list)
    occurrence: int = 1
    complete: bool = False  # every requested tier ran (or one caught it)


def _raise_interrupt(*_args) -> None:
    raise KeyboardInterrupt()


def _reused(prior: dict[str, dict], m: Mutant, tier: str) -> tuple[bool, str, float] | None:
    """The outcome of `tier` for m in an earlier run, when that run ran it:
    (caught, reason, seconds). Only a catch is reused for the unit tier (tests
    added since can only catch more); data and diff outcomes are reused as
    they are (valid while the SQL and the data tests are unchanged)."""
    old = prior.get(m.id)
    if not old or old["original_line"] != m.original_line or tier not in old["tiers_run"]:
        return None
    caught = old["caught_by"] == tier
    if tier == "unit" and not caught:
        return None
    share = old["seconds"] / max(len(old["tiers_run"]), 1)
    return caught, (old["reason"].replace(" (reused)", "") + " (reused)").strip(), share


class Journal:
    """The results so far, written to the JSON file after every finished
    step (atomically: a temporary file renamed over it), so that an
    interrupted run loses at most the mutant in progress and `--resume`
    continues where it stopped."""

    def __init__(self, path: Path | None, results: dict[str, Result]):
        self.path, self.results = path, results
        self.lock = __import__("threading").Lock()

    def save(self) -> None:
        if self.path is None:
            return
        with self.lock:
            tmp = self.path.with_name(self.path.name + ".tmp")
            tmp.write_text(json.dumps([asdict(r) for r in self.results.values()], indent=1))
            os.replace(tmp, self.path)


def run_mutants(mutants: list[Mutant], tiers: tuple[str, ...], equivalent: dict,
                diff_for_equivalent: bool, rev: str | None = None,
                prior: dict[str, dict] | None = None, resume: dict[str, dict] | None = None,
                journal_path: Path | None = None, jobs: int = 1, direct: bool = True) -> list[Result]:
    """Tier 1 per mutant on the unit tests' SQL (DirectUnit; what it cannot
    decide goes to dbt in batches of mutants of different models), then tiers
    2 and 3 one mutant at a time on the survivors, spread over `jobs` scratch
    copies. Returns every chosen mutant's result; those of an interrupted run
    have complete=False. `prior`: results of an earlier run whose outcomes are
    reused (see _reused); `resume`: results of this run's own earlier,
    interrupted invocation (same JSON), taken over as they are."""
    import threading

    prior, resume = prior or {}, resume or {}
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    # Ctrl-C and kill end the run cleanly, also when started in the background
    # (where a shell makes the process ignore SIGINT).
    signal.signal(signal.SIGTERM, _raise_interrupt)
    signal.signal(signal.SIGINT, _raise_interrupt)
    results: dict[str, Result] = {}
    for m in mutants:
        eq = equivalent.get(equivalence_key(m.file, m.op, m.original_line, m.occurrence), "")
        old = resume.get(m.id)
        if old and old.get("original_line") == m.original_line and old.get("file") == m.file:
            kept = {k: v for k, v in old.items() if k in Result.__dataclass_fields__}
            results[m.id] = Result(**{**kept, "line": m.line, "equivalent": eq})
        else:
            results[m.id] = Result(m.id, m.file, m.line, m.op, m.change, m.original_line, "survived", "", 0.0, eq,
                                   occurrence=m.occurrence)
    journal = Journal(journal_path, results)

    def wants(m: Mutant, tier: str) -> bool:
        r = results[m.id]
        return (tier in tiers and r.caught_by == "survived" and tier not in r.tiers_run
                and not (tier == "diff" and r.equivalent and not diff_for_equivalent))

    def finish(m: Mutant) -> None:
        r = results[m.id]
        r.complete = r.caught_by != "survived" or not any(wants(m, t) for t in tiers)

    for m in mutants:
        finish(m)
    scratches: list[Scratch] = []
    try:
        todo = [m for m in mutants if not results[m.id].complete]
        if not todo:
            return list(results.values())
        t0 = time.monotonic()
        scratch = Scratch(PROJECT_DIR, rev)
        scratches.append(scratch)
        scratch.use_worker()
        needs_db = any(wants(m, t) for m in todo for t in ("unit", "data"))
        if needs_db:  # the diff tier builds its own registers
            scratch.prepare(full=any(wants(m, "data") for m in todo),
                            direct=direct and any(wants(m, "unit") for m in todo))
        print(f"mutate: scratch copy {scratch.dir} ready in {time.monotonic() - t0:.0f} s", file=sys.stderr)

        # Tier 1: reused catches, then the direct run, then dbt for the rest.
        if "unit" in tiers:
            for m in todo:
                reuse = _reused(prior, m, "unit") if wants(m, "unit") else None
                if reuse:
                    r = results[m.id]
                    r.tiers_run.append("unit")
                    r.caught_by, r.reason, r.seconds = "unit", reuse[1], reuse[2]
                    finish(m)
            left = [m for m in todo if wants(m, "unit")]
            for_dbt = []
            if scratch.direct is not None:
                raws: dict[str, str] = {}
                for number, m in enumerate(left, 1):
                    start = time.monotonic()
                    raw = raws.setdefault(m.file, (scratch.dir / m.file).read_text())
                    verdict, why = scratch.direct.run(m, raw)
                    if verdict == "dbt":
                        for_dbt.append(m)
                        continue
                    r = results[m.id]
                    r.tiers_run.append("unit")
                    r.seconds += time.monotonic() - start
                    if verdict == "caught":
                        r.caught_by, r.reason = "unit", why
                    finish(m)
                    if number % 25 == 0:
                        journal.save()
                print(f"mutate: unit (direct): {len(left) - len(for_dbt)} mutants decided, "
                      f"{sum(results[m.id].caught_by == 'unit' for m in left)} caught, {len(for_dbt)} left to dbt",
                      file=sys.stderr)
            else:
                for_dbt = left
            journal.save()
            batches = unit_batches(for_dbt)
            for number, batch in enumerate(batches, 1):
                start = time.monotonic()
                with Applied(scratch, batch):
                    caught = scratch.unit_tier(sorted({model_of(m) for m in batch}))
                share = (time.monotonic() - start) / len(batch)
                for m in batch:
                    r = results[m.id]
                    r.tiers_run.append("unit")
                    r.seconds += share
                    if model_of(m) in caught:
                        r.caught_by, r.reason = "unit", caught[model_of(m)]
                    finish(m)
                journal.save()
                print(f"mutate: unit batch {number}/{len(batches)} (dbt): {len(batch)} mutants, "
                      f"{sum(model_of(m) in caught for m in batch)} caught, {share * len(batch):.0f} s", file=sys.stderr)

        # Tiers 2 and 3: one mutant at a time per scratch copy, `jobs` copies.
        later = [m for m in todo if wants(m, "data") or wants(m, "diff")]
        if later:
            jobs = max(1, min(jobs, len(later)))
            for _ in range(jobs - 1):
                clone = Scratch(PROJECT_DIR, rev, clone_of=scratch)
                scratches.append(clone)
                clone.use_worker()
            queue = list(later)
            lock = threading.Lock()
            stop = threading.Event()
            errors: list[BaseException] = []

            def work(own: Scratch) -> None:
                while not stop.is_set():
                    with lock:
                        if not queue:
                            return
                        m = queue.pop(0)
                        number = len(later) - len(queue)
                    for tier in ("data", "diff"):
                        if stop.is_set() or not wants(m, tier):
                            continue
                        r = results[m.id]
                        reuse = _reused(prior, m, tier)
                        start = time.monotonic()
                        if reuse:
                            hit, why = reuse[0], reuse[1]
                            spent = reuse[2]
                        else:
                            try:
                                with Applied(own, [m]):
                                    hit, why = own.data_tier(model_of(m)) if tier == "data" else own.diff_tier()
                            except BaseException as exc:  # noqa: BLE001 - handed to the main thread
                                errors.append(exc)
                                stop.set()
                                return
                            spent = time.monotonic() - start
                        if stop.is_set():
                            return  # interrupted: this outcome may be a killed run's
                        r.tiers_run.append(tier)
                        r.seconds += spent
                        if hit:
                            r.caught_by, r.reason = tier, why
                        print(f"mutate: {tier} {number}/{len(later)} {m.file}:{m.line} {m.op} {m.change}: "
                              f"{'caught' if hit else 'survived'}{' (equivalent)' if r.equivalent else ''} "
                              f"{spent:.0f} s {why}", file=sys.stderr)
                    finish(m)
                    journal.save()

            threads = [threading.Thread(target=work, args=(s,), daemon=True) for s in scratches[:jobs]]
            for t in threads:
                t.start()
            try:
                while any(t.is_alive() for t in threads):
                    for t in threads:
                        t.join(0.5)
            finally:
                stop.set()
                for s in scratches:  # a dbt run or differential test in progress is killed, its thread ends
                    s.stop()
                for t in threads:
                    t.join(30)
            if errors:
                raise errors[0]
    except KeyboardInterrupt:
        print("mutate: interrupted; removing the scratch copies (the project is unchanged)"
              + (f"; continue with --resume {journal_path}" if journal_path else ""), file=sys.stderr)
    finally:
        for s in scratches:
            s.remove()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for r in results.values():
            r.seconds = round(r.seconds, 1)
        journal.save()
    return list(results.values())


def score(results: list[Result], upto: tuple[str, ...]) -> tuple[int, int]:
    counted = [r for r in results if not r.equivalent and r.complete]
    return sum(r.caught_by in upto for r in counted), len(counted)


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f} %" if b else "n/a"


def write_report(results: list[Result], path: Path, header: str) -> None:
    done = [r for r in results if r.complete]
    lines = [header, ""]
    for label, upto in (("tier 1 (unit)", ("unit",)), ("tiers 1-2 (unit, data)", ("unit", "data")),
                        ("tiers 1-3 (unit, data, diff)", ("unit", "data", "diff"))):
        a, b = score(done, upto)
        lines.append(f"- {label}: {a} / {b} = {pct(a, b)} of the non-equivalent mutants")
    eq = sum(bool(r.equivalent) for r in done)
    lines.append(f"- equivalent (tests/mutation/equivalent.txt, not counted): {eq}")
    lines.append(f"- mutant time: {sum(r.seconds for r in done) / 60:.1f} min for {len(done)} mutants")
    if len(done) < len(results):
        lines.append(f"- not finished (interrupted; `--resume`): {len(results) - len(done)}")
    lines += ["", "| mutant | file:line | change | caught by | seconds | failing test / note |", "|---|---|---|---|---|---|"]
    for r in sorted(done, key=lambda r: (r.file, r.line, r.op)):
        note = r.reason if not r.equivalent else f"equivalent: {r.equivalent}"
        note = note.replace("|", "\\|")
        change = r.change.replace("|", "\\|")
        lines.append(f"| {r.id} | {Path(r.file).name}:{r.line} | {change} | {r.caught_by} | {r.seconds:.0f} | {note} |")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ops", default=",".join(DEFAULT_OPS), help=f"operators, of {','.join(ALL_OPS)}")
    parser.add_argument("--list", action="store_true", help="print the sites and stop")
    parser.add_argument("--sample", type=int, default=0, help="draw this many mutants (0: every site)")
    parser.add_argument("--seed", type=int, default=13, help="seed of the draw")
    parser.add_argument("--ids", nargs="*", help="run only these mutant ids")
    parser.add_argument("--tiers", default="unit,data,diff", help="tiers to run, in order")
    parser.add_argument("--jobs", type=int, default=1, help="scratch copies running tiers 2-3 side by side")
    parser.add_argument("--no-direct", action="store_true",
                        help="run tier 1 with dbt only (not the unit tests' SQL directly in DuckDB)")
    parser.add_argument("--diff-for-equivalent", action="store_true", help="run tier 3 on listed equivalents too")
    parser.add_argument("--json", type=Path, help="write the results as JSON here (after every mutant)")
    parser.add_argument("--resume", action="store_true",
                        help="take over the finished mutants of --json (an interrupted run) and run the rest")
    parser.add_argument("--reuse", type=Path, help="JSON of an earlier run: reuse its catches and its data/diff "
                        "outcomes (valid when since then only tests were added)")
    parser.add_argument("--report", type=Path, help="write the Markdown table here (default: --json's path with "
                        ".md, else target/mutation-report.md; the committed reports in docs/ only when named)")
    parser.add_argument("--rev", help="mutate a copy of this git revision (e.g. the tests before a change), "
                        "not of the working tree")
    args = parser.parse_args(argv)

    ops = tuple(o for o in args.ops.split(",") if o)
    unknown = set(ops) - set(ALL_OPS)
    if unknown:
        parser.error(f"unknown operators: {', '.join(sorted(unknown))}")
    tiers = tuple(t for t in args.tiers.split(",") if t)
    if set(tiers) - set(TIERS):
        parser.error(f"tiers are {', '.join(TIERS)}")
    if args.resume and not args.json:
        parser.error("--resume needs --json (the file of the interrupted run)")
    sites = all_sites(PROJECT_DIR, ops)
    equivalent = load_equivalent(PROJECT_DIR)
    stale = set(equivalent) - {equivalence_key(m.file, m.op, m.original_line, m.occurrence) for m in sites}
    for file, op, line, occurrence in sorted(stale):  # the SQL changed: the entry names no site any more
        print(f"mutate: {EQUIVALENT_FILE} names no site: {file} | {op} | {line}"
              + (f" [{occurrence}]" if occurrence > 1 else ""), file=sys.stderr)
    if args.list:
        for m in sites:
            eq = equivalent.get(equivalence_key(m.file, m.op, m.original_line, m.occurrence))
            print(f"{m.id}\t{m.file}:{m.line}\t{m.change}\t{m.mutated_line}{'  [equivalent]' if eq else ''}")
        print(f"{len(sites)} sites", file=sys.stderr)
        return 0
    chosen = sites
    if args.ids:
        by_id = {m.id: m for m in sites}
        missing = [i for i in args.ids if i not in by_id]
        if missing:
            parser.error(f"no such mutant: {', '.join(missing)}")
        chosen = [by_id[i] for i in args.ids]
    elif args.sample and args.sample < len(sites):
        chosen = sorted(random.Random(args.seed).sample(sites, args.sample), key=lambda m: (m.file, m.start))
    resume = {}
    if args.resume and args.json.exists():
        # finished mutants, and the tiers already run of unfinished ones (a tier is recorded when it ended)
        resume = {r["id"]: r for r in json.loads(args.json.read_text())}
    print(f"mutate: {len(chosen)} of {len(sites)} sites, tiers {', '.join(tiers)}"
          + (f", {sum(resume.get(m.id, {}).get('complete', False) for m in chosen)} finished before (--resume)"
             if resume else ""), file=sys.stderr)
    started = time.monotonic()
    results = run_mutants(chosen, tiers, equivalent, args.diff_for_equivalent, args.rev,
                          {r["id"]: r for r in json.loads(args.reuse.read_text())} if args.reuse else None,
                          resume, args.json, args.jobs, not args.no_direct)
    header = (f"# Mutation report\n\n`scripts/mutate.py --ops {','.join(ops)} --tiers {','.join(tiers)}"
              + (f" --sample {args.sample} --seed {args.seed}" if args.sample and not args.ids else "")
              + (f" --rev {args.rev}" if args.rev else "")
              + f"`: {len(results)} mutants of {len(sites)} sites; this invocation took "
              + f"{(time.monotonic() - started) / 60:.1f} min wall-clock (--jobs {args.jobs}).\n")
    report = args.report or (args.json.with_suffix(".md") if args.json else PROJECT_DIR / "target/mutation-report.md")
    write_report(results, report, header)
    print(f"mutate: report {report}", file=sys.stderr)
    done = [r for r in results if r.complete]
    for label, upto in (("unit", ("unit",)), ("unit+data", ("unit", "data")), ("unit+data+diff", TIERS)):
        a, b = score(done, upto)
        print(f"mutate: caught by {label}: {a}/{b} = {pct(a, b)}", file=sys.stderr)
    survivors = [r for r in done if r.caught_by == "survived" and not r.equivalent]
    return 1 if survivors or len(done) < len(chosen) else 0


if __name__ == "__main__":
    sys.exit(main())
