"""Views as rich tables on a terminal (colour unless NO_COLOR is set)."""

from __future__ import annotations

from typing import TextIO

from giamngheo.render.cells import display_rows, shown_columns, title
from giamngheo.views.table import View

# How each tone of a row looks on a terminal.
STYLES = {"good": "green", "fair": "cyan", "warn": "yellow", "bad": "red", "alarm": "bold red",
          "notice": "magenta", "muted": "dim"}


def print_rich(view: View, lang: str, out: TextIO) -> None:
    """The view as rich tables on OUT."""
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    console = Console(file=out, highlight=False)
    for table in view.tables:
        rich_table = RichTable(title=title(table, lang), title_justify="left", show_lines=False)
        columns = [c for c in shown_columns(table) if c.on_screen]
        for column in columns:
            justify = "right" if column.kind in ("count", "percent", "number") else "left"
            rich_table.add_column(column.label(lang), justify=justify, overflow="fold",
                                  no_wrap=column.kind in ("date", "id"), ratio=3 if column.key == "name" else None)
        group = None
        for row, cells in zip(table.rows, display_rows(table, lang, columns)):
            if row.get("_group") and row["_group"] != group:
                group = row["_group"]
                rich_table.add_row(Text(group, style="bold"), *[""] * (len(columns) - 1))
            rich_table.add_row(*(Text(c) for c in cells), style=STYLES.get(row.get("_tone") or ""))
        console.print(rich_table)
    for line in view.lines:
        console.print(Text(line))
