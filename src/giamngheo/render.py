"""Output in one place for every command: a rich table, plain, markdown, csv or json.

Cells hold raw values (int, Decimal, date, str); each column says what kind of value it
holds, and only the renderer turns values into text. So CSV and JSON always carry
machine numbers (`14996`, `8.49`, `2017-12-10`) that Excel and scripts cannot misread,
while people see `14.996`, `8,49%` and `10/12/2017`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, TextIO

from giamngheo.numbers import format_date, format_number

Kind = Literal["text", "id", "count", "percent", "number", "date", "bar"]  # "id": text never wrapped
FORMATS = ("table", "plain", "markdown", "csv", "json")


@dataclass(frozen=True)
class Column:
    """A column: its key in CSV and JSON, its labels, and the kind of value it holds."""

    key: str
    vi: str
    en: str
    kind: Kind = "text"
    labels: dict[str, tuple[str, str]] | None = None  # raw value -> (vi, en) words people see
    on_screen: bool = True  # False: left out of the rich table, where width is scarce
    unit_key: str | None = None  # people see the row's unit (the labels of the column with this key) after the number
    approx_key: str | None = None  # people see "≈" before the number when this key of the row is true
    truncate: int | None = None  # people see at most this many characters; csv and json keep the whole text
    machine_only: bool = False  # only in csv and json: a stable key that people need not see

    def label(self, lang: str) -> str:
        """The header people see: Vietnamese first with English beside it, or English only."""
        return self.en if lang == "en" else f"{self.vi}\n{self.en}"


@dataclass
class Table:
    """One table of a report. Rows are dicts of raw values keyed by column key.

    A row may carry `_style` (a rich style for its line), `_indent` (levels to indent its
    name, for breakdown parts) and `_group` (a heading the rich table shows above the rows
    of each group).
    """

    key: str
    vi: str
    en: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Report:
    """What a command shows: tables, then summary lines, and optional extra JSON data."""

    tables: list[Table]
    lines: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


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


def machine(value: Any) -> Any:
    """VALUE for JSON: Decimal as a number, dates as ISO text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: machine(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [machine(v) for v in value]
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


def to_json(report: Report) -> str:
    """The report as JSON: each table as a list of objects, plus the report's extra data."""
    payload: dict[str, Any] = {}
    for table in report.tables:
        # Every raw value of a row, not only the columns shown: days, missing figures, flags.
        bars = {c.key for c in table.columns if c.kind == "bar"}
        payload[table.key] = [{k: machine(v) for k, v in row.items() if not k.startswith("_") and k not in bars}
                              for row in table.rows]
    payload.update(machine(report.data))
    return json.dumps(payload, ensure_ascii=False, indent=2)


def to_csv(report: Report) -> str:
    """The report as CSV: one block per table, separated by a blank line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for n, table in enumerate(report.tables):
        if n:
            out.write("\n")
        columns = [c for c in table.columns if c.kind != "bar"]
        writer.writerow([c.key for c in columns])
        for row in table.rows:
            writer.writerow([machine_text(row.get(c.key)) for c in columns])
    return out.getvalue()


def _display_rows(table: Table, lang: str, columns: list[Column] | None = None) -> list[list[str]]:
    columns = _text_columns(table) if columns is None else columns
    at = next((i for i, c in enumerate(columns) if c.key == "name"), 0)
    rows = []
    for row in table.rows:
        cells = [_cell(row.get(c.key), c, lang, row, table) for c in columns]
        if row.get("_indent"):
            cells[at] = "  " * row["_indent"] + "└ " + cells[at]
        rows.append(cells)
    return rows


def _text_columns(table: Table) -> list[Column]:
    """The columns of plain and markdown output: all but the bars, which only a screen needs."""
    return [c for c in table.columns if c.kind != "bar" and not c.machine_only]


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


def _title(table: Table, lang: str) -> str:
    return table.en if lang == "en" else f"{table.vi} ({table.en})"


def to_text(report: Report, fmt: str, lang: str) -> str:
    """The report as plain text or markdown, through tabulate."""
    from tabulate import tabulate  # imported only when this output is asked for

    blocks = []
    for table in report.tables:
        if fmt == "markdown":
            headers = [c.label(lang).replace("\n", " (") + (")" if lang != "en" else "") for c in _text_columns(table)]
            body = tabulate(_display_rows(table, lang), headers=headers, tablefmt="github", disable_numparse=True)
            blocks.append(f"### {_title(table, lang)}\n\n{body}" if table.rows else f"### {_title(table, lang)}\n\n—")
        else:
            headers = [c.label(lang) for c in _text_columns(table)]
            body = tabulate(_display_rows(table, lang), headers=headers, tablefmt="simple", disable_numparse=True)
            blocks.append(f"{_title(table, lang)}\n\n{body}" if table.rows else f"{_title(table, lang)}\n\n—")
    text = "\n\n".join(blocks)
    if report.lines:
        text += ("\n\n" if blocks else "") + "\n".join(report.lines)
    return text + "\n"


def print_rich(report: Report, lang: str, out: TextIO) -> None:
    """The report as rich tables on a terminal (colour unless NO_COLOR is set)."""
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    console = Console(file=out, highlight=False)
    for table in report.tables:
        rich_table = RichTable(title=_title(table, lang), title_justify="left", show_lines=False)
        columns = [c for c in table.columns if c.on_screen and not c.machine_only]
        for column in columns:
            justify = "right" if column.kind in ("count", "percent", "number") else "left"
            rich_table.add_column(column.label(lang), justify=justify, overflow="fold",
                                  no_wrap=column.kind in ("date", "id"), ratio=3 if column.key == "name" else None)
        group = None
        for row, cells in zip(table.rows, _display_rows(table, lang, columns)):
            if row.get("_group") and row["_group"] != group:
                group = row["_group"]
                rich_table.add_row(Text(group, style="bold"), *[""] * (len(columns) - 1))
            rich_table.add_row(*(Text(c) for c in cells), style=row.get("_style"))
        console.print(rich_table)
    for line in report.lines:
        console.print(Text(line))


def emit(report: Report, fmt: str, lang: str, out: TextIO) -> None:
    """Write REPORT to OUT in the format asked for."""
    if fmt == "json":
        out.write(to_json(report) + "\n")
    elif fmt == "csv":
        out.write(to_csv(report))
    elif fmt == "table":
        print_rich(report, lang, out)
    else:
        out.write(to_text(report, fmt, lang))
