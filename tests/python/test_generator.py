"""Tests of the sample-register generator (scripts/generate_registers.py).

Small and fast: a few hundred persons per run, written to pytest's tmp_path.
The expected schema below is copied from the data contract
(shared/spec/registers.md), not imported from the generator, so that a drift
in the generator shows up here.
"""
from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "generate_registers.py"

_spec = importlib.util.spec_from_file_location("generate_registers", SCRIPT)
gen = importlib.util.module_from_spec(_spec)
sys.modules["generate_registers"] = gen
_spec.loader.exec_module(gen)

CONTRACT: dict[str, list[tuple[str, str]]] = {
    "cpr_person": [("person_id", "VARCHAR"), ("foedselsdato", "DATE")],
    "cpr_adresse": [("person_id", "VARCHAR"), ("kommune_kode", "SMALLINT"),
                    ("fra_dato", "DATE"), ("til_dato", "DATE")],
    "ram_ledighed": [("person_id", "VARCHAR"), ("aar_uge", "VARCHAR"), ("a_kasse", "VARCHAR"),
                     ("timer", "DECIMAL(7,2)"), ("forsikring", "VARCHAR")],
    "fleur_udbetaling": [("person_id", "VARCHAR"), ("a_kasse", "VARCHAR"), ("ydelse", "VARCHAR"),
                         ("periode_fra", "DATE"), ("periode_til", "DATE"),
                         ("timer", "DECIMAL(7,2)"), ("forsikring", "VARCHAR")],
    "taeller_dagpengeperiode": [("person_id", "VARCHAR"), ("indplaceringsdato", "DATE"),
                                ("sidste_dag", "DATE")],
    "kmd_sygedagpenge": [("person_id", "VARCHAR"), ("fra_dato", "DATE"), ("til_dato", "DATE"),
                         ("delvis_raskmeldt", "BOOLEAN")],
    "plan_tilbud": [("person_id", "VARCHAR"), ("tilbud", "VARCHAR"), ("ydelsesgrundlag", "VARCHAR"),
                    ("fra_dato", "DATE"), ("til_dato", "DATE"), ("timer_pr_uge", "DECIMAL(5,2)")],
    "tass_samtale": [("samtale_id", "VARCHAR"), ("person_id", "VARCHAR"), ("samtale_dato", "DATE"),
                     ("samtaletype", "VARCHAR"), ("kontaktform", "VARCHAR"), ("afholdt_af", "VARCHAR"),
                     ("kommune_kode", "SMALLINT"), ("a_kasse", "VARCHAR"), ("status", "VARCHAR")],
    "tass_fravaer": [("person_id", "VARCHAR"), ("fravaer_id", "SMALLINT"), ("fra_dato", "DATE"),
                     ("til_dato", "DATE")],
    "tass_tilmelding": [("person_id", "VARCHAR"), ("fra_dato", "DATE"), ("til_dato", "DATE")],
    "tass_overgang": [("person_id", "VARCHAR"), ("indplaceringsdato", "DATE"), ("overgangsdato", "DATE")],
    "uddannelsespaalaeg": [("person_id", "VARCHAR"), ("fra_dato", "DATE"), ("til_dato", "DATE")],
}

# columns with a Mon-Fri week / interval meaning per register (fra, til)
INTERVALS = {
    "cpr_adresse": ("fra_dato", "til_dato"),
    "fleur_udbetaling": ("periode_fra", "periode_til"),
    "taeller_dagpengeperiode": ("indplaceringsdato", "sidste_dag"),
    "kmd_sygedagpenge": ("fra_dato", "til_dato"),
    "plan_tilbud": ("fra_dato", "til_dato"),
    "tass_fravaer": ("fra_dato", "til_dato"),
    "tass_tilmelding": ("fra_dato", "til_dato"),
    "tass_overgang": ("indplaceringsdato", "overgangsdato"),
    "uddannelsespaalaeg": ("fra_dato", "til_dato"),
}

N = 300


def _gen(path: Path, **kw) -> Path:
    args = dict(persons=N, seed=42, bad_rows=0.0, progress=False)
    args.update(kw)
    gen.generate(path, **args)
    return path


