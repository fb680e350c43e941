"""Small-cell protection of the public variants, attacked as a reader would:
from what the public marts publish (counts, shares) and the sums every reader
knows (the m2 buckets sum to m1; m4 and the persons not meeting the
requirement sum to m1; kommuner sum to their region, regions to hele landet;
the focus target's persons with two and with fewer sum to its persons; a
published share is its numerator over its denominator), every suppressed
count and every small virtual count (m1 - m4, persons - persons_two_plus) is
bounded by linear programming (scipy.optimize.linprog, all constraints,
non-negativity) after the simple single-unknown subtraction. The test fails
if any can be pinned to one value. A suppressed cell whose true value is 0
is no target: where a published total is 0, every part is 0, and that
reveals no person. Run on the shared sample build, where a
sample of 1,500 persons makes most cells small, so suppression happens
everywhere."""

from __future__ import annotations

import random
import shutil
from collections import defaultdict

import pytest
from scipy.optimize import linprog

from conftest import run_dbt

# The shared sample has 1,500 persons: at the default of 5 nearly every kommune
# cell is small and little is published. Rebuilt with 3, the public variants
# mix published and suppressed cells, which is what the attack needs.
MIN_CELL_COUNT = 3
BUCKETS = ["m2_interviews_0", "m2_interviews_1", "m2_interviews_2", "m2_interviews_3plus"]
EE_COUNTS = ["m1_persons", *BUCKETS, "m4_persons_meeting_requirement"]
NOT_MEETING = "m4_persons_not_meeting_requirement"
SHARES = {
    "m3_share_0": "m2_interviews_0",
    "m3_share_1": "m2_interviews_1",
    "m3_share_2": "m2_interviews_2",
    "m3_share_3plus": "m2_interviews_3plus",
    "m4_share_meeting_requirement": "m4_persons_meeting_requirement",
}


class Reader:
    """What a reader of the public marts knows: published values (None when
    suppressed or never published) and linear equations sum(coef * var) = 0,
    grouped in blocks that share no variable (one report month)."""

    def __init__(self):
        self.published: dict[tuple, float | None] = {}
        self.blocks: dict[tuple, list[dict[tuple, float]]] = defaultdict(list)

    def add(self, block, equation: dict[tuple, float]):
        self.blocks[block].append(equation)


