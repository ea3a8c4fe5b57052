"""The report as one web page that needs nothing else: styles inline, charts as inline SVG, no
script, no font, no picture, no link to anywhere. It prints on A4 (`@page`).

The page's layout is the Jinja template render/templates/report.html.j2; its words come from
views/wording.py and the view's column labels. The charts are drawn here, as SVG.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Any

from giamngheo.core.formats import format_date, format_number
from giamngheo.render.cells import headings, row_texts
from giamngheo.views.report import TIMELINESS, Report, format_moment
from giamngheo.views.table import Table
from giamngheo.views.wording import word

TEMPLATE = Path(__file__).resolve().parent / "templates" / "report.html.j2"
# The colour of each status and of each state of a report, on screen and on paper.
STATUS_COLOURS = {"achieved": "#2e7d32", "on-track": "#00838f", "at-risk": "#f9a825", "off-track": "#c62828",
                  "no-baseline": "#f9a825", "partial": "#8e24aa", "no-target": "#9e9e9e", "no-data": "#9e9e9e"}
STATE_COLOURS = {"on-time": "#2e7d32", "late": "#f9a825", "partial": "#ef6c00", "overdue": "#c62828",
                 "pending": "#bdbdbd"}
CHART_WIDTH = 720
LABEL_WIDTH = 330
ROW = 22
LABEL_CHARS = 52


def page_bytes(report: Report) -> bytes:
    """The report as the UTF-8 bytes of one self-contained HTML page."""
    import jinja2

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    template = env.from_string(TEMPLATE.read_text(encoding="utf-8"))
    lang = report.lang
    results = report.results
    page = template.render(
        lang=lang, w=lambda key, **values: word(key, lang, **values), report=report,
        plan_title=report.plan.title_en if lang == "en" else report.plan.title,
        plan_date=format_date(report.plan.date, lang), as_of=format_date(report.as_of, lang),
        generated=format_moment(report.provenance.generated, lang),
        attainment_chart=jinja2.utils.markupsafe.Markup(attainment_svg(report)),
        timeliness_chart=jinja2.utils.markupsafe.Markup(timeliness_svg(report)) if report.agencies else None,
        results=_table(results, lang, grouped=True), figures=_table(report.figures, lang),
        deadlines=_table(report.reports, lang) if report.reports is not None else None,
        units=_table(report.units, lang) if report.units is not None else None,
    )
    return page.encode("utf-8")


def _table(table: Table, lang: str, grouped: bool = False) -> dict[str, Any]:
    """TABLE as the template draws it: headings, and rows of text (a group's heading as its own row)."""
    columns = [c for c in table.columns if c.on_screen and not c.machine_only]
    names = headings(table, lang)
    numeric = [c.kind in ("count", "number", "percent") for c in columns]
    rows: list[dict[str, Any]] = []
    group = None
    for row in table.rows:
        if grouped and row.get("_group") != group:
            group = row["_group"]
            rows.append({"heading": group})
        shown = row_texts(table, row, lang)
        rows.append({"heading": None, "cells": [shown[c.key] for c in columns], "tone": row.get("status") or row.get("_tone") or "",
                     "indent": bool(row.get("_indent"))})
    return {"headings": [names[c.key] for c in columns], "numeric": numeric, "rows": rows}


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def attainment_svg(report: Report) -> str:
    """Horizontal bars of each target's per cent of target, with a line at 100 (the target)."""
    measured = [r for r in report.results.rows if r["attainment_pct"] is not None]
    if not measured:
        return ""
    lang = report.lang
    top = max([Decimal(100), *(r["attainment_pct"] for r in measured)])
    scale = (CHART_WIDTH - LABEL_WIDTH - 60) / float(top)
    height = ROW * len(measured) + 30
    title = escape(word("chart.attainment", lang))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{CHART_WIDTH}" height="{height}" '
             f'viewBox="0 0 {CHART_WIDTH} {height}" font-family="Times New Roman, serif" font-size="12">',
             f"<title>{title}</title>"]
    for n, row in enumerate(measured):
        y = 10 + n * ROW
        pct = float(row["attainment_pct"])
        name = escape(f"{row['stt']}. {row['name']}")
        parts.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + 14}" text-anchor="end">{escape(_short(row["stt"] + ". " + row["name"]))}'
                     f"<title>{name}</title></text>")
        colour = STATUS_COLOURS.get(row["status"], "#757575")
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{pct * scale:.1f}" height="{ROW - 8}" fill="{colour}"/>')
        parts.append(f'<text x="{LABEL_WIDTH + pct * scale + 4:.1f}" y="{y + 14}">'
                     f"{escape(format_number(row['attainment_pct'], lang))}%</text>")
    line = LABEL_WIDTH + 100 * scale
    parts.append(f'<line x1="{line:.1f}" y1="4" x2="{line:.1f}" y2="{height - 18}" stroke="#000" stroke-dasharray="4 3"/>')
    parts.append(f'<text x="{line:.1f}" y="{height - 4}" text-anchor="middle">100%</text>')
    parts.append("</svg>")
    return "".join(parts)


def timeliness_svg(report: Report) -> str:
    """One bar per agency, in segments: reports on time, late, in part, overdue, not yet due."""
    table = report.agencies
    assert table is not None
    lang = report.lang
    rows = table.rows
    most = max((sum(r[g] for g in TIMELINESS) for r in rows), default=1) or 1
    scale = (CHART_WIDTH - LABEL_WIDTH - 20) / most
    height = ROW * len(rows) + 40
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{CHART_WIDTH}" height="{height}" '
             f'viewBox="0 0 {CHART_WIDTH} {height}" font-family="Times New Roman, serif" font-size="12">',
             f"<title>{escape(word('chart.timeliness', lang))}</title>"]
    for n, row in enumerate(rows):
        y = 8 + n * ROW
        parts.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + 14}" text-anchor="end">{escape(_short(row["name"]))}</text>')
        x = float(LABEL_WIDTH)
        for group in TIMELINESS:
            count = row[group]
            if not count:
                continue
            label = escape(f"{word('timeliness.' + group, lang)}: {count}")
            parts.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{count * scale:.1f}" height="{ROW - 8}" '
                         f'fill="{STATE_COLOURS[group]}" stroke="#fff"><title>{label}</title></rect>')
            parts.append(f'<text x="{x + count * scale / 2:.1f}" y="{y + 14}" text-anchor="middle" fill="#fff">{count}</text>')
            x += count * scale
    legend_y = height - 14
    x = 10.0
    for group in TIMELINESS:
        parts.append(f'<rect x="{x:.1f}" y="{legend_y - 9}" width="10" height="10" fill="{STATE_COLOURS[group]}"/>')
        text = word("timeliness." + group, lang)
        parts.append(f'<text x="{x + 14:.1f}" y="{legend_y}">{escape(text)}</text>')
        x += 24 + 6.2 * len(text)
    parts.append("</svg>")
    return "".join(parts)
