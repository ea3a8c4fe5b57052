"""One cell's value as people read it, and as machines read it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from giamngheo.core.formats import format_date, format_number
from giamngheo.core.messages import ENGLISH, Translator
from giamngheo.core.problems import Problem
from giamngheo.views.table import Column, Kind, Table


def cell_text(value: Any, kind: Kind, lang: str) -> str:
    """VALUE as people read it."""
    if value is None:
        return "" if kind in ("text", "id") else "—"
    if kind == "bar":
        return bar(value)
    if isinstance(value, bool):
        return ("có" if value else "không") if lang == "vi" else ("yes" if value else "no")
    if isinstance(value, dt.date):
        return format_date(value, lang)
    if kind in ("count", "number", "percent") and isinstance(value, (int, Decimal)):
        text = format_number(value, lang)
        return text + "%" if kind == "percent" else text
    return str(value)


def bar(percent: Decimal | int, width: int = 10) -> str:
    """An attainment bar: one block per 10%, capped at 100%."""
    filled = max(0, min(width, int(Decimal(percent) * width / 100)))
    return "█" * filled + "░" * (width - filled)


def machine(value: Any, tr: Translator = ENGLISH) -> Any:
    """VALUE for JSON: Decimal as a number, dates as ISO text, a problem as its fields (in TR's language)."""
    if isinstance(value, Problem):
        return value.as_dict(tr)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: machine(v, tr) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [machine(v, tr) for v in value]
    return value


def machine_text(value: Any) -> str:
    """VALUE for a CSV cell: plain digits with '.' as the decimal mark, ISO dates."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def display_rows(table: Table, lang: str, columns: list[Column] | None = None) -> list[list[str]]:
    """The rows of TABLE as people read them, the names of breakdown parts indented."""
    columns = text_columns(table) if columns is None else columns
    at = next((i for i, c in enumerate(columns) if c.key == "name"), 0)
    rows = []
    for row in table.rows:
        cells = [_cell(row.get(c.key), c, lang, row, table) for c in columns]
        if row.get("_indent"):
            cells[at] = "  " * row["_indent"] + "└ " + cells[at]
        rows.append(cells)
    return rows


def text_columns(table: Table) -> list[Column]:
    """The columns of plain and markdown output: all but the bars, which only a screen needs."""
    return [c for c in shown_columns(table) if c.kind != "bar"]


def shown_columns(table: Table) -> list[Column]:
    """The columns people see: not those for machines only, nor optional ones that no row fills."""
    return [c for c in table.columns if not c.machine_only
            and not (c.optional and all(row.get(c.key) in (None, c.blank) for row in table.rows))]


def _cell(value: Any, column: Column, lang: str, row: dict[str, Any], table: Table) -> str:
    if column.labels is not None and value in column.labels:
        vi, en = column.labels[value]
        return en if lang == "en" else vi
    text = cell_text(value, column.kind, lang)
    if column.kind == "bar" and value is not None:
        text += " " + cell_text(value, "percent", lang)  # the caller rounds, as it does for csv and json
    if column.approx_key and row.get(column.approx_key) and value is not None:
        text = "≈ " + text
    if column.unit_key and value is not None:
        unit = row.get(column.unit_key)
        if unit == "percent":
            text += "%"
        else:
            unit_column = next(c for c in table.columns if c.key == column.unit_key)
            text += " " + _cell(unit, unit_column, lang, row, table)
    if column.truncate and len(text) > column.truncate:
        text = text[: column.truncate - 1] + "…"
    return text


def title(table: Table, lang: str) -> str:
    """The title of TABLE: Vietnamese with English beside it, or English only."""
    return table.en if lang == "en" else f"{table.vi} ({table.en})"


def headings(table: Table, lang: str) -> dict[str, str]:
    """The heading of each column of TABLE in LANG alone, by key (a document is in one language)."""
    return {c.key: c.en if lang == "en" else c.vi for c in table.columns}


def row_texts(table: Table, row: dict[str, Any], lang: str) -> dict[str, str]:
    """Each value of ROW as a report's reader reads it, by column key: no unit after the number
    (a report has a column for it), per cents without the sign (the heading says %)."""
    return {c.key: _report_text(row.get(c.key), c, row, lang) for c in table.columns}


def _report_text(value: Any, column: Column, row: dict[str, Any], lang: str) -> str:
    if value is None:
        return ""
    if column.labels is not None and value in column.labels:
        return column.labels[value][1 if lang == "en" else 0]
    if column.kind == "percent":
        return cell_text(value, "number", lang)
    text = cell_text(value, column.kind, lang)
    if column.approx_key and row.get(column.approx_key):
        text = "≈ " + text
    return text