def build_reader(result) -> tuple[Reader, dict[tuple, int], set[tuple]]:
    """The reader's knowledge from the public marts of a built database,
    the true (internal) values and the cells to protect."""
    reader = Reader()
    truth: dict[tuple, int] = {}
    targets: set[tuple] = set()
    region_of = dict(
        result.query("select cast(municipality_code as varchar), cast(region_code as varchar) from reference.municipalities")
    )
    columns = ", ".join(EE_COUNTS + list(SHARES))
    public = result.query(
        f"select cast(report_month as varchar), geo_level, geo_code, {columns} "
        "from marts.mart_early_effort_monthly_public"
    )
    internal = {
        (r[0], r[1], r[2]): r[3:]
        for r in result.query(
            f"select cast(report_month as varchar), geo_level, geo_code, {', '.join(EE_COUNTS)} "
            "from marts.mart_early_effort_monthly"
        )
    }
    for month, level, code, *values in public:
        unit = (month, level, code)
        counts = dict(zip(EE_COUNTS, values[: len(EE_COUNTS)]))
        shares = dict(zip(SHARES, values[len(EE_COUNTS):]))
        true_counts = dict(zip(EE_COUNTS, internal[unit]))
        for name in EE_COUNTS:
            var = ("ee", *unit, name)
            reader.published[var] = counts[name]
            truth[var] = true_counts[name]
            if counts[name] is None and true_counts[name] > 0:
                targets.add(var)
        not_meeting = ("ee", *unit, NOT_MEETING)
        reader.published[not_meeting] = None
        truth[not_meeting] = true_counts["m1_persons"] - true_counts["m4_persons_meeting_requirement"]
        if 1 <= truth[not_meeting] < MIN_CELL_COUNT:
            targets.add(not_meeting)
        block = ("ee", month)
        m1 = ("ee", *unit, "m1_persons")
        reader.add(block, {m1: -1.0, **{("ee", *unit, b): 1.0 for b in BUCKETS}})
        reader.add(block, {m1: -1.0, ("ee", *unit, "m4_persons_meeting_requirement"): 1.0, not_meeting: 1.0})
        for share, numerator in SHARES.items():
            if shares[share] is not None:
                reader.add(block, {("ee", *unit, numerator): 1.0, m1: -float(shares[share])})
    months = {m for m, _, _ in internal}
    regions = {code for (_, level, code) in internal if level == "region"}
    for month in months:
        for name in [*EE_COUNTS, NOT_MEETING]:
            country = {("ee", month, "hele_landet", "DK", name): -1.0}
            for region in regions:
                country[("ee", month, "region", region, name)] = 1.0
                equation = {("ee", month, "region", region, name): -1.0}
                for kommune, kommune_region in region_of.items():
                    if kommune_region == region:
                        equation[("ee", month, "kommune", kommune, name)] = 1.0
                reader.add(("ee", month), equation)
            reader.add(("ee", month), country)
    focus_internal = {
        (r[0], r[1]): (r[2], r[3])
        for r in result.query(
            "select cast(report_month as varchar), a_kasse, persons, persons_two_plus from marts.mart_focus_target_monthly"
        )
    }
    for month, a_kasse, persons, two_plus, share in result.query(
        "select cast(report_month as varchar), a_kasse, persons, persons_two_plus, share_two_plus "
        "from marts.mart_focus_target_monthly_public"
    ):
        p, t, f = (("ft", month, a_kasse, n) for n in ("persons", "persons_two_plus", "persons_fewer"))
        true_p, true_t = focus_internal[(month, a_kasse)]
        reader.published.update({p: persons, t: two_plus, f: None})
        truth.update({p: true_p, t: true_t, f: true_p - true_t})
        targets.update(v for v, value in ((p, persons), (t, two_plus)) if value is None and truth[v] > 0)
        if 1 <= true_p - true_t < MIN_CELL_COUNT:
            targets.add(f)
        reader.add(("ft", month, a_kasse), {p: -1.0, t: 1.0, f: 1.0})
        if share is not None:
            reader.add(("ft", month, a_kasse), {t: 1.0, p: -float(share)})
    return reader, truth, targets


def pinned_cells(reader: Reader, targets: set[tuple], truth: dict[tuple, int]) -> dict[tuple, str]:
    """Every target the reader can pin to one value, with how. The true
    value is a feasible point, so a target is free as soon as some feasible
    point puts it at least one away from it (then the convex range holds two
    integers); otherwise linear programming bounds it on both sides."""
    pinned: dict[tuple, str] = {}
    rng = random.Random(0)
    for equations in reader.blocks.values():
        reduced = []
        for equation in equations:
            unknown = {v: c for v, c in equation.items() if reader.published[v] is None}
            constant = sum(c * reader.published[v] for v, c in equation.items() if reader.published[v] is not None)
            if unknown:
                reduced.append((unknown, constant))
        # The simple attack: an equation with a single unknown.
        for unknown, constant in reduced:
            if len(unknown) == 1:
                ((var, coefficient),) = unknown.items()
                if var in targets:
                    pinned[var] = f"subtraction gives {-constant / coefficient}"
        # Linear programming over each connected set of unknowns.
        for members, rows in _components(reduced):
            local = {v: k for k, v in enumerate(members)}
            a_eq = [[0.0] * len(local) for _ in rows]
            b_eq = []
            for r, (unknown, constant) in enumerate(rows):
                for var, coefficient in unknown.items():
                    a_eq[r][local[var]] = coefficient
                b_eq.append(-constant)
            wanted = [v for v in members if v in targets and v not in pinned]
            if not wanted:
                continue
            free: set[tuple] = set()

            def solve(objective):
                res = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=[(0, None)] * len(local), method="highs")
                if res.status == 3:  # unbounded in this direction
                    return None
                assert res.status == 0, res.message
                for var in wanted:
                    if abs(res.x[local[var]] - truth[var]) >= 1 - 1e-6:
                        free.add(var)
                return res.x

            # A few vertices first: most targets move in one of them.
            for sign in (1.0, -1.0):
                solve([sign * (v in wanted) for v in members])
            for _ in range(4):
                solve([rng.uniform(-1, 1) for _ in members])
            for var in wanted:
                if var in free:
                    continue
                objective = [0.0] * len(local)
                for sign in (-1.0, 1.0):
                    objective[local[var]] = sign
                    if solve(objective) is None:
                        free.add(var)
                    if var in free:
                        break
                else:
                    pinned[var] = f"linear programming keeps it within one of {truth[var]}"
    return pinned