def _con(path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for reg in CONTRACT:
        con.execute(f"CREATE VIEW {reg} AS SELECT * FROM read_parquet('{path / (reg + '.parquet')}')")
    return con


def _rows(path: Path, reg: str) -> list[tuple]:
    return duckdb.connect().execute(f"SELECT * FROM read_parquet('{path / (reg + '.parquet')}')").fetchall()


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Path:
    return _gen(tmp_path_factory.mktemp("clean"))


@pytest.fixture(scope="module")
def con(clean) -> duckdb.DuckDBPyConnection:
    return _con(clean)


@pytest.fixture(scope="module")
def bad(tmp_path_factory) -> Path:
    return _gen(tmp_path_factory.mktemp("bad"), bad_rows=0.05)


@pytest.fixture(scope="module")
def larger(tmp_path_factory) -> duckdb.DuckDBPyConnection:
    """2,000 persons (about a second) for checks of what the data exercises."""
    return _con(_gen(tmp_path_factory.mktemp("larger"), persons=2000, seed=11))


# ----------------------------------------------------------------- contract
def test_exactly_twelve_files(clean):
    assert sorted(p.name for p in clean.iterdir()) == sorted(f"{r}.parquet" for r in CONTRACT)


@pytest.mark.parametrize("reg", sorted(CONTRACT))
def test_columns_and_types_match_contract(clean, reg):
    desc = duckdb.connect().execute(
        f"DESCRIBE SELECT * FROM read_parquet('{clean / (reg + '.parquet')}')").fetchall()
    assert [(r[0], r[1]) for r in desc] == CONTRACT[reg]


@pytest.mark.parametrize("reg", sorted(CONTRACT))
def test_every_register_has_rows(clean, reg):
    assert _rows(clean, reg), reg


def test_generate_returns_row_counts(tmp_path):
    counts = gen.generate(tmp_path, persons=20, seed=1, progress=False)
    assert set(counts) == set(CONTRACT)
    assert counts["cpr_person"] == 20


# ----------------------------------------------------------------- determinism
def test_same_seed_same_content(clean, tmp_path):
    other = _gen(tmp_path)
    for reg in CONTRACT:
        assert _rows(clean, reg) == _rows(other, reg), reg


def test_different_seed_differs(clean, tmp_path):
    other = _gen(tmp_path, seed=43)
    differing = [reg for reg in CONTRACT if _rows(clean, reg) != _rows(other, reg)]
    assert len(differing) >= 10, differing


def test_independent_of_threads_and_chunking(clean, tmp_path):
    other = _gen(tmp_path, threads=1, chunk_size=70)
    for reg in CONTRACT:
        assert _rows(clean, reg) == _rows(other, reg), reg


def test_bad_rows_deterministic(bad, tmp_path):
    other = _gen(tmp_path, bad_rows=0.05)
    for reg in CONTRACT:
        assert _rows(bad, reg) == _rows(other, reg), reg


# ----------------------------------------------------------------- clean values
@pytest.mark.parametrize("reg", sorted(CONTRACT))
def test_person_id_never_empty(con, reg):
    n = con.execute(f"SELECT count(*) FROM {reg} WHERE person_id IS NULL OR person_id = ''").fetchone()[0]
    assert n == 0


def test_ram_weeks_are_real_iso_weeks(con):
    weeks = [r[0] for r in con.execute("SELECT DISTINCT aar_uge FROM ram_ledighed").fetchall()]
    assert weeks
    pat = re.compile(r"^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$")
    assert [w for w in weeks if not pat.match(w)] == []
    # a real ISO week: its Monday formats back to the same week
    bad = con.execute("""
        SELECT aar_uge FROM (SELECT DISTINCT aar_uge FROM ram_ledighed)
        WHERE strftime(strptime(aar_uge || '-1', '%G-W%V-%u'), '%G-W%V') <> aar_uge""").fetchall()
    assert bad == []
    # RAM covers only weeks up to 2017-06-30
    last_monday = con.execute(
        "SELECT max(strptime(aar_uge || '-1', '%G-W%V-%u')::DATE) FROM ram_ledighed").fetchone()[0]
    assert str(last_monday) <= "2017-06-26"


def test_ram_hours(con):
    lo, hi = con.execute("SELECT min(timer), max(timer) FROM ram_ledighed").fetchone()
    assert lo > 0 and hi <= 37
    assert con.execute("""SELECT count(*) FROM (SELECT person_id, aar_uge FROM ram_ledighed
                          GROUP BY ALL HAVING count(*) > 1)""").fetchone()[0] == 0
    assert {r[0] for r in con.execute("SELECT DISTINCT forsikring FROM ram_ledighed").fetchall()} \
        <= {"FULDTID", "DELTID"}


def test_fleur_periods_and_hours(con):
    assert con.execute("SELECT count(*) FROM fleur_udbetaling WHERE periode_til < periode_fra").fetchone()[0] == 0
    assert con.execute("SELECT min(periode_fra) FROM fleur_udbetaling").fetchone()[0].isoformat() >= "2017-07-01"
    # hours <= 7.4 (full-time) / 6 (part-time) per weekday of the period
    n = con.execute("""
        WITH w AS (SELECT *, (SELECT count(*) FROM range(periode_fra, periode_til + INTERVAL 1 DAY, INTERVAL 1 DAY) t(d)
                              WHERE isodow(d) <= 5) AS nwd FROM fleur_udbetaling)
        SELECT count(*) FROM w
        WHERE timer <= 0 OR timer > nwd * CASE forsikring WHEN 'D' THEN 6 ELSE 7.4 END""").fetchone()[0]
    assert n == 0
    assert {r[0] for r in con.execute("SELECT DISTINCT forsikring FROM fleur_udbetaling").fetchall()} <= {"F", "D"}
    assert {r[0] for r in con.execute("SELECT DISTINCT ydelse FROM fleur_udbetaling").fetchall()} \
        <= {"ADAG", "FERIEDAGPENGE", "EFTERLOEN"}


def test_samtale_id_unique(con):
    n, d = con.execute("SELECT count(*), count(DISTINCT samtale_id) FROM tass_samtale").fetchone()
    assert n == d and n > 0


def test_samtale_codes(con):
    row = con.execute("""
        SELECT count(*) FILTER (WHERE samtaletype NOT IN
                 ('JOBSAMTALE','FAELLESSAMTALE','RAADIGHEDSSAMTALE','CV_SAMTALE','GRUPPEMOEDE')),
               count(*) FILTER (WHERE kontaktform NOT IN ('FREMMOEDE','DIGITALT','TELEFON','BREV','EMAIL')),
               count(*) FILTER (WHERE status NOT IN ('AFHOLDT','AFLYST','UDEBLEVET')),
               count(*) FILTER (WHERE afholdt_af = 'JOBCENTER' AND (kommune_kode IS NULL OR a_kasse IS NOT NULL)),
               count(*) FILTER (WHERE afholdt_af = 'AKASSE' AND (a_kasse IS NULL OR kommune_kode IS NOT NULL)),
               count(*) FILTER (WHERE afholdt_af NOT IN ('JOBCENTER', 'AKASSE'))
        FROM tass_samtale""").fetchone()
    assert row == (0, 0, 0, 0, 0, 0)


@pytest.mark.parametrize("reg", sorted(INTERVALS))
def test_intervals_ordered(con, reg):
    fra, til = INTERVALS[reg]
    assert con.execute(f"SELECT count(*) FROM {reg} WHERE {til} < {fra}").fetchone()[0] == 0


def test_municipality_codes_are_real(con):
    codes = set(gen.MUNICIPALITIES)
    assert len(codes) == 98
    used = {r[0] for r in con.execute(
        "SELECT kommune_kode FROM cpr_adresse UNION SELECT kommune_kode FROM tass_samtale "
        "WHERE kommune_kode IS NOT NULL").fetchall()}
    assert used <= codes


def test_addresses_do_not_overlap(con):
    n = con.execute("""
        SELECT count(*) FROM cpr_adresse a JOIN cpr_adresse b
          ON a.person_id = b.person_id AND a.fra_dato < b.fra_dato
         AND coalesce(a.til_dato, DATE '9999-12-31') >= b.fra_dato""").fetchone()[0]
    assert n == 0


def test_one_person_row_each(con):
    n, d = con.execute("SELECT count(*), count(DISTINCT person_id) FROM cpr_person").fetchone()
    assert n == d == N


# ----------------------------------------------------------------- what the data exercises
def test_data_exercises_the_rules(larger):
    c = larger

    def one(sql):
        return c.execute(sql).fetchone()[0]

    # RAM and FLEUR both occur, and courses straddle 2017-07-01
    assert one("SELECT count(*) FROM ram_ledighed") > 0
    assert one("""SELECT count(*) FROM taeller_dagpengeperiode t
                  WHERE indplaceringsdato < DATE '2017-07-01' AND EXISTS (
                    SELECT 1 FROM fleur_udbetaling f WHERE f.person_id = t.person_id
                      AND f.periode_fra BETWEEN DATE '2017-07-01' AND t.indplaceringsdato + 365)""") > 0
    # placements in 2023 and 2024 (R7 groups)
    assert one("SELECT count(*) FROM taeller_dagpengeperiode WHERE year(indplaceringsdato) = 2023") > 50
    assert one("SELECT count(*) FROM taeller_dagpengeperiode WHERE year(indplaceringsdato) = 2024") > 50
    # full and part-time insurance, holiday pay and early retirement pay
    assert one("SELECT count(DISTINCT forsikring) FROM fleur_udbetaling") == 2
    assert one("SELECT count(*) FROM fleur_udbetaling WHERE ydelse = 'FERIEDAGPENGE'") > 0
    assert one("SELECT count(*) FROM fleur_udbetaling WHERE ydelse = 'EFTERLOEN'") > 0
    # hours of exactly 7.40 per weekday (thresholds reached exactly on a day)
    assert one("SELECT count(*) FROM fleur_udbetaling WHERE ydelse = 'ADAG' AND timer = 170.20") > 0
    # løntilskud on a-dagpenge and offers on other benefits
    assert one("""SELECT count(*) FROM plan_tilbud
                  WHERE tilbud = 'LOENTILSKUD' AND ydelsesgrundlag = 'A_DAGPENGE'""") > 0
    assert one("SELECT count(DISTINCT ydelsesgrundlag) FROM plan_tilbud") == 3
    # registrations exactly 3 calendar months and 3 months + 1 day before placement (R11)
    for extra in (0, 1):
        assert one(f"""SELECT count(*) FROM taeller_dagpengeperiode t JOIN tass_tilmelding r
                       ON r.person_id = t.person_id
                       AND r.fra_dato = (t.indplaceringsdato - INTERVAL 3 MONTH)::DATE - {extra}""") > 0
    # exemption codes of both tables and other codes; MII runs of 4 and 5 weekdays
    codes = {r[0] for r in c.execute("SELECT DISTINCT fravaer_id FROM tass_fravaer").fetchall()}
    assert codes & set(gen.TABEL1) and codes & set(gen.TABEL2_MII) and codes & set(gen.OTHER_FRAVAER)
    runs = {r[0] for r in c.execute("""
        SELECT (SELECT count(*) FROM range(fra_dato, til_dato + INTERVAL 1 DAY, INTERVAL 1 DAY) t(d)
                WHERE isodow(d) <= 5)
        FROM tass_fravaer WHERE fravaer_id IN (43,44,45,46,71,72,73,77,78) AND til_dato IS NOT NULL""").fetchall()}
    assert {4, 5} <= runs
    # handover rows for 2024 placements
    assert one("SELECT count(*) FROM tass_overgang WHERE indplaceringsdato >= DATE '2024-01-01'") > 0
    # interviews: all types, forms and statuses; both jobcentre and a-kasse
    assert one("SELECT count(DISTINCT samtaletype) FROM tass_samtale") == 5
    assert one("SELECT count(DISTINCT kontaktform) FROM tass_samtale") == 5
    assert one("SELECT count(DISTINCT status) FROM tass_samtale") == 3
    assert one("SELECT count(DISTINCT afholdt_af) FROM tass_samtale") == 2
    # trial a-kasser occur on payments
    assert one(f"SELECT count(DISTINCT a_kasse) FROM fleur_udbetaling WHERE list_contains({gen.TRIAL_AKASSER}, a_kasse)") == 9
    # sick pay, education orders, moves and dates without an address
    assert one("SELECT count(*) FROM kmd_sygedagpenge") > 0
    assert one("SELECT count(*) FROM uddannelsespaalaeg") > 0
    assert one("SELECT count(*) FROM (SELECT person_id FROM cpr_adresse GROUP BY 1 HAVING count(*) > 1)") > 0


def test_compliance_varies_by_municipality(larger):
    """Share of courses with >= 4 held jobcentre interviews in the first 200 days
    differs clearly between municipalities (a rough proxy of measure 4)."""
    shares = [r[0] for r in larger.execute("""
        WITH c AS (
          SELECT t.person_id, t.indplaceringsdato AS p, a.kommune_kode AS k
          FROM taeller_dagpengeperiode t JOIN cpr_adresse a ON a.person_id = t.person_id
           AND t.indplaceringsdato BETWEEN a.fra_dato AND coalesce(a.til_dato, DATE '9999-12-31')
          WHERE t.indplaceringsdato < DATE '2024-01-01'),
        n AS (
          SELECT c.k, (SELECT count(DISTINCT samtale_dato) FROM tass_samtale s
                       WHERE s.person_id = c.person_id AND s.afholdt_af = 'JOBCENTER' AND s.status = 'AFHOLDT'
                         AND s.samtaletype = 'JOBSAMTALE' AND s.samtale_dato BETWEEN c.p AND c.p + 200) AS n
          FROM c)
        SELECT avg((n >= 4)::INT) FROM n GROUP BY k HAVING count(*) >= 40""").fetchall()]
    assert len(shares) >= 3
    assert max(shares) - min(shares) > 0.15


# ----------------------------------------------------------------- bad rows
@pytest.mark.parametrize("reg", sorted(CONTRACT))
def test_bad_rows_every_kind_present_and_types_kept(bad, reg):
    con = duckdb.connect()
    con.execute(f"CREATE VIEW t AS SELECT * FROM read_parquet('{bad / (reg + '.parquet')}')")
    desc = con.execute("DESCRIBE t").fetchall()
    assert [(r[0], r[1]) for r in desc] == CONTRACT[reg]
    missing = [kind for kind, _mode, _ov, pred in gen.BAD_KINDS[reg]
               if con.execute(f"SELECT count(*) FROM t WHERE {pred}").fetchone()[0] == 0]
    assert missing == []


def test_bad_rows_cover_the_required_kinds():
    kinds = {k for reg in gen.BAD_KINDS.values() for k, *_ in reg}
    assert {"null_person_id", "empty_person_id", "til_before_fra", "negative_hours", "absurd_hours",
            "ydelse_XYZ", "forsikring_Q", "samtaletype_FOO", "kontaktform_DUE", "status_X", "kommune_999",
            "tilbud_UNKNOWN", "week_54", "week_no_dash", "week_two_digit_year", "week_00",
            "duplicate_samtale_id", "date_1850", "date_2150",
            # issue 8
            "blank_unicode_person_id", "duplicate_row", "birth_in_future", "week_after_ram",
            "part_time_absurd_hours", "period_before_fleur", "overlapping_adag",
            "jobcenter_without_kommune", "akasse_without_a_kasse"} <= kinds


def test_bad_rows_share_roughly_respected(clean, bad):
    n_clean = len(_rows(clean, "fleur_udbetaling"))
    con = duckdb.connect()
    con.execute(f"CREATE VIEW t AS SELECT * FROM read_parquet('{bad / 'fleur_udbetaling.parquet'}')")
    preds = " OR ".join(f"({p})" for *_, p in gen.BAD_KINDS["fleur_udbetaling"])
    n_bad = con.execute(f"SELECT count(*) FROM t WHERE {preds}").fetchone()[0]
    assert 0.02 * n_clean < n_bad < 0.10 * n_clean


# ----------------------------------------------------------------- CLI
def test_cli(tmp_path):
    out = tmp_path / "raw"
    res = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out), "--persons", "40", "--seed", "3",
         "--bad-rows", "0.01", "--threads", "1"],
        capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "chunk 1/1" in res.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{r}.parquet" for r in CONTRACT)


