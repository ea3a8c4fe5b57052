"""Reading a sheet: the non-empty rows of a .xlsx or .csv file, and which column holds what.

Cells keep what the file holds: Excel's numbers and dates stay numbers and dates (floats as
exact Decimals), and text stays text, to be read the Vietnamese way later.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from giamngheo.core.files import Expected, FileRefused, read_regular_file
from giamngheo.core.messages import Joined, msg
from giamngheo.core.problems import Problem, UserError, error
from giamngheo.core.text import fold

MAX_ROWS = 100_000
MAX_FILE_BYTES = 50_000_000

Cells = list[Any]


class SheetError(UserError):
    """A sheet that cannot be read, or whose header is wrong; every problem names the file."""


class RowsRefused(SheetError):
    """Mistakes in a sheet's rows: each at its row, shown a row to a line."""

    one_line_per_place = True


@dataclass(frozen=True)
class Heading:
    """A column the sheet may have: its key, its template label, and the header names it goes by."""

    key: str
    vi: str
    en: str
    required: bool
    aliases: tuple[str, ...]
    width: int

    @property
    def label(self) -> str:
        """The template's header: Vietnamese, with the English key beside it."""
        return f"{self.vi} ({self.en})"


HEADINGS = (
    Heading("agency", "Cơ quan", "agency", True, ("co quan", "co quan bao cao", "don vi bao cao"), 30),
    Heading("indicator", "Chỉ tiêu", "indicator", True, ("chi tieu", "ma chi tieu"), 30),
    Heading("value", "Giá trị", "value", True, ("gia tri", "so lieu", "figure"), 14),
    Heading("date", "Ngày báo cáo", "date", True, ("ngay bao cao", "report date", "reported"), 16),
    Heading("as_of", "Số liệu đến ngày", "as_of", False, ("so lieu den ngay", "den ngay", "as of"), 20),
    Heading("source", "Số văn bản", "source", True, ("so van ban", "van ban", "so hieu van ban"), 20),
    Heading("note", "Ghi chú", "note", False, ("ghi chu", "notes"), 40),
)
_ALIASES = {fold(name): h.key for h in HEADINGS for name in (h.key, h.en, *h.aliases)}
# Vietnamese sheets usually open with a row-number column (STT, "số thứ tự"); it carries no data.
_ROW_NUMBER_HEADERS = {"stt", "so thu tu", "tt", "no"}
_PAREN = re.compile(r"^(.*?)\s*\((.*)\)\s*$", re.S)

