#!/usr/bin/env python3
"""Monthly report of the early effort and the focus target, as static HTML.

Reads the publication of scripts/publish.py (data/publication/current/:
parquet/ and metadata.json; README, section Publication) and writes, for one
report month (default: the latest published):

    <out>/index.html          the country, the regions, every municipality,
                              the attrition, the focus target, data quality
                              and the publication's metadata
    <out>/kommune/<code>.html one page per municipality
    <out>/plotly.min.js       the charting library, once, beside the pages

The pages open without any network: no CDN, no web fonts; the only script is
plotly.min.js, copied from the plotly wheel. With --public the report is built
from current/public/, where a suppressed cell shows as '..'.

    scripts/report.py                       # latest month, internal variant
    scripts/report.py --month 2025-06 --public --out data/report-public
    scripts/report.py --focus-from 2020-11 --focus-to 2021-09
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import html
import json
import os
import shutil
import sys
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import duckdb
from plotly.offline import get_plotlyjs

PROJECT_DIR = Path(__file__).resolve().parents[1]
SUPPRESSED = ".."
NO_PERSONS = "–"
TREND_MONTHS = 24
COUNTRY = "DK"
MONTH_NAMES = [
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
]
MONTH_ABBREVIATIONS = [
    "jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec.",
]
BUCKETS = [("0", "0 samtaler"), ("1", "1 samtale"), ("2", "2 samtaler"), ("3plus", "3+ samtaler")]
REJECT_REASONS = {
    "none": "ingen afviste rækker",
    "end_before_start": "slutdato før startdato",
    "negative_hours": "negative timer",
    "absurd_hours": "urimeligt mange timer",
    "malformed_iso_week": "ugyldig ISO-uge",
    "implausible_date": "usandsynlig dato",
}
REJECT_PREFIXES = [("missing_", "mangler"), ("unknown_", "ukendt"), ("duplicate_", "dubleret")]
ATTRITION_STEPS = [
    ("courses_followed_up", "Nået opfølgningstidspunktet"),
    ("excluded_age", "Udeladt: alder"),
    ("excluded_education_order", "Udeladt: uddannelsespålæg"),
    ("excluded_late_transition", "Udeladt: sen overgang"),
    ("excluded_exemption_share", "Udeladt: fritaget en stor del af perioden"),
    ("excluded_less_intensive_effort", "Udeladt: mindre intensiv indsats"),
    ("m1_persons", "Mål 1: personer i opgørelsen"),
]
FONT = dict(family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size=13)
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["toImage"]}
COLORS = ["#1b3a5c", "#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#a6761d"]


class ReportError(Exception):
    """An expected error: printed as one line, no traceback."""


# --------------------------------------------------------------------------
# Formatting (Danish: decimal comma, thousands point)
# --------------------------------------------------------------------------


def month_label(month: dt.date) -> str:
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"


def period_code(month: dt.date) -> str:
    return f"{month.year}M{month.month:02d}"


def number(value) -> str:
    if value is None:
        return NO_PERSONS
    return f"{int(value):,}".replace(",", ".")


def percent(share, decimals: int = 1) -> str:
    if share is None:
        return NO_PERSONS
    return f"{100 * share:.{decimals}f}".replace(".", ",") + " %"


def points(change) -> str:
    if change is None:
        return NO_PERSONS
    sign = "+" if change > 0 else ("−" if change < 0 else "±")
    return f"{sign}{abs(100 * change):.1f}".replace(".", ",") + " procentpoint"


def reject_reason_label(reason: str) -> str:
    """The quarantine's reason in Danish, its code kept for the field name."""
    if reason in REJECT_REASONS:
        return REJECT_REASONS[reason]
    for prefix, label in REJECT_PREFIXES:
        if reason.startswith(prefix):
            return f"{label} {reason[len(prefix):]}"
    return reason


def esc(text) -> str:
    return html.escape(str(text))