# ----------------------------------------------------------------- focus target of the a-kasse trial (R19-R22)
SEEDS = ROOT / "seeds"
TRIAL = ["3F-A", "BUPL-A", "Dansk Metal-A", "FOA-A", "FTF-A", "HK-A", "MA-A", "Min-A", "SL-A"]

# An independent reading of R19 and R21 over the generated Parquet, interval
# based: a course runs from its placement date to the day before the next one;
# FLEUR ADAG periods spread their hours evenly over their weekdays, a-dagpenge
# løntilskud gives timer_pr_uge / 5 a weekday (status of the latest FLEUR
# record starting on or before it); part-time hours count x 7.4/6, so the
# three-month threshold is 481 full-time equivalent hours (= 390 part-time).
# Placements from 2019 only (no RAM hours, none of them reports before 2019).
FOCUS_PERSONS_SQL = f"""
WITH pl AS (
  SELECT person_id, indplaceringsdato AS p,
         lead(indplaceringsdato) OVER (PARTITION BY person_id ORDER BY indplaceringsdato) - 1 AS course_end
  FROM taeller_dagpengeperiode),
c AS (SELECT * FROM pl WHERE p BETWEEN DATE '2019-01-01' AND DATE '2021-09-30'),
fl AS (SELECT * FROM fleur_udbetaling WHERE ydelse = 'ADAG'),
lt AS (SELECT * FROM plan_tilbud WHERE tilbud = 'LOENTILSKUD' AND ydelsesgrundlag = 'A_DAGPENGE'),
rec AS (
  SELECT person_id, periode_fra AS a, periode_til AS b,
         timer::DOUBLE / wd(periode_fra, periode_til) * CASE forsikring WHEN 'D' THEN 7.4 / 6 ELSE 1 END AS hpd
  FROM fl
  UNION ALL
  SELECT lt.person_id, lt.fra_dato, lt.til_dato,
         lt.timer_pr_uge::DOUBLE / 5 * CASE fl.forsikring WHEN 'D' THEN 7.4 / 6 ELSE 1 END
  FROM lt ASOF LEFT JOIN fl ON fl.person_id = lt.person_id AND fl.periode_fra <= lt.fra_dato),
cr AS (
  SELECT c.person_id, c.p, greatest(rec.a, c.p) AS a,
         least(rec.b, coalesce(c.course_end, DATE '9999-12-31')) AS b, rec.hpd
  FROM c JOIN rec ON rec.person_id = c.person_id AND rec.b >= c.p
   AND (c.course_end IS NULL OR rec.a <= c.course_end)),
cu AS (
  SELECT *, wd(a, b) * hpd AS h,
    coalesce(sum(wd(a, b) * hpd) OVER (PARTITION BY person_id, p ORDER BY a
             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
  FROM cr WHERE b >= a AND hpd > 0),
fp AS (
  SELECT person_id, p,
    min(wd_date(wd_before(a) + ceil((481 - before) / hpd - 1e-9)::BIGINT - 1)) AS fpd
  FROM cu WHERE before < 481 - 1e-9 AND before + h >= 481 - 1e-9
  GROUP BY ALL),
-- the paying a-kasse: the FLEUR record covering the full-period date
fa AS (
  SELECT fp.*, fl.a_kasse FROM fp
  ASOF LEFT JOIN fl ON fl.person_id = fp.person_id AND fl.periode_fra <= fp.fpd),
ft AS (
  SELECT person_id, a_kasse, p, fpd, date_trunc('month', fpd)::DATE AS report_month FROM fa
  WHERE list_contains({TRIAL}, a_kasse) AND fpd BETWEEN DATE '2020-09-01' AND DATE '2021-09-30'),
iv AS (
  SELECT DISTINCT person_id, samtale_dato FROM tass_samtale
  WHERE samtaletype = 'JOBSAMTALE' AND afholdt_af = 'AKASSE' AND status = 'AFHOLDT'
    AND kontaktform IN ('FREMMOEDE', 'DIGITALT', 'TELEFON'))
SELECT ft.person_id, ft.a_kasse, ft.report_month, count(iv.samtale_dato) AS n
FROM ft LEFT JOIN iv ON iv.person_id = ft.person_id AND iv.samtale_dato BETWEEN ft.p AND ft.fpd
GROUP BY ALL
"""


