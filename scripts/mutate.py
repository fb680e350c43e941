"""Mutation testing of the rule SQL: do the tests notice a small slip?

Lists the sites of a fixed set of single-operator changes in the SQL of
models/intermediate and models/marts (outside SQL comments, string literals
and Jinja), draws mutants reproducibly from a seed, applies each one alone to
a scratch copy of the project (the project's own files are never written) and
runs the tiers in order, stopping at the first that fails:

  1. unit: the dbt unit tests of the changed model (`dbt test --select
     "<model>,test_type:unit"`). A unit test mocks every input of its model,
     so the unit tests of the descendants cannot see the change; mutants of
     different models therefore share one run (one mutant per model), and
     the run's unit tests are attributed to their models;
  2. data: the changed model and its descendants rebuilt on a small generated
     sample (200 persons) with their data tests (`dbt build --select <model>+
     --exclude-resource-type unit_test`), on a fresh copy of the sample
     database built once from the unchanged project;
  3. diff: the differential test's CI profile (tests/python/test_differential.py
     of the scratch copy, so it builds the mutated copy).

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
--diff-for-equivalent). Results go to a JSON file (--json) and a Markdown
table (docs/mutation-report.md by default, --report).

Examples:
  .venv/bin/python scripts/mutate.py --list                 # the sites
  nice -n 15 .venv/bin/python scripts/mutate.py --sample 150 --seed 13
  .venv/bin/python scripts/mutate.py --ids <id> <id> --tiers unit

A mutant's id is `<file stem>:<operator>:<n>` where n counts the sites of
that operator in that file from the top; ids are stable as long as the file
does not change above the site.

The scratch copy lives in a temporary folder removed at exit (also on
Ctrl-C); the project folder is only written for the report files.
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


class Scratch:
    """A copy of the project in a temporary folder (from the working tree, or
    from git revision `rev`). Mutants are written only here; the folder is
    removed by remove()."""

    def __init__(self, project: Path, rev: str | None = None):
        self.project = project
        self.root = Path(tempfile.mkdtemp(prefix="jobsamtaler-mutate-"))
        self.dir = self.root / "project"
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

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def dbt_run(self, args: list[str], timeout: int) -> tuple[int, str]:
        command = [self.dbt, *args, "--target-path", str(self.target), "--vars", self.vars]
        try:
            done = subprocess.run(
                command, cwd=self.dir, env=self.env, capture_output=True, text=True, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            return -1, "timeout"
        return done.returncode, done.stdout + done.stderr

    def prepare(self, persons: int = SAMPLE_PERSONS, full: bool = True) -> None:
        """Generate the sample registers and build the unchanged project on
        them (full: with every test, kept as the pristine database for tier 2;
        else only seeds and models with `--empty`, enough for unit tests)."""
        subprocess.run(
            [self.python, str(self.dir / "scripts/generate_registers.py"), "--out", str(self.raw),
             "--persons", str(persons), "--seed", str(SAMPLE_SEED), "--threads", "1", "--quiet"],
            check=True, cwd=self.dir, env=self.env,
        )
        if full:
            rc, out = self.dbt_run(["build"], 1800)
        else:
            rc, out = self.dbt_run(["build", "--empty", "--exclude-resource-type", "test", "--exclude-resource-type", "unit_test"], 1800)
        if rc != 0:
            raise SystemExit("mutate: the unchanged project does not build on the sample:\n" + _failures(out))
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
        rc, out = self.dbt_run(["test", "--select", *selectors], TIER_TIMEOUT["unit"])
        caught: dict[str, list[str]] = {}
        results_file = self.target / "run_results.json"
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
        results_file.unlink(missing_ok=True)
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
        try:
            done = subprocess.run(
                [self.python, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
                 "--basetemp", str(self.root / "pytest"), "tests/python/test_differential.py"],
                cwd=self.dir, env=self.env, capture_output=True, text=True, timeout=TIER_TIMEOUT["diff"],
            )
        except subprocess.TimeoutExpired:
            return True, "timeout"
        return done.returncode != 0, (_failures(done.stdout + done.stderr) if done.returncode else "")


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
    return caught, (old["reason"] + " (reused)").strip(), share


def run_mutants(mutants: list[Mutant], tiers: tuple[str, ...], equivalent: dict,
                diff_for_equivalent: bool, rev: str | None = None,
                prior: dict[str, dict] | None = None) -> list[Result]:
    """Tier 1 in batches of mutants of different models, then tiers 2 and 3
    one mutant at a time on the survivors. Returns the finished mutants (all
    of them unless interrupted). `prior`: results of an earlier run by id,
    whose outcomes are reused (see _reused)."""
    prior = prior or {}
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    # Ctrl-C and kill end the run cleanly, also when started in the background
    # (where a shell makes the process ignore SIGINT).
    signal.signal(signal.SIGTERM, _raise_interrupt)
    signal.signal(signal.SIGINT, _raise_interrupt)
    scratch = Scratch(PROJECT_DIR, rev)
    results: dict[str, Result] = {}
    open_ids: list[str] = []
    try:
        t0 = time.monotonic()
        if "unit" in tiers or "data" in tiers:  # the diff tier builds its own registers
            scratch.prepare(full="data" in tiers)
        print(f"mutate: scratch copy {scratch.dir} ready in {time.monotonic() - t0:.0f} s", file=sys.stderr)
        for m in mutants:
            eq = equivalent.get(equivalence_key(m.file, m.op, m.original_line, m.occurrence), "")
            results[m.id] = Result(m.id, m.file, m.line, m.op, m.change, m.original_line, "survived", "", 0.0, eq,
                                   occurrence=m.occurrence)
        pending = list(mutants)
        if "unit" in tiers:
            for m in pending:
                reuse = _reused(prior, m, "unit")
                if reuse:
                    r = results[m.id]
                    r.tiers_run.append("unit")
                    r.caught_by, r.reason, r.seconds = "unit", reuse[1], reuse[2]
            batches = unit_batches([m for m in pending if results[m.id].caught_by == "survived"])
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
                print(f"mutate: unit batch {number}/{len(batches)}: {len(batch)} mutants, "
                      f"{sum(model_of(m) in caught for m in batch)} caught, {share * len(batch):.0f} s", file=sys.stderr)
            pending = [m for m in pending if results[m.id].caught_by == "survived"]
        for tier in ("data", "diff"):
            if tier not in tiers:
                continue
            todo = [m for m in pending if not (tier == "diff" and results[m.id].equivalent and not diff_for_equivalent)]
            for number, m in enumerate(todo, 1):
                reuse = _reused(prior, m, tier)
                if reuse:
                    r = results[m.id]
                    r.tiers_run.append(tier)
                    r.seconds += reuse[2]
                    if reuse[0]:
                        r.caught_by, r.reason = tier, reuse[1]
                    continue
                start = time.monotonic()
                with Applied(scratch, [m]):
                    hit, why = scratch.data_tier(model_of(m)) if tier == "data" else scratch.diff_tier()
                r = results[m.id]
                r.tiers_run.append(tier)
                r.seconds += time.monotonic() - start
                if hit:
                    r.caught_by, r.reason = tier, why
                print(f"mutate: {tier} {number}/{len(todo)} {m.file}:{m.line} {m.op} {m.change}: "
                      f"{'caught' if hit else 'survived'}{' (equivalent)' if r.equivalent else ''} "
                      f"{time.monotonic() - start:.0f} s {why}", file=sys.stderr)
            pending = [m for m in pending if results[m.id].caught_by == "survived"]
        open_ids = []
    except KeyboardInterrupt:
        open_ids = [i for i, r in results.items() if r.caught_by == "survived"]
        print("mutate: interrupted; the scratch copy is removed, the project is unchanged", file=sys.stderr)
    finally:
        scratch.remove()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    for i in open_ids:  # not known: not reported as survivors
        del results[i]
    for r in results.values():
        r.seconds = round(r.seconds, 1)
    return list(results.values())


def score(results: list[Result], upto: tuple[str, ...]) -> tuple[int, int]:
    counted = [r for r in results if not r.equivalent and r.caught_by != "not run"]
    return sum(r.caught_by in upto for r in counted), len(counted)


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f} %" if b else "n/a"


def write_report(results: list[Result], path: Path, header: str) -> None:
    lines = [header, ""]
    for label, upto in (("tier 1 (unit)", ("unit",)), ("tiers 1-2 (unit, data)", ("unit", "data")),
                        ("tiers 1-3 (unit, data, diff)", ("unit", "data", "diff"))):
        a, b = score(results, upto)
        lines.append(f"- {label}: {a} / {b} = {pct(a, b)} of the non-equivalent mutants")
    eq = sum(bool(r.equivalent) for r in results)
    lines.append(f"- equivalent (tests/mutation/equivalent.txt, not counted): {eq}")
    lines.append(f"- total time: {sum(r.seconds for r in results) / 60:.1f} min for {len(results)} mutants")
    lines += ["", "| mutant | file:line | change | caught by | seconds | failing test / note |", "|---|---|---|---|---|---|"]
    for r in sorted(results, key=lambda r: (r.file, r.line, r.op)):
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
    parser.add_argument("--diff-for-equivalent", action="store_true", help="run tier 3 on listed equivalents too")
    parser.add_argument("--json", type=Path, help="write the results as JSON here")
    parser.add_argument("--reuse", type=Path, help="JSON of an earlier run: reuse its catches and its data/diff "
                        "outcomes (valid when since then only tests were added)")
    parser.add_argument("--report", type=Path, help="write the Markdown table here (default docs/mutation-report.md)")
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
    sites = all_sites(PROJECT_DIR, ops)
    equivalent = load_equivalent(PROJECT_DIR)
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
    print(f"mutate: {len(chosen)} of {len(sites)} sites, tiers {', '.join(tiers)}", file=sys.stderr)
    results = run_mutants(chosen, tiers, equivalent, args.diff_for_equivalent, args.rev,
                          {r["id"]: r for r in json.loads(args.reuse.read_text())} if args.reuse else None)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=1))
    header = (f"# Mutation report\n\n`scripts/mutate.py --ops {','.join(ops)} --tiers {','.join(tiers)}"
              + (f" --sample {args.sample} --seed {args.seed}" if args.sample and not args.ids else "")
              + (f" --rev {args.rev}" if args.rev else "")
              + f"`: {len(results)} mutants of {len(sites)} sites.\n")
    write_report(results, args.report or PROJECT_DIR / "docs/mutation-report.md", header)
    for label, upto in (("unit", ("unit",)), ("unit+data", ("unit", "data")), ("unit+data+diff", TIERS)):
        a, b = score(results, upto)
        print(f"mutate: caught by {label}: {a}/{b} = {pct(a, b)}", file=sys.stderr)
    survivors = [r for r in results if r.caught_by == "survived" and not r.equivalent]
    return 1 if survivors or len(results) < len(chosen) else 0


if __name__ == "__main__":
    sys.exit(main())
