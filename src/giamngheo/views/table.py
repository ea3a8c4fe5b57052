"""The shape of what a command shows: columns, tables, and a view of several tables and lines.

Cells hold raw values (int, Decimal, date, str); each column says what kind of value it
holds, and only render/ turns values into text. So CSV and JSON always carry machine
numbers (`14996`, `8.49`, `2017-12-10`) that Excel and scripts cannot misread, while people
see `14.996`, `8,49%` and `10/12/2017`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["text", "id", "count", "percent", "number", "date", "bar"]  # "id": text never wrapped
# How a row should strike the reader; render/ turns each into colours.
Tone = Literal["good", "fair", "warn", "bad", "alarm", "notice", "muted"]


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
    optional: bool = False  # people see it only when some row holds a value other than BLANK
    blank: Any = None
    secondary: bool = False  # left out of a rich table on a narrow terminal, unless --wide

    def label(self, lang: str) -> str:
        """The header people see: Vietnamese first with English beside it, or English only."""
        return self.en if lang == "en" or self.vi == self.en else f"{self.vi}\n{self.en}"


@dataclass
class Table:
    """One table of a view. Rows are dicts of raw values keyed by column key.

    A row may carry `_tone` (how its line strikes the reader), `_indent` (levels to indent
    its name, for breakdown parts) and `_group` (a heading shown above the rows of each group).
    """

    key: str
    vi: str
    en: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class View:
    """What a command shows: tables, then summary lines, and optional extra JSON data."""

    tables: list[Table]
    lines: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    def part(self, key: str) -> View:
        """Only the table KEY, without the summary lines (csv and `--part` hold one table)."""
        return View([t for t in self.tables if t.key == key], [], {})