@pytest.fixture(scope="module")
def focus(tmp_path_factory) -> duckdb.DuckDBPyConnection:
    """The README's default run (20,000 persons, seed 42) and its focus-target persons."""
    con = _con(_gen(tmp_path_factory.mktemp("focus"), persons=20_000, seed=42))
    con.execute("CREATE MACRO wd_before(d) AS "
                "5 * ((d - DATE '1900-01-01') // 7) + least((d - DATE '1900-01-01') % 7, 5)")
    con.execute("CREATE MACRO wd(a, b) AS CASE WHEN b < a THEN 0 ELSE wd_before(b + 1) - wd_before(a) END")
    con.execute("CREATE MACRO wd_date(i) AS DATE '1900-01-01' + (7 * (i // 5) + i % 5)::INTEGER")
    con.execute(f"CREATE TABLE focus_person AS {FOCUS_PERSONS_SQL}")
    con.execute(f"CREATE TABLE memo AS SELECT * FROM read_csv('{SEEDS / 'memo_focus_target_monthly.csv'}', "
                "columns = {'a_kasse': 'VARCHAR', 'report_month': 'DATE', 'period_code': 'VARCHAR', "
                "'share_two_plus': 'DOUBLE'}, header = true)")
    con.execute(f"CREATE TABLE memo_total AS SELECT * FROM read_csv('{SEEDS / 'memo_focus_target_total.csv'}', "
                "columns = {'a_kasse': 'VARCHAR', 'total_share': 'DOUBLE'}, header = true)")
    return con