def _components(reduced):
    """The equations split into sets sharing no unknown: (unknowns, equations)."""
    parent: dict[tuple, tuple] = {}

    def find(v):
        parent.setdefault(v, v)
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for unknown, _ in reduced:
        first, *rest = unknown
        for other in rest:
            parent[find(other)] = find(first)
        find(first)
    members: dict[tuple, list] = defaultdict(list)
    for v in parent:
        members[find(v)].append(v)
    rows: dict[tuple, list] = defaultdict(list)
    for equation in reduced:
        rows[find(next(iter(equation[0])))].append(equation)
    return [(sorted(members[root]), rows[root]) for root in members]


@pytest.fixture(scope="module")
def reader_on_sample(sample_build, tmp_path_factory):
    """The shared sample build, copied, with the protection rerun at
    MIN_CELL_COUNT (only the models from int_small_cells on)."""
    built, raw, _ = sample_build
    assert built.returncode == 0, built.output[-3000:]
    work = tmp_path_factory.mktemp("protected")
    shutil.copy(built.database, work / "jobsamtaler.duckdb")
    result = run_dbt(
        ["run", "-s", "int_small_cells+"],
        work,
        raw,
        min_cell_count=MIN_CELL_COUNT,
    )
    assert result.returncode == 0, result.output[-3000:]
    return result, *build_reader(result)


def test_suppression_happens_on_the_sample(reader_on_sample):
    _, reader, truth, targets = reader_on_sample
    suppressed = [v for v, value in reader.published.items() if value is None and v[-1] not in (NOT_MEETING, "persons_fewer")]
    assert len(suppressed) > 500
    assert any(truth[v] >= MIN_CELL_COUNT for v in suppressed), "complementary cells are suppressed too"
    published = [v for v, value in reader.published.items() if value]
    assert len(published) > 100
    assert all(value == 0 or value >= MIN_CELL_COUNT for value in reader.published.values() if value is not None)


def test_no_suppressed_cell_can_be_recovered(reader_on_sample):
    _, reader, truth, targets = reader_on_sample
    assert targets
    pinned = pinned_cells(reader, targets, truth)
    assert not pinned, list(pinned.items())[:10]


def test_the_attack_pins_what_subtraction_alone_does_not():
    """The attack can fail. Two kommuner A and B of one region are hidden;
    their m1 sum to 4 (the region minus the published kommuner) and, through
    the m2 buckets, A's m1 exceeds B's by 2 with every bucket equation holding
    two unknowns: no subtraction finds a value, linear programming pins A = 3
    and B = 1. Alone, the first sum leaves both free."""
    a, b, a3, b0 = (("ee", "2024-06", "kommune", k, n) for k, n in (
        ("A", "m1_persons"), ("B", "m1_persons"), ("A", "m2_interviews_3plus"), ("B", "m2_interviews_0"),
    ))
    reader = Reader()
    reader.published = {a: None, b: None, a3: None, b0: None}
    block = ("ee", "2024-06")
    reader.published[("ee", "2024-06", "region", "R", "m1_persons")] = 4
    reader.blocks[block] = [
        {a: 1.0, b: 1.0, ("ee", "2024-06", "region", "R", "m1_persons"): -1.0},
        {a: 1.0, a3: -1.0},  # A's only non-zero bucket is 3+
        {b: 1.0, b0: -1.0},  # B's only non-zero bucket is 0
    ]
    truth = {a: 3, b: 1, a3: 3, b0: 1}
    assert pinned_cells(reader, {a, b}, truth) == {}
    # A published sum elsewhere: A's 3+ exceeds B's 0 bucket by 2 (= R / 2).
    reader.blocks[block].append({a3: 1.0, b0: -1.0, ("ee", "2024-06", "region", "R", "m1_persons"): -0.5})
    pinned = pinned_cells(reader, {a, b}, truth)
    assert set(pinned) == {a, b}
    assert all("linear programming" in how for how in pinned.values())
