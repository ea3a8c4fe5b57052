"""A bounded reader of .xlsx workbooks from untrusted senders: nothing here knows the plan.

Every resource a file can make the reader spend (zip entries, unpacked bytes, XML tags, shared
strings, characters in a cell, rows, columns) is capped, and each cap is checked before the
work it guards wherever the file allows. Only the standard library runs: no openpyxl code, so
none of its warnings can reach a user. Values come back as Excel holds them: text as str,
numbers as int or exact Decimal (never float), dates and times as datetime values, yes/no
cells as bool, error cells as ExcelError; with each number cell's format, the merged ranges,
the formula cells without a computed value and the error cells, and every sheet of the
workbook with its state and what it holds.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from giamngheo.core.messages import msg
from giamngheo.core.text import escaped
from giamngheo.core.xlsx.limits import Limits, XlsxRefused, cell_name, column_letter
from giamngheo.core.xlsx.numformat import is_percent_format
from giamngheo.core.xlsx.package import Package, tag_counter
from giamngheo.core.xlsx.parts import SheetEntry, read_shared_strings, read_styles, read_workbook_part
from giamngheo.core.xlsx.worksheet import (
    CellValue,
    ExcelError,
    Row,
    SheetContext,
    parse_sheet,
    split_ref,
    too_many_rows,
)

__all__ = ["CellValue", "ExcelError", "Limits", "Row", "SheetInfo", "Workbook", "XlsxRefused", "cell_name",
           "column_letter", "is_percent_format", "read_workbook"]

_ROW_TAG = tag_counter(b"row")
# What a look at another sheet may fail on and still leave the file readable: it ran out of budget.
_BUDGET_CODES = ("too-many-rows", "too-many-tags", "unpacked-too-large")


@dataclass(frozen=True)
class SheetInfo:
    """A sheet the workbook lists; holds_* is None when the look at it ran out of budget."""

    name: str
    state: str  # "visible", "hidden" or "veryHidden"
    kind: str  # "worksheet", "chartsheet", "dialogsheet", …
    holds_data: bool | None  # any cell with a value
    holds_figures: bool | None  # any number, date, yes/no or formula cell
    head: tuple[Row, ...] = ()  # its first rows (text cells only), for the sheets not read

    @property
    def visible(self) -> bool:
        """True for a sheet Excel shows."""
        return self.state == "visible"


@dataclass
class Workbook:
    """The sheet read, and what the caller needs to judge the rest of the workbook."""

    sheet: str
    state: str
    rows: list[Row]
    sheets: list[SheetInfo]  # every sheet, in the workbook's order, the one read included
    date1904: bool
    merged: list[tuple[int, int, int, int]]  # (first column, first row, last column, last row), from 1
    uncomputed: list[str] = field(default_factory=list)  # formula cells without a computed value: 'B3'
    errors: list[tuple[str, str]] = field(default_factory=list)  # error cells: ('B2', '#DIV/0!')

    @property
    def other_sheets(self) -> list[SheetInfo]:
        """Every sheet but the one read."""
        return [s for s in self.sheets if s.name != self.sheet]


def _fold(name: str) -> str:
    """A sheet name as Excel compares names: without case, whatever the Unicode form of the command line."""
    return unicodedata.normalize("NFC", name).casefold()


def read_workbook(data: bytes, limits: Limits = Limits(), sheet: str | None = None) -> Workbook:
    """One sheet of the workbook in DATA (the one named SHEET, else the first visible worksheet),
    read within LIMITS; XlsxRefused otherwise."""
    pkg = Package(data, limits)
    try:
        return _read(pkg, limits, sheet)
    finally:
        pkg.close()


def _choose(entries: list[SheetEntry], wanted: str | None) -> SheetEntry:
    if not entries:
        raise XlsxRefused("no-sheet", msg("the workbook holds no sheet"))
    if wanted is None:
        chosen = next((e for e in entries if e.state == "visible" and e.kind == "worksheet"), None)
        if chosen is None:
            raise XlsxRefused("no-visible-sheet", msg("the workbook has no visible worksheet"),
                              sheets=tuple(e.name for e in entries if e.kind == "worksheet"))
        return chosen
    chosen = next((e for e in entries if e.name == unicodedata.normalize("NFC", wanted)), None) \
        or next((e for e in entries if _fold(e.name) == _fold(wanted)), None)
    if chosen is None:
        raise XlsxRefused("no-such-sheet", msg("there is no sheet '{sheet}'; the sheets are {names}",
                                               sheet=escaped(wanted), names=_names(entries)),
                          sheets=tuple(e.name for e in entries))
    if chosen.kind != "worksheet":
        raise XlsxRefused("not-a-worksheet", msg("sheet '{sheet}' is a {kind}, not a worksheet",
                                                 sheet=escaped(chosen.name), kind=escaped(chosen.kind)))
    return chosen


def _names(entries: list[SheetEntry]) -> str:
    return ", ".join(f"'{escaped(e.name)}'" for e in entries)


def _read(pkg: Package, limits: Limits, wanted: str | None) -> Workbook:
    book = read_workbook_part(pkg)
    chosen = _choose(book.sheets, wanted)
    sheet_info = pkg.info(chosen.part) if chosen.part else None
    if sheet_info is None:
        raise XlsxRefused("unreadable", msg("cannot be read as an Excel workbook: sheet '{sheet}' has no part in the "
                                            "file", sheet=escaped(chosen.name)))
    sst = pkg.info(book.shared_strings) if book.shared_strings else None
    styles = pkg.info(book.styles) if book.styles else None
    # The declared sizes of everything that must be read are judged before any of it is unpacked.
    must_read = [i for i in (sst, styles, sheet_info) if i is not None]
    for info in must_read:
        pkg.check_member(info)
    declared = sum(i.file_size for i in must_read)
    if declared > pkg.budget.bytes_left:
        raise XlsxRefused("unpacked-too-large", msg(
            "the parts to read unpack to {size:num} bytes; at most {limit:num} are accepted",
            size=declared, limit=limits.max_unpacked_bytes))

    def rows_over(limit: int, name: str):  # type: ignore[no-untyped-def]
        return lambda: too_many_rows(limits, name, limit)

    # The sheet is counted first, at C speed: a million blank rows are refused before the styles
    # and shared strings are parsed, and before expat sees a single row.
    for _ in pkg.chunks(sheet_info, count=_ROW_TAG, max_count=limits.max_rows,
                        too_many=rows_over(limits.max_rows, chosen.name)):
        pass
    ctx = SheetContext(limits, read_shared_strings(pkg, book.shared_strings), read_styles(pkg, book.styles),
                       book.date1904)
    main = parse_sheet(pkg.chunks(sheet_info, charge=False), sheet_info.filename, chosen.name, ctx, look=False,
                       row_limit=limits.max_rows)
    infos: list[SheetInfo] = []
    look_rows = limits.max_rows  # one budget for every look, so that 100 junk sheets cost no more than one
    for entry in book.sheets:
        if entry is chosen:
            infos.append(SheetInfo(entry.name, entry.state, entry.kind, main.holds_data, main.holds_figures))
            continue
        info = pkg.info(entry.part) if entry.part and entry.kind == "worksheet" else None
        if info is None:
            infos.append(SheetInfo(entry.name, entry.state, entry.kind, False, False))
            continue
        try:
            found = parse_sheet(pkg.chunks(info, count=_ROW_TAG, max_count=look_rows,
                                           too_many=rows_over(look_rows, entry.name)),
                                info.filename, entry.name, ctx, look=True, row_limit=look_rows)
            look_rows -= found.rows_seen
            infos.append(SheetInfo(entry.name, entry.state, entry.kind, found.holds_data, found.holds_figures,
                                   tuple(found.rows)))
        except XlsxRefused as refusal:
            if refusal.code not in _BUDGET_CODES:
                raise  # a bomb anywhere in the file is a reason to refuse the file
            look_rows = 0  # the budget is spent: the other sheets stay undecided
            infos.append(SheetInfo(entry.name, entry.state, entry.kind, None, None))
    merged = []
    for ref in main.merged:
        try:
            first, _, last = ref.partition(":")
            (c1, r1), (c2, r2) = split_ref(first), split_ref(last or first)
        except ValueError:
            raise XlsxRefused("unreadable", msg(
                "cannot be read as an Excel workbook: sheet '{sheet}' has an invalid merged range {ref!r}",
                sheet=escaped(chosen.name), ref=ref[:30])) from None
        merged.append((min(c1, c2), min(r1, r2), max(c1, c2), max(r1, r2)))
    return Workbook(chosen.name, chosen.state, main.rows, infos, book.date1904, merged, main.uncomputed, main.errors)