def test_focus_target_enough_trial_persons(focus):
    """At least ~20 persons with a full trial period per trial a-kasse and
    report month 2020-09 .. 2021-09 on average, every a-kasse in every memo month."""
    n, cells = focus.execute("SELECT count(*), count(DISTINCT (a_kasse, report_month)) FROM focus_person").fetchone()
    assert n / (9 * 13) >= 20, n
    assert cells == 9 * 13
    in_memo_months = focus.execute(
        "SELECT count(*) FROM memo JOIN focus_person USING (a_kasse, report_month)").fetchone()[0]
    assert in_memo_months >= 5 * 9 * 10


def test_focus_target_follows_the_memo(focus):
    """R22 applied to the generated data: per trial a-kasse the unweighted mean
    of the monthly shares with >= 2 counted interviews over the memo's months is
    close to the memo's Total row: within 8 points, or 3 binomial standard errors
    where an a-kasse has few persons a month; pooled over the nine, within 3 points."""
    rows = focus.execute("""
        WITH g AS (
          SELECT a_kasse, report_month, count(*) AS persons, avg((n >= 2)::INT) AS share
          FROM focus_person GROUP BY ALL),
        e AS (  -- expected share of a month: the memo's, blank cells the Total
          SELECT m.a_kasse, m.report_month, coalesce(m.share_two_plus, t.total_share) AS expected
          FROM memo m JOIN memo_total t USING (a_kasse))
        SELECT e.a_kasse, avg(g.share), any_value(t.total_share),
               sqrt(sum(e.expected * (1 - e.expected) / g.persons)) / count(*) AS se, count(*)
        FROM e JOIN g USING (a_kasse, report_month) JOIN memo_total t USING (a_kasse)
        GROUP BY ALL ORDER BY ALL""").fetchall()
    assert [r[0] for r in rows] == sorted(TRIAL)
    off = {ak: (round(mean - total, 3), round(max(0.08, 3 * se), 3)) for ak, mean, total, se, _ in rows}
    assert all(abs(d) <= tol for d, tol in off.values()), off
    pooled = sum(d for d, _ in off.values()) / len(off)
    assert abs(pooled) <= 0.03, (pooled, off)
    # the memo's share varies by month and is learnt per month: 3F-A 2020M11 (33 %) is low
    low = focus.execute("""SELECT avg((n >= 2)::INT) FROM focus_person
                           WHERE a_kasse = '3F-A' AND report_month = DATE '2020-11-01'""").fetchone()[0]
    assert low < 0.6