_EXPECTED = Expected(
    missing=msg("no such file"),
    folder=msg("is a folder; give a .xlsx or .csv file"),
    too_large=lambda limit: msg("is larger than {mb} MB; split it", mb=limit // 1_000_000),
)


def read_sheet(path: Path) -> list[tuple[int, Cells]]:
    """The header row and every non-empty row of a .xlsx or .csv file, with their row numbers."""
    if not path.exists():
        raise _file_error(path, "missing-file", _EXPECTED.missing)
    if path.is_dir():
        raise _file_error(path, "not-a-file", _EXPECTED.folder)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise _file_error(path, "unsupported", msg("only .xlsx and .csv sheets can be imported; "
                                                   "in Excel choose Save As → 'Excel Workbook (*.xlsx)'"))
    try:
        data = read_regular_file(path, MAX_FILE_BYTES, _EXPECTED)
    except FileRefused as exc:
        raise SheetError(*exc.at(file=path)) from None
    rows = _read_xlsx(path, data) if suffix == ".xlsx" else _read_csv(path, data)
    if not rows or rows[0][0] != 1:
        raise _file_error(path, "empty-sheet", msg("row 1 should hold the headers, but it is empty")
                          if rows else msg("the sheet is empty; row 1 should hold the headers"))
    return rows


def _file_error(path: Path, code: str, message: str) -> SheetError:
    return SheetError(error(path, None, code, message))


def _read_xlsx(path: Path, data: bytes) -> list[tuple[int, Cells]]:
    from openpyxl import load_workbook  # imported here: CLI start-up time matters

    # openpyxl raises many kinds (BadZipFile, KeyError, XML errors …) for a damaged or foreign
    # file; any of them while opening or parsing means "this is not a workbook we can read".
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - see above
        raise _file_error(path, "unreadable", msg(
            "cannot be read as an Excel workbook ({kind}); is it damaged, password-protected, or another format "
            "named .xlsx?", kind=type(exc).__name__)) from None
    try:
        sheet = book.worksheets[0]
        # A wrong <dimension> in the file would silently cut rows off; read what is really there.
        sheet.reset_dimensions()
        rows: list[tuple[int, Cells]] = []
        for number, row in enumerate(sheet.iter_rows(), start=1):
            cells = [_xlsx_value(cell) for cell in row]
            if not _is_blank(cells):
                rows.append((number, cells))
                _check_row_count(path, len(rows))
    except SheetError:
        raise
    except Exception as exc:  # noqa: BLE001 - as for load_workbook above
        raise _file_error(path, "unreadable", msg(
            "the first sheet cannot be read ({kind}); is the workbook damaged?", kind=type(exc).__name__)) from None
    finally:
        book.close()
    return rows


def _xlsx_value(cell: Any) -> Any:
    """A cell's value, with floats as exact Decimals and percent-formatted cells as percentages."""
    value = cell.value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    # repr is the shortest text that reads back as the same float: 84.1, never 84.09999…
    number = Decimal(repr(value)) if isinstance(value, float) else value
    # A cell formatted as a percentage holds 0.841 and shows 84,1%: the analyst typed 84,1.
    literal = re.sub(r'"[^"]*"|\\.', "", cell.number_format or "")
    if "%" in literal and Decimal(number).is_finite():
        return Decimal(number).scaleb(2)
    return number


def _read_csv(path: Path, data: bytes) -> list[tuple[int, Cells]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise SheetError(error(path, line, "not-utf8", msg(
            "is not UTF-8 text; in Excel choose Save As → 'CSV UTF-8 (Comma delimited) (*.csv)'"))) from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[tuple[int, Cells]] = []
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            if not _is_blank(cells):
                rows.append((number, list(cells)))
                _check_row_count(path, len(rows))
    except csv.Error as exc:
        raise SheetError(error(path, number + 1, "bad-csv", msg("cannot be read as CSV: {reason}",
                                                                 reason=str(exc)))) from None
    return rows


def _delimiter(text: str) -> str:
    """The delimiter that makes the most sense of the header row (Vietnamese Excel writes ';')."""
    first = text.split("\n", 1)[0]

    def fit(delimiter: str) -> tuple[int, int]:
        cells = next(csv.reader([first], delimiter=delimiter), [])
        return sum(heading_of(c) is not None for c in cells), len(cells)

    return max((",", ";", "\t"), key=fit)


def _check_row_count(path: Path, count: int) -> None:
    if count > MAX_ROWS + 1:
        raise _file_error(path, "too-many-rows", msg("has more than {limit:num} rows; split it into smaller sheets",
                                                     limit=MAX_ROWS))


def _is_blank(cells: Sequence[Any]) -> bool:
    return all(is_empty(c) for c in cells)


def is_empty(value: Any) -> bool:
    """True for a cell with nothing in it (or only spaces)."""
    return value is None or (isinstance(value, str) and not value.strip())


# ---------------------------------------------------------------------------- the header


@dataclass(frozen=True)
class Columns:
    """Where each known column is, and how to name a column in a message."""

    index: dict[str, int]
    names: dict[int, str]
    row_numbers: set[int]

    def name(self, key: str) -> str:
        """How a message names the column holding KEY."""
        return self.names[self.index[key]]

    def stray(self, cells: Cells) -> list[tuple[int, str]]:
        """Columns with a value but no header, which would otherwise be lost: (index, how to name it)."""
        known = {*self.index.values(), *self.row_numbers}
        return [(i, self.names.get(i, msg("column {letter}", letter=letter(i))))
                for i, value in enumerate(cells) if i not in known and not is_empty(value)]


def map_header(path: Path, header: Cells) -> Columns:
    """Which column holds what; every unknown, missing or repeated header refused at once."""
    unknown: list[int] = []
    problems: list[Problem] = []
    index: dict[str, int] = {}
    names: dict[int, str] = {}
    row_numbers: set[int] = set()
    for i, cell in enumerate(header):
        text = "" if cell is None else " ".join(str(cell).split())
        names[i] = (msg('column {letter} "{header}"', letter=letter(i), header=text) if text
                    else msg("column {letter}", letter=letter(i)))
        key = heading_of(text)
        if not text:
            continue
        if fold(text) in _ROW_NUMBER_HEADERS:
            row_numbers.add(i)
        elif key is None:
            unknown.append(i)
        elif key in index:
            problems.append(error(path, 1, "duplicate-column", msg("{column}: {key} is already {other}",
                                                                   column=names[i], key=key, other=names[index[key]])))
        else:
            index[key] = i
    missing = [h.label for h in HEADINGS if h.required and h.key not in index]
    expected = msg("the headers are {headers}", headers=Joined(
        h.label if h.required else msg("{header} (optional)", header=h.label) for h in HEADINGS))
    # The list of valid headers is said once, on the last problem, where the eye ends.
    for i in unknown:
        last = not missing and i == unknown[-1]
        problems.append(error(path, 1, "unknown-column",
                              msg("{column}: unknown header; {expected}", column=names[i], expected=expected) if last
                              else msg("{column}: unknown header", column=names[i])))
    if missing:
        problems.append(error(path, 1, "missing-column", (
            msg("missing column {columns}; {expected}", columns=", ".join(missing), expected=expected)
            if len(missing) == 1 else
            msg("missing columns {columns}; {expected}", columns=", ".join(missing), expected=expected))))
    if problems:
        raise SheetError(*problems)
    return Columns(index, names, row_numbers)


def heading_of(text: str) -> str | None:
    """The column a header names: "Cơ quan", "agency" and "Cơ quan (agency)" all name `agency`."""
    names = [text]
    if match := _PAREN.match(text):
        names += [match.group(1), match.group(2)]
    return next((_ALIASES[fold(n)] for n in names if fold(n) in _ALIASES), None)


def letter(index: int) -> str:
    """The spreadsheet letter of column INDEX (0 → A, 26 → AA)."""
    letters, n = "", index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
