"""Reading a sheet: the non-empty rows of a .xlsx or .csv file, each cell as the file holds it.

Excel's numbers and dates stay numbers and dates (as exact Decimals, as Excel shows them),
and text stays text, to be read the Vietnamese way later. A workbook is read by the bounded
reader of `giamngheo.core.xlsx`, which refuses bombs; here the content is judged: a formula
without a computed value or an error cell is refused at its cell, a hidden sheet is never
read unless asked for, and a merged range reads as its top-left value in every cell it covers.
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from giamngheo.core.files import Expected, FileRefused, read_regular_file
from giamngheo.core.messages import msg
from giamngheo.core.problems import Problem, UserError, error, note, warning
from giamngheo.core.text import escaped
from giamngheo.core.xlsx import Limits, SheetInfo, XlsxRefused, cell_name, column_letter, is_percent_format, read_workbook

MAX_ROWS = 100_000
MAX_FILE_BYTES = 50_000_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 32_767  # Excel's own limit for a cell
MAX_MERGED_CELLS = 2_000_000  # cells filled in from merged ranges
HEAD_ROWS = 20  # the first rows, where a header row is looked for
# Excel keeps 15 significant digits and shows no more: 84.099999999999994 in the file is 84.1.
_EXCEL_DIGITS = 15

Cells = list[Any]


class SheetError(UserError):
    """A sheet that cannot be read, or whose header or cells are wrong; every problem names the file."""


@dataclass
class Sheet:
    """The rows of one sheet (of a workbook, or a CSV file), and how to name a place in it."""

    path: Path
    name: str | None  # the sheet's name; None for a CSV file, which has none
    rows: list[tuple[int, Cells]]  # the non-empty rows, with their row numbers
    sha256: str  # of the file's bytes: the same file imported twice is told by it
    others: list[SheetInfo] = field(default_factory=list)  # the workbook's other sheets
    chosen: bool = False  # the sheet was named with --sheet
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (first col, first row, last col, last row)

    def cell(self, row: int, col: int | None) -> str | None:
        """How a cell is named after the file: `Sheet1!E7` in a workbook (a whole row by its first cell,
        `Sheet1!A7`), None in a CSV file (its row is the line)."""
        if self.name is None:
            return None
        return cell_name(self.name, f"{column_letter((col or 0) + 1)}{row}")

    def spans(self, row: int, first: int, last: int) -> bool:
        """True when one merged range covers the columns FIRST to LAST (counted from 0) of ROW: a
        heading written across the table, which reads as its text in every column it covers."""
        return any(c1 <= first + 1 and last + 1 <= c2 and r1 <= row <= r2 for c1, r1, c2, r2 in self.merged)

    def error(self, row: int | None, col: int | None, code: str, message: str, field: str | None = None) -> Problem:
        """An error at a cell (COL None: the row, named by its first cell; ROW None: the whole file)."""
        return error(self.path, row, code, message, field, None if row is None else self.cell(row, col))

    def warning(self, row: int | None, col: int | None, code: str, message: str, field: str | None = None) -> Problem:
        """A warning at a cell, like `error`."""
        return warning(self.path, row, code, message, field, None if row is None else self.cell(row, col))

    def note(self, row: int | None, col: int | None, code: str, message: str) -> Problem:
        """A note at a cell: something done on purpose, said."""
        return note(self.path, row, code, message, None, None if row is None else self.cell(row, col))


_EXPECTED = Expected(
    missing=msg("no such file"),
    folder=msg("is a folder; give a .xlsx or .csv file"),
    too_large=lambda limit: msg("is larger than {mb} MB; split it", mb=limit // 1_000_000),
)


def read_sheet(path: Path, sheet: str | None = None) -> Sheet:
    """The non-empty rows of a .xlsx or .csv file (of the sheet named SHEET, else the first visible one)."""
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
    sha = hashlib.sha256(data).hexdigest()
    if suffix == ".csv":
        if sheet is not None:
            raise _file_error(path, "no-sheets", msg("a CSV file has no sheets: leave out --sheet"))
        read = Sheet(path, None, _read_csv(path, data), sha)
    else:
        read = _read_xlsx(path, data, sheet, sha)
    if not read.rows:
        raise _file_error(path, "empty-sheet", msg("the sheet is empty; it should hold a header row and figures")
                          if read.name is None else msg("sheet '{sheet}' is empty; it should hold a header row and "
                                                        "figures", sheet=escaped(read.name)))
    return read


def _file_error(path: Path, code: str, message: str) -> SheetError:
    return SheetError(error(path, None, code, message))


# ---------------------------------------------------------------------------- workbooks


def _read_xlsx(path: Path, data: bytes, wanted: str | None, sha: str) -> Sheet:
    limits = Limits(max_file_bytes=MAX_FILE_BYTES, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS,
                    max_cell_chars=MAX_CELL_CHARS, head_rows=HEAD_ROWS)
    try:
        book = read_workbook(data, limits, wanted)
    except XlsxRefused as exc:
        if exc.code == "no-visible-sheet" and exc.sheets:
            raise SheetError(error(path, None, exc.code, msg(
                "the workbook has no visible sheet; its hidden sheets are {names}: choose one with --sheet",
                names=_names(exc.sheets)))) from None
        raise SheetError(*exc.at(file=path)) from None
    sheet = Sheet(path, book.sheet, [], sha, book.other_sheets, wanted is not None, book.merged)
    problems = []
    for ref in book.uncomputed:
        row, col = _split(ref)
        problems.append(sheet.error(row, col, "formula-not-computed", msg(
            "holds a formula without a computed value: open and save the workbook in Excel so that the formulas "
            "are computed")))
    for ref, shown in book.errors:
        row, col = _split(ref)
        problems.append(sheet.error(row, col, "error-cell", msg(
            "holds the error {error}; correct it in Excel and save the workbook", error=escaped(shown))))
    if problems:
        raise SheetError(*sorted(problems, key=lambda p: p.line or 0))
    rows = [(row.number, [_cell_value(v, f) for v, f in zip(row.values, row.formats)]) for row in book.rows]
    if book.merged:
        rows = _fill_merged(path, rows, book.merged)
    sheet.rows = [(n, cells) for n, cells in rows if not is_blank(cells)]
    return sheet


def _names(names: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f"'{escaped(n)}'" for n in names)


def _split(ref: str) -> tuple[int, int]:
    """'E7' → (7, 4): the row, and the column counted from 0."""
    letters = ref.rstrip("0123456789")
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(ref[len(letters):]), col - 1


def _cell_value(value: Any, fmt: str | None) -> Any:
    """A cell as Excel shows it: 15 significant digits at most, and 0.841 formatted as a percentage as 84.1."""
    if not isinstance(value, Decimal) and not (isinstance(value, int) and not isinstance(value, bool)):
        return value
    number = Decimal(value)
    if isinstance(value, Decimal) and len(number.as_tuple().digits) > _EXCEL_DIGITS:
        number = number.quantize(Decimal(1).scaleb(number.adjusted() - _EXCEL_DIGITS + 1))
        number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    if is_percent_format(fmt):
        # A cell formatted as a percentage holds 0.841 and shows 84,1%: the analyst typed 84,1.
        return number.scaleb(2)
    return value if isinstance(value, int) else number


def _fill_merged(path: Path, rows: list[tuple[int, Cells]], merged: list[tuple[int, int, int, int]]) -> list[tuple[int, Cells]]:
    """ROWS with every cell of a merged range holding the range's top-left value (Excel shows it across the range)."""
    numbers = [n for n, _ in rows]
    by_number = dict(rows)
    filled = 0
    for c1, r1, c2, r2 in merged:
        top = by_number.get(r1)
        value = top[c1 - 1] if top is not None and c1 - 1 < len(top) else None
        if value is None:
            continue
        last_col = min(c2, MAX_COLUMNS)
        # Only the rows that exist: a range down to row 1 048 576 fills no blank rows.
        for index in range(bisect.bisect_left(numbers, r1), bisect.bisect_right(numbers, r2)):
            cells = by_number[numbers[index]]
            if len(cells) < last_col:
                cells.extend([None] * (last_col - len(cells)))
            for col in range(c1 - 1, last_col):
                cells[col] = value
            filled += last_col - c1 + 1
            if filled > MAX_MERGED_CELLS:
                raise _file_error(path, "too-many-merged", msg(
                    "its merged ranges cover more than {limit:num} cells; unmerge them", limit=MAX_MERGED_CELLS))
    return rows