def test_focus_target_months_outside_the_memo_use_the_mean(focus):
    """2020-09 and 2020-10 (reported, not in the memo's table): the a-kasser's
    mean share, pooled over all nine a-kasser within 5 points of the memo's mean."""
    got, expected = focus.execute("""
        SELECT avg((f.n >= 2)::INT), avg(t.total_share)
        FROM focus_person f JOIN memo_total t USING (a_kasse)
        WHERE f.report_month IN (DATE '2020-09-01', DATE '2020-10-01')""").fetchone()
    assert abs(got - expected) <= 0.05, (got, expected)


def test_focus_shares_read_from_the_seed():
    by_month, other = gen.focus_shares()
    assert set(other) == set(TRIAL)
    assert by_month[("3F-A", "2020-11-01")] == 0.33
    assert by_month[("BUPL-A", "2021-07-01")] == 0.74      # blank cell: the Total
    assert abs(other["BUPL-A"] - (0.50 + 0.55 + 1.00 + 0.92) / 4) < 1e-9
    assert len(by_month) == 45


# ---------------------------------------------------------------- the SQL step files
def test_step_files_are_numbered_and_create_their_table():
    """Every .sql file in scripts/generator is a step (none left out), numbered
    once, and creates the temp table its name says; the out_ steps are the
    twelve registers."""
    folder = ROOT / "scripts" / "generator"
    steps = gen.step_files()
    assert sorted(folder.glob("*.sql")) == steps
    numbers = [p.name[:2] for p in steps]
    assert len(set(numbers)) == len(numbers) and steps[0].name == "00_macros.sql"
    rendered = dict(gen.render_steps(gen.template_context()))
    tables = []
    for path in steps[1:]:
        table = gen.step_table(path)
        assert f"create or replace temp table {table} as" in rendered[path.name]
        tables.append(table)
    assert sorted(t[4:] for t in tables if t.startswith("out_")) == sorted(CONTRACT)


