"""Views as rich tables on a terminal (colour unless NO_COLOR is set).

Numbers, dates, ids and bars never wrap: their columns are as wide as their widest cell and
heading word, and the text columns (names, details) fold into what is left. On a terminal
too narrow for every column, the columns a view marks secondary are left out, and a line says
which (`--wide` keeps them all); if it is narrower still, bars give way to their per cents.
"""

from __future__ import annotations

from typing import Any, TextIO

from giamngheo.core.messages import Joined, load_translator, msg
from giamngheo.render.cells import display_rows, shown_columns, title
from giamngheo.views.table import Column, Table, View

# How each tone of a row looks on a terminal.
STYLES = {"good": "green", "fair": "cyan", "warn": "yellow", "bad": "red", "alarm": "bold red",
          "notice": "magenta", "muted": "dim"}
FIRM = ("count", "percent", "number", "date", "id", "bar")  # kinds of value that are never broken
NAME_WIDTH = 10  # the least a name column gets: a few words on each line (80 columns hold the targets)
LONG_WORD = 10  # a longer word in a text column (22/2013/QĐ-TTg) may fold; a shorter one keeps its line


def print_rich(view: View, lang: str, out: TextIO, wide: bool = False) -> None:
    """The view as rich tables on OUT; WIDE keeps every column however narrow the terminal."""
    from rich.console import Console
    from rich.text import Text

    console = Console(file=out, highlight=False)
    tr = load_translator(lang)
    for table in view.tables:
        columns = [c for c in shown_columns(table) if c.on_screen]
        rows = display_rows(table, lang, columns)
        left_out = [c for c in columns if c.secondary]
        if not wide and left_out and _needed(columns, rows, lang) > console.width:
            rows = [[cell for c, cell in zip(columns, cells) if not c.secondary] for cells in rows]
            columns = [c for c in columns if not c.secondary]
        else:
            left_out = []
        if not wide and _needed(columns, rows, lang) > console.width:  # bars give their room to words
            rows = [[cell.rpartition(" ")[2] if c.kind == "bar" else cell for c, cell in zip(columns, cells)]
                    for cells in rows]
        widths = _widths(columns, rows, lang, console.width)
        if wide:  # every column at its least, even wider than the terminal: the lines then wrap, but none is cut
            console.width = max(console.width, sum(widths) + 3 * len(widths) + 1)
        console.print(_rich_table(table, columns, rows, lang, widths))
        if left_out:
            names = Joined((c.en if lang == "en" else c.vi for c in left_out), ", ")
            console.print(Text(tr.show(msg("Left out to fit {width} columns: {names}; --wide shows them",
                                           width=console.width, names=names)), style="dim"))
    for line in view.lines:
        console.print(Text(tr.show(line)))


def _widths(columns: list[Column], rows: list[list[str]], lang: str, width: int) -> list[int]:
    """How wide each column is drawn, within WIDTH terminal columns if it can be: a firm column as
    wide as its widest cell, the text columns sharing the rest by how much each would take."""
    from rich.cells import cell_len

    least = [_least(c, [cells[i] for cells in rows], lang) for i, c in enumerate(columns)]
    natural = [max([cell_len(line) for cells in rows for line in cells[i].splitlines()] + [least[i]])
               if c.kind not in FIRM else least[i] for i, c in enumerate(columns)]
    room = width - (3 * len(columns) + 1) - sum(least)
    wants = [n - w for n, w in zip(natural, least)]
    if room <= 0 or sum(wants) <= room:
        return natural if room > 0 else least
    given = [w * room // sum(wants) for w in wants]
    return [w + g for w, g in zip(least, given)]


def _rich_table(table: Table, columns: list[Column], rows: list[list[str]], lang: str, widths: list[int]) -> Any:
    """TABLE as a rich table of COLUMNS, whose cells are ROWS, each column as wide as WIDTHS says."""
    from rich.table import Table as RichTable
    from rich.text import Text

    shown = RichTable(title=title(table, lang), title_justify="left", show_lines=False)
    for i, column in enumerate(columns):
        firm = column.kind in FIRM
        shown.add_column(column.label(lang), no_wrap=firm, overflow="ellipsis" if firm else "fold",
                         justify="right" if column.kind in ("count", "percent", "number") else "left",
                         width=widths[i])
    group = None
    for row, cells in zip(table.rows, rows):
        if row.get("_group") and row["_group"] != group:
            group = row["_group"]
            shown.add_row(Text(group, style="bold"), *[""] * (len(columns) - 1))
        shown.add_row(*(Text(c) for c in cells), style=STYLES.get(row.get("_tone") or ""))
    return shown


def _least(column: Column, cells: list[str], lang: str) -> int:
    """The fewest terminal columns COLUMN can take: a firm column its widest cell and heading line
    (neither wraps), a text column its longest heading word (a name at least NAME_WIDTH)."""
    from rich.cells import cell_len

    label = column.label(lang)
    if column.kind in FIRM:
        return max(cell_len(line) for text in [label, *cells] for line in text.splitlines() or [""])
    words = [min(cell_len(word), LONG_WORD) for text in cells for word in text.split()]
    return max([cell_len(word) for word in label.split()] + words + [NAME_WIDTH if column.key == "name" else 1])


def _needed(columns: list[Column], rows: list[list[str]], lang: str) -> int:
    """The terminal columns a table of COLUMNS needs at the least: each column, its padding, the rules."""
    return sum(_least(c, [cells[i] for cells in rows], lang) + 3 for i, c in enumerate(columns)) + 1