def add_months(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def parse_month(text: str, option: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise ReportError(f"{option} '{text}' is not a month written YYYY-MM") from None


# --------------------------------------------------------------------------
# The publication
# --------------------------------------------------------------------------


@dataclass
class Cell:
    """A published value and whether the public variant suppressed it."""

    value: object
    suppressed: bool = False

    def show(self, formatter) -> str:
        return SUPPRESSED if self.suppressed else formatter(self.value)

    @property
    def plotted(self):
        """What a chart draws: nothing for a suppressed or missing value."""
        return None if self.suppressed else self.value


class Publication:
    """The marts of one publication folder, as DuckDB views over its parquet."""

    def __init__(self, root: Path, public: bool):
        self.root = root
        self.folder = root / "current" / "public" if public else root / "current"
        self.public = public
        metadata_path = self.folder / "metadata.json"
        if not metadata_path.is_file():
            raise ReportError(
                f"no publication at '{self.folder}': '{metadata_path.name}' is missing "
                "(run the publisher first, or give --publication)"
            )
        self.metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
        self.con = duckdb.connect()
        self.tables: set[str] = set()
        for parquet in sorted((self.folder / "parquet").glob("*.parquet")):
            name = parquet.stem
            path = str(parquet).replace("'", "''")
            self.con.execute(f"create view {name} as select * from read_parquet('{path}')")
            self.tables.add(name)
        if "mart_early_effort_monthly" not in self.tables:
            raise ReportError(
                f"publication '{self.folder}' has no 'parquet/mart_early_effort_monthly.parquet'"
            )

    def has(self, table: str) -> bool:
        return table in self.tables

    def rows(self, sql: str, params: list | None = None) -> list[dict]:
        cursor = self.con.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


def cells(row: dict, suppressed_column: str = "suppressed_columns") -> dict[str, Cell]:
    """A row's values as cells; a column named in suppressed_columns is suppressed."""
    suppressed = {c.strip() for c in (row.get(suppressed_column) or "").split(",") if c.strip()}
    return {k: Cell(v, k in suppressed) for k, v in row.items()}


def read_reference(name: str) -> list[dict]:
    """A seed of the project (municipality → region): reference data, not results."""
    with open(PROJECT_DIR / "seeds" / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# --------------------------------------------------------------------------
# Charts (plotly; drawn by plotly.min.js beside the pages)
# --------------------------------------------------------------------------


def chart_html(fig: "Figure", chart_id: str, height: int = 380, static: bool = False,
               compact: bool = False) -> str:
    """The figure as a div and a script calling plotly.min.js (loaded once
    per page). A light style of our own instead of a plotly template: a
    template is copied into every figure, slow to build and heavy to ship
    for a hundred small charts."""
    axis = dict(gridcolor="#e6e9ee", zeroline=False, linecolor="#c9d0d9", automargin=True)
    style = dict(
        separators=",.", height=height, font=FONT,
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
    )
    if compact:
        style.update(margin=dict(l=2, r=2, t=2, b=2), showlegend=False, width=140)
    else:
        style.update(
            margin=dict(l=60, r=20, t=30, b=40), legend=dict(orientation="h", y=-0.15),
            xaxis=axis, yaxis=axis, hoverlabel=dict(font=FONT),
        )
    layout = merged(style, fig.layout)
    config = dict(PLOTLY_CONFIG, staticPlot=static)
    arguments = ", ".join(
        json.dumps(part, default=str, ensure_ascii=False).replace("</", "<\\/")
        for part in (fig.data, layout, config)
    )
    return (
        f'<div id="{chart_id}" class="plotly-graph-div" style="height:{height}px"></div>'
        f'<script>Plotly.newPlot("{chart_id}", {arguments});</script>'
    )


def merged(base: dict, update: dict) -> dict:
    """base updated by update, nested dicts merged (as plotly's update_layout)."""
    result = dict(base)
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = value
    return result


class Figure:
    """A plotly figure as the plain dicts plotly.js takes (traces and layout),
    with the few helpers of plotly.py's Figure the report uses. Plain dicts
    instead of plotly.py's validated objects: those took most of the time of
    writing the ~200 charts of a report."""

    def __init__(self, *traces: dict):
        self.data: list[dict] = list(traces)
        self.layout: dict = {}

    def add_trace(self, trace: dict) -> None:
        self.data.append(trace)

    def update_layout(self, **layout) -> None:
        self.layout = merged(self.layout, layout)

    def update_xaxes(self, **axis) -> None:
        self.update_layout(xaxis=axis)

    def update_yaxes(self, **axis) -> None:
        self.update_layout(yaxis=axis)

    def add_hline(self, y: float, dash: str, width: float = 2, text: str = "") -> None:
        """A horizontal line across the plot at y (a goal or threshold)."""
        shape = dict(type="line", xref="paper", x0=0, x1=1, yref="y", y0=y, y1=y,
                     line=dict(color="#b30000", dash=dash, width=width))
        self.layout.setdefault("shapes", []).append(shape)
        if text:
            self.layout.setdefault("annotations", []).append(dict(
                xref="paper", x=0, yref="y", y=y, text=text, showarrow=False,
                xanchor="left", yanchor="bottom", font=dict(color="#b30000"),
            ))


def share_axis(fig: Figure, axis: str = "yaxis") -> None:
    fig.update_layout(**{axis: dict(tickformat=".0%", rangemode="tozero")})


def month_axis(fig: Figure, months: list[dt.date]) -> None:
    """Danish month labels (plotly's own are English): every third month."""
    step = 1 if len(months) <= 8 else 3
    shown = months[len(months) - 1::-step][::-1]
    fig.update_xaxes(
        tickvals=[m.isoformat() for m in shown], ticktext=[f"{MONTH_ABBREVIATIONS[m.month - 1]} {m.year}" for m in shown]
    )


def count_axis(fig: Figure, values: list) -> None:
    """Whole persons on the axis: no 0,2 ticks when the counts are small."""
    largest = max((v for v in values if v is not None), default=0)
    fig.update_yaxes(tickformat=",d", rangemode="tozero")
    if largest < 8:
        fig.update_yaxes(dtick=1)


# --------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------

CSS = """
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; margin: 0;
       color: #1d2733; background: #f6f7f9; }
header { background: #1b3a5c; color: #fff; padding: 18px 32px; }
header h1 { margin: 0 0 4px; font-size: 1.6em; }
header p { margin: 0; opacity: .85; }
nav { background: #fff; border-bottom: 1px solid #dde2e8; padding: 8px 32px; }
nav a { margin-right: 18px; color: #1b3a5c; text-decoration: none; font-weight: 600; }
main { padding: 12px 32px 40px; max-width: 1200px; }
section { background: #fff; border: 1px solid #dde2e8; border-radius: 6px; padding: 8px 20px 16px;
          margin: 16px 0; }
h2 { color: #1b3a5c; font-size: 1.25em; }
.headline { display: flex; gap: 32px; flex-wrap: wrap; }
.figure { font-size: 2.6em; font-weight: 700; color: #1b3a5c; }
.label { color: #5a6675; font-size: .9em; }
table { border-collapse: collapse; font-size: .9em; }
th, td { padding: 3px 8px; border-bottom: 1px solid #e6e9ee; text-align: right; white-space: nowrap; }
th { background: #eef1f5; position: sticky; top: 0; }
td.text, th.text { text-align: left; }
tr.total td { font-weight: 700; border-top: 2px solid #1b3a5c; }
td.goal-met { background: #dff0d8; }
td.goal-missed { background: #f9e0dc; }
tr.follow-up td { background: #fff4e0; }
.flag { font-weight: 700; color: #b34700; }
.note { color: #5a6675; font-size: .85em; }
.spark { width: 140px; height: 34px; }
.kommuner { max-height: 640px; overflow-y: auto; }
"""


def page(title: str, subtitle: str, body: str, asset_prefix: str, nav: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<style>{CSS}</style>
<script src="{asset_prefix}plotly.min.js"></script>
</head>
<body>
<header><h1>{esc(title)}</h1><p>{esc(subtitle)}</p></header>
{nav}
<main>
{body}
</main>
</body>
</html>
"""


def not_published(section_id: str, title: str, subject: str) -> str:
    """A section whose mart this publication (e.g. the public variant) lacks."""
    return (f'<section id="{section_id}"><h2>{esc(title)}</h2><p class="note">'
            f'{esc(subject)} er ikke med i denne udgave af publikationen.</p></section>')


def attrition_block(row: dict, chart_id: str, table_id: str) -> str:
    """The attrition of one month (a row of mart_early_effort_attrition or
    of mart_early_effort_attrition_municipality, as cells): a bar per step
    from the courses at the follow-up date to measure 1, and the table."""
    labels = [label for _, label in ATTRITION_STEPS]
    fig = Figure(dict(
        type="bar",
        y=labels, x=[row[col].plotted for col, _ in ATTRITION_STEPS], orientation="h",
        marker=dict(color=[COLORS[0]] + [COLORS[1]] * (len(labels) - 2) + [COLORS[2]]),
        hovertemplate="%{y}: %{x}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickformat=",d", rangemode="tozero")
    fig.update_layout(margin=dict(l=300))
    body = table(
        ["Trin", "Forløb"],
        [[esc(label), row[col].show(number)] for col, label in ATTRITION_STEPS],
        table_id=table_id,
    )
    return f"""{chart_html(fig, chart_id, height=320)}
{body}"""


def table(headers: list[str], rows: list[list[str]], text_columns: int = 1,
          row_classes: list[str] | None = None, cell_classes: list[list[str]] | None = None,
          table_id: str = "") -> str:
    """An HTML table; cells are given already formatted and escaped."""
    head = "".join(
        f'<th class="{"text" if i < text_columns else ""}">{esc(h)}</th>'
        for i, h in enumerate(headers)
    )
    body = []
    for r, row in enumerate(rows):
        row_class = row_classes[r] if row_classes else ""
        tds = []
        for i, value in enumerate(row):
            classes = ["text"] if i < text_columns else []
            if cell_classes and cell_classes[r][i]:
                classes.append(cell_classes[r][i])
            tds.append(f'<td class="{" ".join(classes)}">{value}</td>')
        body.append(f'<tr class="{row_class}">{"".join(tds)}</tr>')
    id_attr = f' id="{table_id}"' if table_id else ""
    return f'<table{id_attr}><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


class Report:
    def __init__(self, publication: Publication, month: dt.date | None,
                 focus_from: dt.date | None, focus_to: dt.date | None):
        self.pub = publication
        months = [
            r["report_month"]
            for r in publication.rows(
                "select distinct report_month from mart_early_effort_monthly order by 1"
            )
        ]
        if not months:
            raise ReportError("the publication's mart_early_effort_monthly has no rows")
        self.month = month or months[-1]
        if self.month not in months:
            raise ReportError(
                f"report month {self.month:%Y-%m} is not published "
                f"(published: {months[0]:%Y-%m} to {months[-1]:%Y-%m})"
            )
        self.first_month = max(months[0], add_months(self.month, 1 - TREND_MONTHS))
        self.focus_from = focus_from
        self.focus_to = focus_to or self.month
        self.monthly = publication.rows(
            "select * from mart_early_effort_monthly where report_month between ? and ? "
            "order by report_month, geo_level, geo_code",
            [self.first_month, self.month],
        )
        self.by_area: dict[tuple[str, str], list[dict[str, Cell]]] = {}
        for row in self.monthly:
            self.by_area.setdefault((row["geo_level"], row["geo_code"]), []).append(cells(row))
        municipalities = read_reference("municipalities")
        self.region_of = {m["municipality_code"]: m["region_code"] for m in municipalities}
        self.follow_up = {}
        if publication.has("mart_early_effort_follow_up"):
            for row in publication.rows(
                "select * from mart_early_effort_follow_up where report_month = ?", [self.month]
            ):
                self.follow_up[str(row["municipality_code"])] = cells(row)

    # -- data access ------------------------------------------------------

    def series(self, geo_level: str, geo_code: str) -> list[dict[str, Cell]]:
        """The area's months in the window, oldest first."""
        return self.by_area.get((geo_level, geo_code), [])

    def at(self, geo_level: str, geo_code: str, month: dt.date) -> dict[str, Cell] | None:
        for row in self.series(geo_level, geo_code):
            if row["report_month"].value == month:
                return row
        return None

    def country_at(self, month: dt.date) -> dict[str, Cell] | None:
        found = self.at("hele_landet", COUNTRY, month)
        if found is None:
            rows = self.pub.rows(
                "select * from mart_early_effort_monthly "
                "where geo_level = 'hele_landet' and report_month = ?", [month]
            )
            found = cells(rows[0]) if rows else None
        return found

    def regions(self) -> list[tuple[str, str]]:
        return sorted({
            (r["geo_code"], r["geo_name"]) for r in self.monthly
            if r["geo_level"] == "region" and r["geo_code"] != "0"
        })

    def municipalities(self) -> list[tuple[str, str]]:
        return sorted(
            {(r["geo_code"], r["geo_name"]) for r in self.monthly
             if r["geo_level"] == "kommune" and r["geo_code"] != "0"},
            key=lambda m: m[1],
        )

    # -- charts -----------------------------------------------------------

    def trend_chart(self, chart_id: str, lines: list[tuple[str, str, str]], height=380) -> str:
        fig = Figure()
        for i, (level, code, name) in enumerate(lines):
            rows = self.series(level, code)
            fig.add_trace(dict(
                type="scatter",
                x=[r["report_month"].value for r in rows],
                y=[r["m4_share_meeting_requirement"].plotted for r in rows],
                name=name, mode="lines+markers",
                line=dict(color=COLORS[i % len(COLORS)], width=3 if i == 0 else 1.5),
                marker=dict(size=6 if i == 0 else 4),
                hovertemplate="%{x|%Y-%m}: %{y:.1%}<extra>" + esc(name) + "</extra>",
            ))
        share_axis(fig)
        month_axis(fig, sorted({r["report_month"] for r in self.monthly}))
        fig.update_yaxes(title=dict(text="Andel (mål 4)"))
        return chart_html(fig, chart_id, height)

    def spark(self, code: str) -> str:
        rows = self.series("kommune", code)
        fig = Figure(dict(
            type="scatter",
            x=[r["report_month"].value for r in rows],
            y=[r["m4_share_meeting_requirement"].plotted for r in rows],
            mode="lines+markers", line=dict(color=COLORS[0], width=1), marker=dict(size=2),
            hoverinfo="skip",
        ))
        follow = self.follow_up.get(code)
        if follow is not None and follow["threshold_share"].value is not None:
            fig.add_hline(float(follow["threshold_share"].value), dash="dot", width=1)
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False, range=[0, 1.05])
        return chart_html(fig, f"spark-{code}", height=34, static=True, compact=True)

    # -- sections ---------------------------------------------------------

    def headline(self) -> str:
        now = self.country_at(self.month)
        before = self.country_at(add_months(self.month, -1))
        year_ago = self.country_at(add_months(self.month, -12))

        def change(other: dict[str, Cell] | None) -> str:
            """Change of the country's m4 share in procentpoint; '–' when a
            month is not published or has nobody, '..' when suppressed."""
            if other is None:
                return NO_PERSONS
            this, that = now["m4_share_meeting_requirement"], other["m4_share_meeting_requirement"]
            if this.suppressed or that.suppressed:
                return SUPPRESSED
            if this.value is None or that.value is None:
                return NO_PERSONS
            return points(this.value - that.value)

        return f"""
<section id="hele-landet">
<h2>Hele landet, {esc(month_label(self.month))}</h2>
<div class="headline">
 <div><div class="label">Mål 4: andel der fik de lovpligtige jobsamtaler</div>
  <div class="figure" id="headline-m4">{now["m4_share_meeting_requirement"].show(percent)}</div></div>
 <div><div class="label">Ændring siden {esc(month_label(add_months(self.month, -1)))}</div>
  <div class="figure" id="headline-change-month" style="font-size:1.4em">{esc(change(before))}</div></div>
 <div><div class="label">Ændring siden {esc(month_label(add_months(self.month, -12)))}</div>
  <div class="figure" id="headline-change-year" style="font-size:1.4em">{esc(change(year_ago))}</div></div>
 <div><div class="label">Mål 1: personer i opgørelsen</div>
  <div class="figure" id="headline-m1" style="font-size:1.4em">{now["m1_persons"].show(number)}</div></div>
 <div><div class="label">Mål 4: personer der fik samtalerne</div>
  <div class="figure" id="headline-m4-persons" style="font-size:1.4em">{now["m4_persons_meeting_requirement"].show(number)}</div></div>
</div>
<h3>Mål 4 de seneste {TREND_MONTHS} måneder: hele landet og regionerne</h3>
{self.trend_chart("chart-m4-trend", [("hele_landet", COUNTRY, "Hele landet")] + [("region", c, n) for c, n in self.regions()])}
</section>"""

    def m3_section(self) -> str:
        areas = [("hele_landet", COUNTRY, "Hele landet")] + [
            ("region", c, n) for c, n in self.regions()
        ]
        rows = [(name, self.at(level, code, self.month)) for level, code, name in areas]
        fig = Figure()
        for i, (bucket, label) in enumerate(BUCKETS):
            fig.add_trace(dict(
                type="bar",
                x=[name for name, _ in rows],
                y=[r[f"m3_share_{bucket}"].plotted for _, r in rows],
                name=label, marker=dict(color=COLORS[i]),
                hovertemplate="%{x}: %{y:.1%}<extra>" + label + "</extra>",
            ))
        fig.update_layout(barmode="stack")
        share_axis(fig)
        body = table(
            ["Område", "Mål 1"] + [label for _, label in BUCKETS],
            [[esc(name), r["m1_persons"].show(number)]
             + [r[f"m3_share_{b}"].show(percent) for b, _ in BUCKETS] for name, r in rows],
            table_id="m3-table",
        )
        return f"""
<section id="maal-3">
<h2>Mål 3: fordeling på antal jobsamtaler, {esc(month_label(self.month))}</h2>
{chart_html(fig, "chart-m3-regions")}
{body}
</section>"""

    def attrition_section(self) -> str:
        if not self.pub.has("mart_early_effort_attrition"):
            return not_published("frafald", "Frafald", "Frafaldet")
        found = self.pub.rows(
            "select * from mart_early_effort_attrition where report_month = ?", [self.month]
        )
        row = cells(found[0]) if found else None
        if row is None:
            return f"""
<section id="frafald"><h2>Frafald, {esc(month_label(self.month))}</h2>
<p class="note">Ingen nåede opfølgningstidspunktet i måneden.</p></section>"""
        body = attrition_block(row, "chart-attrition", "attrition-table")
        return f"""
<section id="frafald">
<h2>Frafald, {esc(month_label(self.month))}: fra opfølgningstidspunkt til mål 1</h2>
{body}
</section>"""

    def municipality_section(self) -> str:
        headers = ["Kommune", "Region", "Mål 1", "Mål 4", "Udvikling (24 mdr.)",
                   "Måneder under tærsklen i træk", "Under opfølgning"]
        region_names = dict(self.regions())
        rows, row_classes = [], []
        for code, name in self.municipalities():
            now = self.at("kommune", code, self.month)
            follow = self.follow_up.get(code)
            under = follow is not None and follow["is_under_follow_up"].value is True
            rows.append([
                f'<a href="kommune/{esc(code)}.html">{esc(name)}</a>',
                esc(region_names.get(self.region_of.get(code, ""), "")),
                now["m1_persons"].show(number),
                now["m4_share_meeting_requirement"].show(percent),
                f'<div class="spark">{self.spark(code)}</div>',
                follow["months_counting_against"].show(number) if follow else SUPPRESSED,
                ('<span class="flag">Ja</span>' if under else "Nej") if follow else SUPPRESSED,
            ])
            row_classes.append("follow-up" if under else "")
        rule = ""
        if self.follow_up:
            any_row = next(iter(self.follow_up.values()))
            rule = (
                f"En måned tæller imod kommunen, når mindst "
                f"{number(any_row['min_population'].value)} personer er i opgørelsen og "
                f"under {percent(float(any_row['threshold_share'].value), 0)} fik de lovpligtige "
                f"samtaler; kommunen er under opfølgning efter "
                f"{number(any_row['run_length_months'].value)} sådanne måneder i træk (R24). "
                f"En måned med færre personer afbryder rækken."
            )
        else:
            rule = "Opfølgningen (R24) er ikke med i denne udgave af publikationen."
        under_count = sum(
            1 for f in self.follow_up.values() if f["is_under_follow_up"].value is True
        )
        count = (f' <b id="follow-up-count">{under_count}</b> kommuner er under opfølgning.'
                 if self.follow_up else "")
        return f"""
<section id="kommuner">
<h2>Kommunerne, {esc(month_label(self.month))}</h2>
<p>{esc(rule)}{count}</p>
<div class="kommuner">
{table(headers, rows, text_columns=2, row_classes=row_classes, table_id="kommune-table")}
</div>
</section>"""

    def focus_section(self) -> str:
        if not self.pub.has("mart_focus_target_monthly"):
            return not_published("fokusmaal", "Fokusmål", "Fokusmålet")
        frm = self.focus_from or dt.date(1900, 1, 1)
        monthly = [
            cells(r) for r in self.pub.rows(
                "select * from mart_focus_target_monthly where report_month between ? and ? "
                "order by report_month, a_kasse", [frm, self.focus_to],
            )
        ]
        if not monthly:
            return f"""
<section id="fokusmaal"><h2>Fokusmål</h2>
<p class="note">Ingen måneder med fokusmål fra {esc(frm)} til {esc(self.focus_to)}.</p></section>"""
        # The goal (seed focus_target_goal, R22) as the summary mart carries it.
        target = None
        if self.pub.has("mart_focus_target_summary"):
            found = self.pub.rows("select max(target_share) as t from mart_focus_target_summary")
            if found and found[0]["t"] is not None:
                target = Fraction(str(found[0]["t"]))
        a_kasser = sorted({r["a_kasse"].value for r in monthly})
        months = sorted({r["report_month"].value for r in monthly})
        grid = {(r["report_month"].value, r["a_kasse"].value): r for r in monthly}

        def cell(r):
            if r is None:
                return ""
            if r["share_two_plus"].suppressed:
                return SUPPRESSED
            if not r["persons"].value:
                return ""
            return percent(r["share_two_plus"].value, 0)

        totals = self.focus_totals(a_kasser, grid, target, frm)
        body_rows = [[esc(period_code(m))] + [cell(grid.get((m, a))) for a in a_kasser]
                     for m in months]
        classes = [[""] * (len(a_kasser) + 1) for _ in months]
        total, total_classes = ["Total"], [""]
        for a in a_kasser:
            mean, met = totals.get(a, (Cell(None), None))
            shown = mean.show(lambda v: "" if v is None else percent(v, 0))
            total.append(shown + (" *" if met else ""))
            total_classes.append(
                "" if met is None or not shown else "goal-met" if met else "goal-missed"
            )
        body_rows.append(total)
        classes.append(total_classes)
        row_classes = [""] * len(months) + ["total"]
        title = (
            f"Status på fokusmål for jobsamtaler {month_label(months[0])} – "
            f"{month_label(months[-1])}"
        )
        plotted = [a for a in a_kasser if a in totals and totals[a][0].plotted is not None]
        colors = [
            COLORS[0] if totals[a][1] is None else COLORS[2] if totals[a][1] else COLORS[1]
            for a in plotted
        ]
        if plotted:
            fig = Figure(dict(
                type="bar", x=plotted, y=[float(totals[a][0].value) for a in plotted],
                name="Gennemsnit af månederne", marker=dict(color=colors),
                hovertemplate="%{x}: %{y:.1%}<extra></extra>",
            ))
            if target is not None:
                fig.add_hline(
                    float(target), dash="dash", text=f"Fokusmål {percent(float(target), 0)}"
                )
            share_axis(fig)
            fig.update_yaxes(range=[0, 1.05])
            chart = chart_html(fig, "chart-focus-means")
        else:
            chart = ('<p class="note" id="focus-means-note">Gennemsnittene er undertrykt i '
                     'denne udgave; * i Total-rækken viser stadig, om fokusmålet er nået.</p>')
        goal = (
            f"* og grøn: fokusmålet på {percent(float(target), 0)} er nået, rød: ikke nået."
            if target is not None else "Fokusmålets grænse er ikke med i publikationen."
        )
        return f"""
<section id="fokusmaal">
<h2 id="focus-title">{esc(title)}</h2>
<p>Andel af personer med fuld forsøgsperiode, som har deltaget i mindst to individuelle
jobsamtaler, per måned. Total = gennemsnittet af månederne (R22). {esc(goal)}
Tom celle: ingen personer i måneden.</p>
{table(["Måneder"] + a_kasser, body_rows, row_classes=row_classes, cell_classes=classes,
       table_id="focus-table")}
<h3>Gennemsnit pr. a-kasse mod fokusmålet</h3>
{chart}
</section>"""

    def focus_totals(self, a_kasser: list[str], grid: dict, target: Fraction | None,
                     first: dt.date) -> dict[str, tuple[Cell, bool | None]]:
        """R22 per a-kasse: (mean, goal met). Over every published month (the
        default) it is mart_focus_target_summary: its exact decision and, in
        the public variant, its suppression. Over a chosen range it is decided
        here the same way: the unweighted mean of the monthly fractions
        persons_two_plus / persons over the months with persons, as one exact
        fraction compared with the goal without rounding; unknown ('..') when
        a month of the range is suppressed."""
        span = self.pub.rows(
            "select min(report_month) as first, max(report_month) as last "
            "from mart_focus_target_monthly"
        )[0]
        if first <= span["first"] and self.focus_to >= span["last"] \
                and self.pub.has("mart_focus_target_summary"):
            totals = {}
            for row in map(cells, self.pub.rows("select * from mart_focus_target_summary")):
                met = row["meets_target"]
                totals[row["a_kasse"].value] = (
                    row["average_share"], None if met.suppressed else bool(met.value)
                )
            return totals
        totals = {}
        for a in a_kasser:
            rows = [r for (_, k), r in grid.items() if k == a]
            if any(r["persons"].suppressed or r["persons_two_plus"].suppressed for r in rows):
                totals[a] = (Cell(None, suppressed=True), None)
                continue
            fractions = [
                Fraction(r["persons_two_plus"].value, r["persons"].value)
                for r in rows if r["persons"].value
            ]
            if not fractions:
                totals[a] = (Cell(None), None)
                continue
            mean = sum(fractions, Fraction(0)) / len(fractions)
            totals[a] = (Cell(float(mean)), None if target is None else mean >= target)
        return totals

    def quality_section(self) -> str:
        if not self.pub.has("mart_data_quality"):
            return not_published("datakvalitet", "Datakvalitet", "Datakvaliteten")
        rows = [cells(r) for r in self.pub.rows(
            "select * from mart_data_quality order by register, rejected_rows desc, reject_reason"
        )]
        body = [[
            esc(r["register"].value),
            esc(reject_reason_label(r["reject_reason"].value)),
            r["rejected_rows"].show(number), r["raw_rows"].show(number),
            r["staged_rows"].show(number),
        ] for r in rows]
        return f"""
<section id="datakvalitet">
<h2>Datakvalitet: afviste rækker pr. register og årsag</h2>
<p>Rækker, der bryder datakontrakten, indgår ikke i beregningerne; de er sat i karantæne
med register og årsag.</p>
{table(["Register", "Årsag", "Afviste rækker", "Rækker i alt", "Indlæste rækker"], body,
       text_columns=2, table_id="quality-table")}
</section>"""

    def metadata_section(self) -> str:
        labels = [
            ("data_through", "Data til og med"), ("built_at", "Dannet"),
            ("published_at", "Offentliggjort"), ("project_version", "Version"),
            ("rule_version", "Regelversion"),
            ("git_commit", "Git-commit"), ("run_id", "Kørsel"),
            ("next_expected_update", "Næste forventede opdatering"), ("variant", "Udgave"),
        ]
        rows = [[esc(label), esc(self.pub.metadata.get(key, ""))] for key, label in labels]
        return f"""
<section id="om">
<h2>Om publikationen</h2>
{table(["Felt", "Værdi"], rows, text_columns=2, table_id="metadata-table")}
<p class="note">Kilde: {esc(self.pub.folder)}. Mål 1–4 efter STAR's metodebeskrivelse
(R1–R18), fokusmålet efter notatet om forsøget (R19–R23), opfølgningen R24.</p>
</section>"""

    def suppression_note(self) -> str:
        if not self.pub.public:
            return ""
        return (f'<p class="note" id="suppression-note">Offentlig udgave: små tal er '
                f'undertrykt og vises som "{SUPPRESSED}"; figurerne viser dem ikke.</p>')

    def subtitle(self) -> str:
        variant = "offentlig udgave" if self.pub.public else "intern udgave"
        return (f"Tidlig indsats og fokusmål, {variant}. Data til og med "
                f"{self.pub.metadata.get('data_through', '')}.")

    def index(self) -> str:
        nav = ('<nav><a href="#hele-landet">Hele landet</a><a href="#maal-3">Mål 3</a>'
               '<a href="#frafald">Frafald</a><a href="#kommuner">Kommuner</a>'
               '<a href="#fokusmaal">Fokusmål</a><a href="#datakvalitet">Datakvalitet</a>'
               '<a href="#om">Om publikationen</a></nav>')
        body = "\n".join([
            self.suppression_note(), self.headline(), self.m3_section(),
            self.attrition_section(), self.municipality_section(), self.focus_section(),
            self.quality_section(), self.metadata_section(),
        ])
        title = f"Jobsamtaler – månedsrapport {month_label(self.month)}"
        return page(title, self.subtitle(), body, "")

    def municipality_attrition(self, code: str) -> str:
        """The municipality's attrition of the month (internal edition only:
        mart_early_effort_attrition_municipality has no public variant)."""
        title = f"Frafald, {month_label(self.month)}: fra opfølgningstidspunkt til mål 1"
        if not self.pub.has("mart_early_effort_attrition_municipality"):
            return not_published("kommune-attrition", title, "Kommunernes frafald")
        found = self.pub.rows(
            "select * from mart_early_effort_attrition_municipality "
            "where report_month = ? and municipality_code = ?", [self.month, int(code)]
        )
        if not found:
            return f"""
<section id="kommune-attrition"><h2>{esc(title)}</h2>
<p class="note">Ingen i kommunen nåede opfølgningstidspunktet i måneden.</p></section>"""
        body = attrition_block(cells(found[0]), "chart-kommune-attrition", "kommune-attrition-table")
        return f"""
<section id="kommune-attrition">
<h2>{esc(title)}</h2>
{body}
</section>"""

    def municipality_page(self, code: str, name: str) -> str:
        region_code = self.region_of.get(code, "")
        region_name = dict(self.regions()).get(region_code, "")
        lines = [("kommune", code, name)]
        if region_name:
            lines.append(("region", region_code, region_name))
        lines.append(("hele_landet", COUNTRY, "Hele landet"))
        now = self.at("kommune", code, self.month)
        follow = self.follow_up.get(code)
        if follow is None:
            status = "Opfølgningen er ikke med i denne udgave af publikationen."
        elif follow["is_under_follow_up"].value is True:
            status = (f"Under opfølgning: {number(follow['months_counting_against'].value)} "
                      "måneder i træk under tærsklen.")
        else:
            status = (f"Ikke under opfølgning ({follow['months_counting_against'].show(number)} "
                      "måneder i træk under tærsklen).")
        fig = Figure(dict(
            type="bar",
            x=[label for _, label in BUCKETS],
            y=[now[f"m2_interviews_{b}"].plotted for b, _ in BUCKETS],
            marker=dict(color=COLORS[0]), hovertemplate="%{x}: %{y}<extra></extra>",
        ))
        count_axis(fig, [now[f"m2_interviews_{b}"].plotted for b, _ in BUCKETS])
        fig.update_yaxes(title=dict(text="Personer"))
        body = f"""
<p><a href="../index.html">← Tilbage til månedsrapporten</a></p>
{self.suppression_note()}
<section id="kommune-noegletal">
<h2>{esc(name)}, {esc(month_label(self.month))}</h2>
<div class="headline">
 <div><div class="label">Mål 4: andel der fik de lovpligtige jobsamtaler</div>
  <div class="figure" id="kommune-m4">{now["m4_share_meeting_requirement"].show(percent)}</div></div>
 <div><div class="label">Mål 1: personer i opgørelsen</div>
  <div class="figure" id="kommune-m1" style="font-size:1.4em">{now["m1_persons"].show(number)}</div></div>
 <div><div class="label">Mål 4: personer der fik samtalerne</div>
  <div class="figure" id="kommune-m4-persons" style="font-size:1.4em">{now["m4_persons_meeting_requirement"].show(number)}</div></div>
</div>
<p id="kommune-follow-up">{esc(status)}</p>
</section>
<section id="kommune-udvikling">
<h2>Mål 4 de seneste {TREND_MONTHS} måneder mod region og hele landet</h2>
{self.trend_chart("chart-kommune-trend", lines)}
</section>
<section id="kommune-frafald">
<h2>Personerne i måneden efter antal jobsamtaler</h2>
{chart_html(fig, "chart-kommune-m2", height=300)}
{table(["Antal samtaler", "Personer"], [[esc(label), now[f"m2_interviews_{b}"].show(number)] for b, label in BUCKETS], table_id="kommune-m2-table")}
</section>
{self.municipality_attrition(code)}"""
        title = f"{name} – jobsamtaler {month_label(self.month)}"
        return page(title, self.subtitle(), body, "../")

    def write(self, out: Path) -> int:
        """Write the pages into out (replaced); return the number of pages."""
        tmp = out.with_name(out.name + ".tmp")
        if tmp.exists():
            shutil.rmtree(tmp)
        (tmp / "kommune").mkdir(parents=True)
        (tmp / "plotly.min.js").write_text(get_plotlyjs(), encoding="utf-8")
        (tmp / "index.html").write_text(self.index(), encoding="utf-8")
        pages = 1
        for code, name in self.municipalities():
            (tmp / "kommune" / f"{code}.html").write_text(
                self.municipality_page(code, name), encoding="utf-8"
            )
            pages += 1
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
        return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--publication", type=Path,
                        default=Path(os.environ.get("PUBLICATION_DIR", "data/publication")),
                        help="publication root holding current/ (default: $PUBLICATION_DIR "
                             "or data/publication)")
    parser.add_argument("--public", action="store_true",
                        help="build from current/public/ (suppressed cells show as '..')")
    parser.add_argument("--month", help="report month YYYY-MM (default: the latest published)")
    parser.add_argument("--focus-from", help="first month of the focus-target table, YYYY-MM "
                        "(default: the first published)")
    parser.add_argument("--focus-to", help="last month of the focus-target table, YYYY-MM "
                        "(default: the report month)")
    parser.add_argument("--out", type=Path, default=None,
                        help="output folder (default: data/report, data/report-public)")
    args = parser.parse_args(argv)
    try:
        root = args.publication if args.publication.is_absolute() else PROJECT_DIR / args.publication
        publication = Publication(root, args.public)
        report = Report(
            publication,
            parse_month(args.month, "--month") if args.month else None,
            parse_month(args.focus_from, "--focus-from") if args.focus_from else None,
            parse_month(args.focus_to, "--focus-to") if args.focus_to else None,
        )
        out = args.out or PROJECT_DIR / "data" / ("report-public" if args.public else "report")
        pages = report.write(out.resolve())
    except ReportError as error:
        print(f"report: {error}", file=sys.stderr)
        return 1
    print(f"report: {pages} pages for {month_label(report.month)} in {out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
