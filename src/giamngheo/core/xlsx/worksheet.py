"""One worksheet part, streamed: its rows and cells as values, its merged ranges, its formula and
error cells; or, for the other sheets of a workbook, only a look at what they hold."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Union

from giamngheo.core.messages import msg
from giamngheo.core.text import escaped
from giamngheo.core.xlsx.limits import Limits, XlsxRefused, cell_name, column_letter
from giamngheo.core.xlsx.numformat import MAX_SERIAL, Kind, date_kind, duration, from_serial
from giamngheo.core.xlsx.package import parse_xml
from giamngheo.core.xlsx.parts import NAMES, too_long, unescape


@dataclass(frozen=True)
class ExcelError:
    """An error value a cell shows, such as #DIV/0! or #REF!."""

    text: str


CellValue = Union[None, str, int, Decimal, bool, dt.datetime, dt.date, dt.time, dt.timedelta, ExcelError]


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a sheet: values[0] is column A; formats[i] is the number format of a number or date cell."""

    number: int
    values: list[CellValue]
    formats: list[str | None]


@dataclass
class SheetContext:
    """What the sheet parser needs from the rest of the workbook."""

    limits: Limits
    strings: list[str]
    formats: list[str]
    date1904: bool
    kinds: list[Kind | None] = field(init=False)

    def __post_init__(self) -> None:
        self.kinds = [date_kind(f) for f in self.formats]  # once per style, not once per cell


@dataclass
class SheetResult:
    """What one pass over a sheet found."""

    rows: list[Row] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    uncomputed: list[str] = field(default_factory=list)  # formula cells without a computed value
    errors: list[tuple[str, str]] = field(default_factory=list)  # (cell, "#DIV/0!")
    holds_data: bool = False
    holds_figures: bool = False
    rows_seen: int = 0


class _Done(Exception):
    """The look at another sheet has seen what it looks for."""


_INT = re.compile(r"-?[0-9]{1,15}\Z")  # beyond 15 digits Excel's doubles are not exact: a Decimal
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z")
_MAX_ROW = 1_048_576
_COLUMNS: dict[str, int] = {}


def column_index(letters: str) -> int:
    """'AB' → 28; 0 when LETTERS is not 1 to 3 capital letters within XFD."""
    index = _COLUMNS.get(letters)
    if index is None:
        index = 0
        if 1 <= len(letters) <= 3 and letters.isascii() and letters.isupper() and letters.isalpha():
            for ch in letters:
                index = index * 26 + ord(ch) - 64
            if index > 16_384:
                index = 0
        if len(_COLUMNS) < 20_000:  # a cache, never a memory sink
            _COLUMNS[letters] = index
    return index


def split_ref(ref: str) -> tuple[int, int]:
    """'B7' → (2, 7), as (column, row); ValueError when REF is not a cell reference."""
    letters = ref.rstrip("0123456789")
    digits = ref[len(letters):]
    col = column_index(letters)
    if not col or not digits.isdigit() or not 1 <= int(digits) <= _MAX_ROW:
        raise ValueError(ref)
    return col, int(digits)


def parse_sheet(chunks: Iterator[bytes], part: str, sheet: str, ctx: SheetContext, *, look: bool,
                row_limit: int) -> SheetResult:
    """Stream one worksheet part. With LOOK, only see whether it holds data and figures, and keep
    the text of its first rows (Limits.head_rows): enough to tell what another sheet is."""
    limits = ctx.limits
    max_columns = limits.max_columns
    raw_limit = limits.max_cell_chars * 7
    head_rows = limits.head_rows
    strings, formats, kinds = ctx.strings, ctx.formats, ctx.kinds
    n_styles = len(formats)
    names_get = NAMES.get
    res = SheetResult()
    rows = res.rows

    # The parser's state lives in closure variables: this is the hot loop, about one call per tag.
    row_no = 0
    values: list[CellValue] = []
    fmts: list[str | None] = []
    next_col = 1
    in_row = in_cell = in_is = False
    ref = ""
    col = 0
    ctype: str | None = None
    style = 0
    has_f = False
    text: list[str] | None = None  # the <v> or inline text of the cell, None when it has none
    collect: list[str] | None = None  # where character data goes now
    text_len = 0
    rph = 0

    def at(cell: str) -> str:
        return cell_name(sheet, cell)

    def malformed(reason: str) -> XlsxRefused:
        return XlsxRefused("unreadable", msg(
            "cannot be read as an Excel workbook: sheet '{sheet}' is damaged ({reason})", sheet=escaped(sheet),
            reason=reason))

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal row_no, values, fmts, next_col, in_row, in_cell, in_is, ref, col, ctype, style, has_f
        nonlocal text, collect, text_len, rph
        tag = names_get(name)
        if tag is None:
            return  # cols, sheetViews, pageMargins, extLst …: not needed
        if tag == "c":
            if not in_row:
                raise malformed(msg("a cell lies outside any row"))
            r = attrs.get("r")
            if r is None:  # references are optional: the cell follows the one before
                col = next_col
                ref = f"{column_letter(col)}{row_no}"
            else:
                ref = r
                letters = r.rstrip("0123456789")
                col = column_index(letters)
                if not col or r[len(letters):] != str(row_no):
                    raise malformed(msg("cell reference {ref!r} does not belong to row {row}", ref=r[:20], row=row_no))
            if col < next_col:
                raise malformed(msg("cell {ref} is out of order or repeated", ref=ref))
            next_col = col + 1
            ctype = attrs.get("t")
            s = attrs.get("s")
            style = int(s) if s is not None and s.isdigit() and int(s) < n_styles else 0
            in_cell = True
            has_f = False
            text = None
            text_len = 0
        elif tag == "v":
            if in_cell:
                text = collect = []
        elif tag == "row":
            res.rows_seen += 1
            if res.rows_seen > row_limit:  # the count that counts: every <row>, blank or not
                raise too_many_rows(limits, sheet, row_limit)
            r = attrs.get("r")
            if r is None:
                n = row_no + 1
            elif r.isdigit() and 0 < int(r) <= _MAX_ROW:
                n = int(r)
            else:
                raise malformed(msg("row number {row!r} is invalid", row=r[:20]))
            if n <= row_no:
                raise malformed(msg("row {row} is out of order or repeated", row=n))
            row_no = n
            in_row = True
            values = []
            fmts = []
            next_col = 1
        elif tag == "f":
            if in_cell:
                has_f = True  # the formula itself is not kept
        elif tag == "is":
            if in_cell:
                in_is = True
                text = []
        elif tag == "t":
            if in_is and not rph:
                collect = text
        elif tag == "rPh":
            rph += 1
        elif tag == "mergeCell":
            if len(res.merged) >= limits.max_merged:
                raise XlsxRefused("too-many-merged", msg(
                    "sheet '{sheet}' has more than {limit:num} merged ranges", sheet=escaped(sheet), limit=limits.max_merged))
            res.merged.append(attrs.get("ref", ""))

    def end(name: str) -> None:
        nonlocal in_row, in_cell, in_is, collect, rph
        tag = names_get(name)
        if tag is None:
            return
        if tag == "c":
            in_cell = False
            collect = None
            if text is not None or has_f:
                finish_cell()
        elif tag == "v" or tag == "t":
            collect = None
        elif tag == "row":
            in_row = False
            if values:
                if look:
                    if len(rows) < head_rows:
                        rows.append(Row(row_no, values, fmts))
                    elif res.holds_figures:
                        raise _Done
                else:
                    rows.append(Row(row_no, values, fmts))
        elif tag == "is":
            in_is = False
        elif tag == "rPh":
            rph -= 1

    def chars(data: str) -> None:
        nonlocal text_len
        if collect is not None:
            text_len += len(data)
            if text_len > raw_limit:  # refused while it streams: the text is never built
                raise too_long(limits, at(ref))
            collect.append(data)

    def finish_cell() -> None:
        raw = "".join(text) if text is not None else ""
        fmt: str | None = None
        value: CellValue
        is_text = ctype in ("s", "inlineStr", "str")
        if not raw:
            if has_f and ctype != "str" and ctype != "inlineStr":
                res.uncomputed.append(ref)
                res.holds_figures = True
            return  # an empty text: a blank cell
        if look and not is_text:
            res.holds_data = res.holds_figures = True  # the value itself is not needed
            if len(rows) >= head_rows:
                raise _Done
            return
        if ctype is None or ctype == "n":
            value, fmt = number(raw)
        elif ctype == "s":
            if not raw.isdigit() or int(raw) >= len(strings):
                raise malformed(msg("cell {ref} points to a missing shared string", ref=ref))
            value = strings[int(raw)]
        elif is_text:
            value = unescape(raw)
            if len(value) > limits.max_cell_chars:
                raise too_long(limits, at(ref))
        elif ctype == "b":
            if raw not in ("0", "1"):
                raise malformed(msg("cell {ref} holds an invalid yes/no value {value!r}", ref=ref, value=raw[:20]))
            value = raw == "1"
        elif ctype == "e":
            value = ExcelError(raw[:32])
            res.errors.append((ref, value.text))
        elif ctype == "d":
            value, fmt = iso_date(raw), formats[style]
        else:
            raise malformed(msg("cell {ref} has an unknown type {type!r}", ref=ref, type=ctype[:20]))
        if value == "":
            return
        if col > max_columns:
            raise XlsxRefused("too-many-columns", msg(
                "lies beyond column {letter}, the last one read; move the figures to the left",
                letter=column_letter(max_columns)), at(ref))
        res.holds_data = True
        if has_f or not is_text:
            res.holds_figures = True
        n = len(values)
        idx = col - 1
        if idx >= n:
            pad = idx - n + 1
            values.extend([None] * pad)
            fmts.extend([None] * pad)
        values[idx] = value
        fmts[idx] = fmt

    def number(raw: str) -> tuple[CellValue, str]:
        fmt = formats[style]
        value: int | Decimal
        if _INT.match(raw):
            value = int(raw)
        elif _NUMBER.match(raw):
            value = Decimal(raw)
            # Excel's numbers are doubles: nothing beyond 1e308 comes from Excel, and huge
            # exponents would make the caller's int() or quantize() expensive.
            if not -400 < value.adjusted() < 400:
                raise XlsxRefused("bad-number", msg("holds a number out of Excel's range"), at(ref))
        else:
            raise XlsxRefused("bad-number", msg("holds {value!r}, which is not a number", value=raw[:20]), at(ref))
        kind = kinds[style]
        if kind is None:
            return value, fmt
        serial = Decimal(value)
        if kind == "timedelta":
            return duration(serial), fmt
        if not 0 <= serial < MAX_SERIAL:
            raise XlsxRefused("bad-date", msg(
                "is formatted as a date but holds {value}, which is no date Excel can show", value=raw[:20]), at(ref))
        when = from_serial(serial, ctx.date1904)
        if kind == "time" or isinstance(when, dt.time):
            if kind != "time":  # day 0 of the 1900 system (0/1/1900) is no real day
                raise XlsxRefused("bad-date", msg(
                    "is formatted as a date but holds {value}, which is no real day", value=raw[:20]), at(ref))
            return when, fmt
        if kind == "date" and when.time() == dt.time(0):
            return when.date(), fmt
        return when, fmt

    def iso_date(raw: str) -> CellValue:
        try:
            when = dt.datetime.fromisoformat(raw.rstrip("Z"))
        except ValueError:
            raise XlsxRefused("bad-date", msg("holds {value!r}, which is not a date", value=raw[:30]), at(ref)) from None
        return when.date() if when.time() == dt.time(0) and "T" not in raw else when

    try:
        parse_xml(chunks, part, start, end, chars)
    except _Done:
        pass
    return res


def too_many_rows(limits: Limits, sheet: str, limit: int) -> XlsxRefused:
    """The refusal of a sheet with more rows than LIMIT."""
    return XlsxRefused("too-many-rows", msg(
        "sheet '{sheet}' has more than {limit:num} rows (formatted blank rows count too); split it into smaller "
        "sheets", sheet=escaped(sheet), limit=limit))
