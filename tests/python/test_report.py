"""The monthly report (scripts/report.py) rendered in a real browser: headless
Debian chromium driven by playwright. Built from the publication of the
shared sample build (conftest.sample_build), published by scripts/publish.py.

Asserts that no page logs a console error, that every chart has drawn a mark
for each of its data points (plotly's SVG points and bars counted per trace),
that the numbers shown for the country and one municipality equal the
published marts (read here with DuckDB, not through the report's code), that
every municipality link resolves, and writes screenshots of the main page and
one municipality page to <tmp>/report/screenshots/."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import duckdb
import pytest

from conftest import PROJECT_DIR

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]

# Per chart and trace: the values plotly was given and the marks it drew.
# Scatter: one path.point per non-null value. Bars: a bar of non-zero size per
# non-null, non-zero value (a zero and a null value both leave an empty bar).
COUNT_MARKS = """
() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(gd => {
    const layers = Array.from(gd.querySelectorAll('.scatterlayer .trace, .barlayer .trace'));
    return {
        id: gd.id,
        traces: gd.data.map((trace, i) => {
            const values = Array.from(trace.orientation === 'h' ? trace.x : trace.y);
            const present = values.filter(v => v !== null && v !== undefined);
            const layer = layers[i];
            let drawn = 0, expected = present.length;
            if (layer && trace.type === 'bar') {
                expected = present.filter(v => v !== 0).length;
                drawn = Array.from(layer.querySelectorAll('g.point path')).filter(p => {
                    const box = p.getBBox();
                    return box.width > 0.01 && box.height > 0.01;
                }).length;
            } else if (layer) {
                drawn = layer.querySelectorAll('path.point').length;
            }
            return {type: trace.type, name: trace.name || '', values: values,
                    expected: expected, drawn: drawn};
        }),
    };
})
"""


def danish_percent(share: float, decimals: int = 1) -> str:
    return f"{100 * share:.{decimals}f}".replace(".", ",") + " %"


def danish_number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's chromium, installed by scripts/install_chromium.sh if missing."""
    if not CHROMIUM.exists():
        subprocess.run(["bash", str(PROJECT_DIR / "scripts" / "install_chromium.sh")], check=True)
    return CHROMIUM


@pytest.fixture(scope="session")
def publication(sample_build) -> Path:
    """The sample build published by scripts/publish.py, as a user would."""
    result, _, work = sample_build
    assert result.returncode == 0, result.output[-3000:]
    root = work / "publication"
    published = subprocess.run(
        [sys.executable, str(PROJECT_DIR / "scripts" / "publish.py"),
         "--database", str(result.database), "--target", str(work / "build_target"),
         "--out", str(root), "--dbt-exit-code", "0"],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300,
    )
    assert published.returncode == 0, published.stdout + published.stderr
    return root