# ---------------------------------------------------------------------------- CSV files


def _read_csv(path: Path, data: bytes) -> list[tuple[int, Cells]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise SheetError(error(path, line, "not-utf8", msg(
            "is not UTF-8 text; in Excel choose Save As → 'CSV UTF-8 (Comma delimited) (*.csv)'"))) from None
    if "\r" in text:
        text = _line_breaks(path, text)
    rows: list[tuple[int, Cells]] = []
    number = 0
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
        for number, cells in enumerate(reader, start=1):
            if is_blank(cells):
                continue
            _check_csv_row(path, number, cells)
            rows.append((number, list(cells)))
            if len(rows) > MAX_ROWS:
                raise _too_many_rows(path)
    except csv.Error as exc:
        reason = str(exc)
        if "field larger than field limit" in reason:
            raise SheetError(error(path, number + 1, "cell-too-long", msg(
                "a cell holds more than {limit:num} characters, more than Excel allows in a cell",
                limit=MAX_CELL_CHARS))) from None
        raise SheetError(error(path, number + 1, "bad-csv", msg("cannot be read as CSV: {reason}",
                                                                 reason=reason))) from None
    return rows


def _line_breaks(path: Path, text: str) -> str:
    """TEXT with Windows or classic-Mac line breaks made plain, or the line of a stray carriage return refused."""
    if "\n" not in text:
        return text.replace("\r", "\n")  # a classic-Mac file: CR alone ends each line
    lone = re.search(r"\r(?!\n)", text)
    if lone is not None:
        line = text.count("\n", 0, lone.start()) + 1
        raise SheetError(error(path, line, "bad-csv", msg(
            "line {line} holds a carriage return (CR) in its middle, which would split the row; remove it and save "
            "the file again", line=line)))
    return text


def _check_csv_row(path: Path, number: int, cells: list[str]) -> None:
    for i, cell in enumerate(cells):
        if len(cell) > MAX_CELL_CHARS:
            raise SheetError(error(path, number, "cell-too-long", msg(
                "column {letter}: holds more than {limit:num} characters, more than Excel allows in a cell",
                letter=column_letter(i + 1), limit=MAX_CELL_CHARS)))
        if i >= MAX_COLUMNS and cell.strip():
            raise SheetError(error(path, number, "too-many-columns", msg(
                "column {letter}: lies beyond column {last}, the last one read; move the figures to the left",
                letter=column_letter(i + 1), last=column_letter(MAX_COLUMNS))))


def _delimiter(text: str) -> str:
    """The delimiter that splits some line of the file's start into the most cells: the header's
    (Vietnamese Excel writes ';', English Excel ','), whatever title lines come before it.

    It may raise csv.Error (a cell too long for the csv module), which the caller words.
    """
    lines = text.split("\n", HEAD_ROWS)[:HEAD_ROWS]
    widest = {d: max(len(next(csv.reader([line], delimiter=d), [])) for line in lines) for d in (",", ";", "\t")}
    return max(widest, key=lambda d: widest[d])


def _too_many_rows(path: Path) -> SheetError:
    return _file_error(path, "too-many-rows", msg("has more than {limit:num} rows; split it into smaller sheets",
                                                  limit=MAX_ROWS))


def is_blank(cells: Cells) -> bool:
    """True for a row with nothing in it."""
    return all(is_empty(c) for c in cells)


def is_empty(value: Any) -> bool:
    """True for a cell with nothing in it (or only spaces)."""
    return value is None or (isinstance(value, str) and not value.strip())


def letter(index: int) -> str:
    """The spreadsheet letter of column INDEX, counted from 0 (0 → A, 26 → AA)."""
    return column_letter(index + 1)