def test_generator_lint_config_skips_no_file():
    """The generator's .sqlfluff lints with the jinja templater and never skips
    a file for its size (scripts/test.sh lints from that folder)."""
    text = (ROOT / "scripts" / "generator" / ".sqlfluff").read_text(encoding="utf-8")
    assert re.search(r"^templater = jinja$", text, re.M)
    assert re.search(r"^large_file_skip_byte_limit = 0$", text, re.M)
    assert "cd scripts/generator && ../../.venv/bin/sqlfluff lint ." in (
        ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")


def test_code_lists_come_from_the_seeds():
    import rule_data
    assert gen.MUNICIPALITIES == rule_data.municipality_codes()
    assert gen.TRIAL_AKASSER == rule_data.trial_a_kasser()
    assert gen.TABEL1 == rule_data.exemption_codes(1) and gen.TABEL2_MII == rule_data.exemption_codes(2)
    # the deliberately unknown codes are in neither table
    assert not set(gen.OTHER_FRAVAER) & set(gen.TABEL1 + gen.TABEL2_MII)
    assert {a for a, _ in gen.AKASSE_WEIGHTS} <= {r["a_kasse"] for r in rule_data.read_seed("a_kasser")}


def test_a_new_open_ended_trial_municipality_reaches_the_sql(monkeypatch):
    """A first-interview exception row added to the seeds (here an open-ended
    trial in municipality 999) steers the generator's digital interviews:
    the rendered macro allows it from its first day on, open to the future."""
    rows = gen.rule_data.first_interview_exceptions() + [{
        "exception_name": "new_trial", "municipality_code": 999, "valid_from": gen.date(2026, 1, 1),
        "valid_to": None, "contact_form": gen.DIGITAL_FORM, "rule_id": "R10"}]
    monkeypatch.setattr(gen.rule_data, "first_interview_exceptions", lambda: rows)
    macros = gen.render_steps(gen.template_context())[0][1]
    con = duckdb.connect()
    con.execute(macros)
    allowed = con.execute(
        "select trial_allows_digital(999, date '2025-12-31'), trial_allows_digital(999, date '2026-01-01'),"
        " trial_allows_digital(999, date '2099-01-01'), trial_allows_digital(851, date '2017-07-01'),"
        " trial_allows_digital(851, date '2024-01-01')").fetchone()
    assert allowed == (False, True, True, True, False)


def test_exception_macros_match_the_seed_rows_at_every_edge():
    """The generator's first-interview exception macros (00_macros.sql) agree
    with the seed's rows, read by rule_data.in_force, on the first and last day
    of every exception and the day on either side."""
    import rule_data
    from datetime import timedelta
    rows = rule_data.first_interview_exceptions()
    con = duckdb.connect()
    con.execute(gen.render_steps(gen.template_context())[0][1])
    days = sorted({d + timedelta(days=k) for r in rows for d in (r["valid_from"], r["valid_to"]) if d
                   for k in (-1, 0, 1)})
    municipalities = sorted({r["municipality_code"] for r in rows if r["municipality_code"]}) + [147]
    for day in days:
        live = rule_data.in_force(rows, day)
        everywhere = any(r["municipality_code"] is None for r in live)
        assert con.execute("select in_exception_everywhere(?::date)", [day]).fetchone()[0] == everywhere, day
        for m in municipalities:
            digital = any(r["municipality_code"] == m and r["contact_form"] == gen.DIGITAL_FORM for r in live)
            got = con.execute("select trial_allows_digital(?, ?::date)", [m, day]).fetchone()[0]
            assert got == digital, (m, day)