@pytest.fixture(scope="session")
def report(publication, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report")
    completed = subprocess.run(
        [sys.executable, str(PROJECT_DIR / "scripts" / "report.py"),
         "--publication", str(publication), "--out", str(out / "internal")],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return out / "internal"


def marts_of(folder: Path):
    """A query function over the parquet files of a publication folder."""

    def query(sql: str, params: list | None = None) -> list[tuple]:
        con = duckdb.connect()
        try:
            for parquet in folder.glob("*.parquet"):
                con.execute(f"create view {parquet.stem} as select * from read_parquet('{parquet}')")
            return con.execute(sql, params or []).fetchall()
        finally:
            con.close()

    return query


@pytest.fixture(scope="session")
def marts(publication):
    """The published marts, read with DuckDB straight from the parquet files."""
    return marts_of(publication / "current" / "parquet")


@pytest.fixture(scope="session")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Page:
    """A report page opened in the browser, with its console errors and the
    requests it tried to make outside the report folder."""

    def __init__(self, browser, path: Path):
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on(
            "request",
            lambda r: self.outside.append(r.url) if not r.url.startswith("file://") else None,
        )
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")

    def text(self, selector: str) -> str:
        return self.page.inner_text(selector).strip()

    def charts(self) -> list[dict]:
        return self.page.evaluate(COUNT_MARKS)


@pytest.fixture(scope="session")
def main_page(browser, report):
    page = Page(browser, report / "index.html")
    yield page
    page.page.close()


def latest_month(marts) -> dt.date:
    return marts("select max(report_month) from mart_early_effort_monthly")[0][0]


def busiest_municipality(marts, month: dt.date) -> tuple[str, str]:
    """The municipality with the most persons in the month (ties: lowest code)."""
    return marts(
        "select geo_code, geo_name from mart_early_effort_monthly "
        "where geo_level = 'kommune' and geo_code != '0' and report_month = ? "
        "order by m1_persons desc, cast(geo_code as integer) limit 1", [month],
    )[0]


def assert_every_chart_drew_its_data(charts: list[dict]) -> None:
    assert charts, "no chart on the page"
    for chart in charts:
        assert chart["traces"], chart["id"]
        for trace in chart["traces"]:
            assert trace["drawn"] == trace["expected"], (chart["id"], trace["name"], trace)


def test_main_page_has_no_console_errors_and_fetches_nothing(main_page):
    assert main_page.errors == []
    assert main_page.outside == []


def test_every_chart_of_the_main_page_drew_its_data(main_page, marts):
    charts = main_page.charts()
    assert_every_chart_drew_its_data(charts)
    for chart in charts:
        if not chart["id"].startswith("spark-"):
            assert any(t["drawn"] for t in chart["traces"]), (chart["id"], "drew nothing")
    by_id = {c["id"]: c for c in charts}
    month = latest_month(marts)
    months = marts(
        "select count(distinct report_month) from mart_early_effort_monthly "
        "where report_month between cast(? - interval 23 month as date) and ?",
        [month, month],
    )[0][0]
    # Measure 4 over the last 24 months: the country and the five regions,
    # one point per published month with persons.
    trend = by_id["chart-m4-trend"]["traces"]
    assert [t["name"] for t in trend][0] == "Hele landet"
    assert len(trend) == 6
    assert all(len(t["values"]) == months for t in trend)
    country = [
        r[0] for r in marts(
            "select m4_share_meeting_requirement from mart_early_effort_monthly "
            "where geo_level = 'hele_landet' and report_month <= ? "
            "order by report_month desc limit ?", [month, months],
        )
    ][::-1]
    assert trend[0]["values"] == country
    # Measure 3: four buckets for the country and the five regions.
    m3 = by_id["chart-m3-regions"]["traces"]
    assert len(m3) == 4 and all(len(t["values"]) == 6 for t in m3)
    # One sparkline per municipality.
    municipalities = marts(
        "select count(distinct geo_code) from mart_early_effort_monthly "
        "where geo_level = 'kommune' and geo_code != '0'"
    )[0][0]
    assert sum(1 for c in charts if c["id"].startswith("spark-")) == municipalities
    # The focus target: one bar per trial a-kasse.
    a_kasser = marts("select count(distinct a_kasse) from mart_focus_target_monthly")[0][0]
    assert len(by_id["chart-focus-means"]["traces"][0]["values"]) == a_kasser


def test_country_numbers_equal_the_marts(main_page, marts):
    month = latest_month(marts)
    m1, m4_persons, m4_share = marts(
        "select m1_persons, m4_persons_meeting_requirement, m4_share_meeting_requirement "
        "from mart_early_effort_monthly where geo_level = 'hele_landet' and report_month = ?",
        [month],
    )[0]
    assert main_page.text("#headline-m4") == danish_percent(m4_share)
    assert main_page.text("#headline-m1") == danish_number(m1)
    assert main_page.text("#headline-m4-persons") == danish_number(m4_persons)
    previous = marts(
        "select m4_share_meeting_requirement from mart_early_effort_monthly "
        "where geo_level = 'hele_landet' and report_month = ?",
        [dt.date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)],
    )[0][0]
    year_ago = marts(
        "select m4_share_meeting_requirement from mart_early_effort_monthly "
        "where geo_level = 'hele_landet' and report_month = ?",
        [dt.date(month.year - 1, month.month, 1)],
    )[0][0]
    for selector, other in (("#headline-change-month", previous),
                            ("#headline-change-year", year_ago)):
        shown = main_page.text(selector)
        expected = f"{abs(100 * (m4_share - other)):.1f}".replace(".", ",")
        sign = "+" if m4_share > other else "−" if m4_share < other else "±"
        assert shown == f"{sign}{expected} procentpoint", selector
    # The attrition of the month ends at measure 1.
    attrition = main_page.page.locator("#attrition-table tbody tr").all_inner_texts()
    assert attrition[-1].split("\t")[-1].strip() == danish_number(m1)


def test_focus_target_total_is_the_published_summary(main_page, marts):
    """By default the memo table spans every published month up to the report
    month, so its Total row is R22's mean of mart_focus_target_summary."""
    title = main_page.text("#focus-title")
    assert title.startswith("Status på fokusmål for jobsamtaler ")
    headers = main_page.page.locator("#focus-table thead th").all_inner_texts()
    total = main_page.page.locator("#focus-table tr.total td").all_inner_texts()
    assert headers[0] == "Måneder" and total[0] == "Total"
    summary = dict(marts(
        "select a_kasse, average_share from mart_focus_target_summary"
    ))
    meets = dict(marts("select a_kasse, meets_target from mart_focus_target_summary"))
    for a_kasse, cell in zip(headers[1:], total[1:]):
        if summary[a_kasse] is None:
            assert cell == ""
            continue
        assert cell == danish_percent(summary[a_kasse], 0) + (" *" if meets[a_kasse] else "")


def test_focus_table_for_a_chosen_range_of_months(publication, marts, tmp_path):
    """--focus-from / --focus-to: the memo's table for any months, with its
    Total over exactly those months."""
    first, third = marts(
        "select min(report_month), min(report_month) + interval 2 month "
        "from mart_focus_target_monthly"
    )[0]
    out = tmp_path / "report"
    completed = subprocess.run(
        [sys.executable, str(PROJECT_DIR / "scripts" / "report.py"),
         "--publication", str(publication), "--out", str(out),
         "--focus-from", f"{first:%Y-%m}", "--focus-to", f"{third:%Y-%m}"],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    page = (out / "index.html").read_text(encoding="utf-8")
    table = page[page.index('id="focus-table"'):]
    table = table[:table.index("</table>")]
    rows = re.findall(r'<td class="text">([^<]*)</td>', table)
    months = marts(
        "select distinct period_code from mart_focus_target_monthly "
        "where report_month between ? and ? order by 1", [first, third],
    )
    assert rows == [m for (m,) in months] + ["Total"]
    assert 1 <= len(months) <= 3
    # The Total row: R22's exact mean of the monthly fractions of the months
    # with persons, against the goal.
    target = Fraction(str(marts("select max(target_share) from mart_focus_target_summary")[0][0]))
    headers = re.findall(r"<th[^>]*>([^<]*)</th>", table)[1:]
    total = re.findall(r"<td[^>]*>([^<]*)</td>", table[table.index('class="total"'):])[1:]
    for a_kasse, cell in zip(headers, total):
        months_of = marts(
            "select persons_two_plus, persons from mart_focus_target_monthly "
            "where a_kasse = ? and report_month between ? and ? and persons > 0",
            [a_kasse, first, third],
        )
        if not months_of:
            assert cell == ""
            continue
        mean = sum(Fraction(p, n) for p, n in months_of) / len(months_of)
        expected = danish_percent(float(mean), 0) + (" *" if mean >= target else "")
        assert cell == expected, a_kasse


def test_report_without_a_publication_says_so_in_one_line(tmp_path):
    completed = subprocess.run(
        [sys.executable, str(PROJECT_DIR / "scripts" / "report.py"),
         "--publication", str(tmp_path / "nothing"), "--out", str(tmp_path / "out")],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=60,
    )
    assert completed.returncode == 1
    assert completed.stderr.count("\n") == 1 and "Traceback" not in completed.stderr
    assert completed.stderr.startswith("report: no publication at ")


def test_data_quality_and_metadata_are_shown(main_page, marts, publication):
    rejected = marts("select sum(rejected_rows) from mart_data_quality")[0][0]
    shown = main_page.page.locator("#quality-table tbody tr").all_inner_texts()
    assert sum(int(r.split("\t")[2].replace(".", "")) for r in shown) == rejected
    assert rejected > 0, "the sample has bad rows: the quarantine is not empty"
    metadata = main_page.page.locator("#metadata-table").inner_text()
    run_id = (publication / "current").resolve().name
    assert run_id in metadata


def test_municipality_links_resolve_and_its_page_equals_the_marts(
    browser, main_page, report, marts
):
    links = main_page.page.locator("#kommune-table a").evaluate_all(
        "links => links.map(a => [a.getAttribute('href'), a.textContent])"
    )
    municipalities = marts(
        "select count(distinct geo_code) from mart_early_effort_monthly "
        "where geo_level = 'kommune' and geo_code != '0'"
    )[0][0]
    assert len(links) == municipalities
    for href, name in links:
        target = report / href
        assert target.is_file(), href
        assert f"<title>{name} – " in target.read_text(encoding="utf-8"), href

    month = latest_month(marts)
    code, name = busiest_municipality(marts, month)
    m1, m4_persons, m4_share = marts(
        "select m1_persons, m4_persons_meeting_requirement, m4_share_meeting_requirement "
        "from mart_early_effort_monthly where geo_level = 'kommune' and geo_code = ? "
        "and report_month = ?", [code, month],
    )[0]
    # Its row on the main page.
    row = main_page.page.locator("#kommune-table tr", has=main_page.page.locator(
        f'a[href="kommune/{code}.html"]')).inner_text().split("\t")
    assert row[2].strip() == danish_number(m1)
    assert row[3].strip() == danish_percent(m4_share)

    # Its own page, reached by clicking the link.
    page = Page(browser, report / "index.html")
    try:
        page.page.click(f'a[href="kommune/{code}.html"]')
        page.page.wait_for_load_state("load")
        assert page.page.url.endswith(f"kommune/{code}.html")
        assert page.errors == [] and page.outside == []
        assert page.text("#kommune-m1") == danish_number(m1)
        assert page.text("#kommune-m4") == danish_percent(m4_share)
        assert page.text("#kommune-m4-persons") == danish_number(m4_persons)
        charts = page.charts()
        assert_every_chart_drew_its_data(charts)
        trend = {c["id"]: c for c in charts}["chart-kommune-trend"]["traces"]
        assert [t["name"] for t in trend][0] == name and trend[-1]["name"] == "Hele landet"
        under, run = marts(
            "select is_under_follow_up, months_counting_against "
            "from mart_early_effort_follow_up where municipality_code = ? and report_month = ?",
            [int(code), month],
        )[0]
        status = page.text("#kommune-follow-up")
        assert status.startswith("Under opfølgning" if under else "Ikke under opfølgning")
        assert str(run) in status
        # Its attrition of the month, step by step as the mart has it, ending at its m1.
        steps = marts(
            "select courses_followed_up, excluded_age, excluded_education_order, "
            "excluded_late_transition, excluded_exemption_share, excluded_less_intensive_effort, "
            "m1_persons from mart_early_effort_attrition_municipality "
            "where municipality_code = ? and report_month = ?", [int(code), month],
        )[0]
        shown = page.page.locator("#kommune-attrition-table tbody tr").all_inner_texts()
        assert [r.split("\t")[-1].strip() for r in shown] == [danish_number(v) for v in steps]
        assert steps[-1] == m1
        shots = report.parent / "screenshots"
        shots.mkdir(exist_ok=True)
        page.page.screenshot(path=str(shots / "kommune.png"), full_page=True)
        main_page.page.screenshot(path=str(shots / "main.png"), full_page=True)
        assert (shots / "kommune.png").stat().st_size > 10_000
        assert (shots / "main.png").stat().st_size > 10_000
    finally:
        page.page.close()


# --------------------------------------------------------------------------
# The public variant: suppressed cells show as '..'
# --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def public_report(publication, tmp_path_factory) -> Path:
    """The report of the publication's public variant (current/public/)."""
    out = tmp_path_factory.mktemp("report") / "public"
    completed = subprocess.run(
        [sys.executable, str(PROJECT_DIR / "scripts" / "report.py"), "--public",
         "--publication", str(publication), "--out", str(out)],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return out


@pytest.fixture(scope="session")
def public_marts(publication):
    return marts_of(publication / "current" / "public" / "parquet")


def test_public_report_shows_suppressed_cells_as_such(browser, public_report, public_marts):
    month = latest_month(public_marts)
    kommuner = {
        code: (m1, m4) for code, m1, m4 in public_marts(
            "select geo_code, 'm1_persons' in string_split(suppressed_columns, ','), "
            "'m4_share_meeting_requirement' in string_split(suppressed_columns, ',') "
            "from mart_early_effort_monthly where geo_level = 'kommune' and geo_code != '0' "
            "and report_month = ?", [month],
        )
    }
    assert any(m1 for m1, _ in kommuner.values()), "the sample has suppressed municipalities"
    page = Page(browser, public_report / "index.html")
    try:
        assert page.errors == [] and page.outside == []
        assert "Offentlig udgave" in page.text("#suppression-note")
        assert_every_chart_drew_its_data(page.charts())
        rows = page.page.locator("#kommune-table tbody tr").evaluate_all(
            "rows => rows.map(r => [r.querySelector('a').getAttribute('href'),"
            " ...Array.from(r.cells).map(c => c.textContent.trim())])"
        )
        assert len(rows) == len(kommuner)
        for href, _, _, m1, m4, *_ in rows:
            code = href.removeprefix("kommune/").removesuffix(".html")
            assert (m1 == "..") == kommuner[code][0], (code, m1)
            assert (m4 == "..") == kommuner[code][1], (code, m4)
        # No follow-up mart in the public variant: said, not invented.
        assert "ikke med i denne udgave" in page.text("#kommuner")
        # The focus table: '..' exactly where the public mart suppressed a
        # share; the Total row marks the goal as the public summary decides.
        suppressed = public_marts(
            "select count(*) from mart_focus_target_monthly "
            "where 'share_two_plus' in string_split(suppressed_columns, ',')"
        )[0][0]
        cells = page.page.locator("#focus-table tbody tr:not(.total) td").all_inner_texts()
        assert sum(1 for c in cells if c.strip() == "..") == suppressed > 0
        headers = page.page.locator("#focus-table thead th").all_inner_texts()[1:]
        total = page.page.locator("#focus-table tr.total td").all_inner_texts()[1:]
        meets = dict(public_marts("select a_kasse, meets_target from mart_focus_target_summary"))
        for a_kasse, cell in zip(headers, total):
            assert cell.endswith(" *") == bool(meets[a_kasse]), (a_kasse, cell)
    finally:
        page.page.close()
    code = next(c for c, (m1, _) in sorted(kommuner.items()) if m1)
    kommune = Page(browser, public_report / "kommune" / f"{code}.html")
    try:
        assert kommune.errors == []
        assert kommune.text("#kommune-m1") == ".."
        assert_every_chart_drew_its_data(kommune.charts())
    finally:
        kommune.page.close()
