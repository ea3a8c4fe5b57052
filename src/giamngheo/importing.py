"""Importing figures from a spreadsheet: one row per figure; each agency's report becomes one submission.

The whole sheet is read and checked before anything is written, every bad row is reported
by its spreadsheet row number, and a batch is stored all or nothing. Names, numbers and
dates follow the rules of `giamngheo record`; cells that Excel already holds as numbers or
dates are taken as such and never re-read as Vietnamese text.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from giamngheo.lookup import LookupFailed, find_agency, find_indicator
from giamngheo.numbers import InputError, decimals_of, format_date, parse_date
from giamngheo.plan import Indicator, Plan
from giamngheo.problems import DataError, Problem, UserError, error
from giamngheo.records import build_submission, parse_value, record, submission_errors
from giamngheo.render import Column, Report, Table
from giamngheo.submissions import StorageError, Submission
from giamngheo.text import fold, nfc
from giamngheo.views import UNITS

MAX_ROWS = 100_000
MAX_FILE_BYTES = 50_000_000
SHEET = "Số liệu"
LISTS_SHEET = "Danh mục"


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

Cells = list[Any]


@dataclass(frozen=True)
class _Figure:
    """One good row: the figure it gives and the report it belongs to."""

    line: int
    agency: str
    indicator: str
    value: str
    reported: dt.date
    as_of: dt.date
    source: str
    note: str | None

    @property
    def report_key(self) -> tuple[str, dt.date, dt.date, str]:
        """The rows that share this key make one submission."""
        return (self.agency, self.reported, self.as_of, self.source)


# ---------------------------------------------------------------------------- reading the sheet


def plan_import(plan: Plan, path: Path, *, now: dt.datetime, by: str) -> list[Submission]:
    """The submissions a sheet holds, checked like `record`; DataError listing every bad row otherwise."""
    rows = read_sheet(path)
    columns = _map_header(path, rows[0][1])
    if len(rows) == 1:
        raise DataError([error(path, None, "no-rows", "the sheet has headers but no figures")])
    return _build(plan, path, rows[1:], columns, now=now, by=by)


def read_sheet(path: Path) -> list[tuple[int, Cells]]:
    """The header row and every non-empty row of a .xlsx or .csv file, with their row numbers."""
    if not path.exists():
        raise _file_error(path, "not-found", "no such file")
    if path.is_dir():
        raise _file_error(path, "not-a-file", "is a folder; give a .xlsx or .csv file")
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise _file_error(path, "unsupported", "only .xlsx and .csv sheets can be imported; "
                          "in Excel choose Save As → 'Excel Workbook (*.xlsx)'")
    try:
        info = path.stat()
    except OSError as exc:
        raise _file_error(path, "unreadable", f"cannot read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):  # a named pipe would block the read forever
        raise _file_error(path, "not-a-file", "is not a regular file (a pipe, socket or device?)")
    size = info.st_size
    if size > MAX_FILE_BYTES:
        raise _file_error(path, "too-large", f"is larger than {MAX_FILE_BYTES // 1_000_000} MB; split it")
    rows = _read_xlsx(path) if suffix == ".xlsx" else _read_csv(path)
    if not rows or rows[0][0] != 1:
        raise _file_error(path, "empty-sheet", "row 1 should hold the headers, but it is empty"
                          if rows else "the sheet is empty; row 1 should hold the headers")
    return rows


def _file_error(path: Path, code: str, message: str) -> DataError:
    return DataError([error(path, None, code, message)])


def _read_xlsx(path: Path) -> list[tuple[int, Cells]]:
    from openpyxl import load_workbook  # imported here: CLI start-up time matters

    # openpyxl raises many kinds (BadZipFile, KeyError, XML errors …) for a damaged or foreign
    # file; any of them while opening or parsing means "this is not a workbook we can read".
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - see above
        raise _file_error(path, "unreadable", f"cannot be read as an Excel workbook ({type(exc).__name__}); "
                          "is it damaged, password-protected, or another format named .xlsx?") from None
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
    except DataError:
        raise
    except Exception as exc:  # noqa: BLE001 - as for load_workbook above
        raise _file_error(path, "unreadable", f"the first sheet cannot be read ({type(exc).__name__}); "
                          "is the workbook damaged?") from None
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


def _read_csv(path: Path) -> list[tuple[int, Cells]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise DataError([error(path, line, "not-utf8", "is not UTF-8 text; in Excel choose Save As → "
                               "'CSV UTF-8 (Comma delimited) (*.csv)'")]) from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[tuple[int, Cells]] = []
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            if not _is_blank(cells):
                rows.append((number, list(cells)))
                _check_row_count(path, len(rows))
    except csv.Error as exc:
        raise DataError([error(path, number + 1, "bad-csv", f"cannot be read as CSV: {exc}")]) from None
    return rows


def _delimiter(text: str) -> str:
    """The delimiter that makes the most sense of the header row (Vietnamese Excel writes ';')."""
    first = text.split("\n", 1)[0]

    def fit(delimiter: str) -> tuple[int, int]:
        cells = next(csv.reader([first], delimiter=delimiter), [])
        return sum(_heading_of(c) is not None for c in cells), len(cells)

    return max((",", ";", "\t"), key=fit)


def _check_row_count(path: Path, count: int) -> None:
    if count > MAX_ROWS + 1:
        raise _file_error(path, "too-many-rows", f"has more than {MAX_ROWS:,} rows; split it into smaller sheets")


def _is_blank(cells: Sequence[Any]) -> bool:
    return all(_is_empty(c) for c in cells)


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# ---------------------------------------------------------------------------- the header


@dataclass(frozen=True)
class _Columns:
    """Where each known column is, and how to name a column in a message."""

    index: dict[str, int]
    names: dict[int, str]
    row_numbers: set[int]

    def name(self, key: str) -> str:
        """How a message names the column holding KEY."""
        return self.names[self.index[key]]

    def stray(self, cells: Cells) -> list[str]:
        """Messages for values in columns without a header, which would otherwise be lost."""
        known = {*self.index.values(), *self.row_numbers}
        return [f"{self.names.get(i, f'column {_letter(i)}')}: has a value but no header"
                for i, value in enumerate(cells) if i not in known and not _is_empty(value)]


def _map_header(path: Path, header: Cells) -> _Columns:
    unknown: list[int] = []
    problems: list[Problem] = []
    index: dict[str, int] = {}
    names: dict[int, str] = {}
    row_numbers: set[int] = set()
    for i, cell in enumerate(header):
        text = "" if cell is None else " ".join(str(cell).split())
        names[i] = f'column {_letter(i)} "{text}"' if text else f"column {_letter(i)}"
        key = _heading_of(text)
        if not text:
            continue
        if fold(text) in _ROW_NUMBER_HEADERS:
            row_numbers.add(i)
        elif key is None:
            unknown.append(i)
        elif key in index:
            problems.append(error(path, 1, "duplicate-column", f"{names[i]}: {key} is already {names[index[key]]}"))
        else:
            index[key] = i
    missing = [h.label for h in HEADINGS if h.required and h.key not in index]
    expected = "the headers are " + ", ".join(h.label + ("" if h.required else " (optional)") for h in HEADINGS)
    # The list of valid headers is said once, on the last problem, where the eye ends.
    problems += [error(path, 1, "unknown-column", f"{names[i]}: unknown header"
                       + ("" if missing or i != unknown[-1] else f"; {expected}")) for i in unknown]
    if missing:
        problems.append(error(path, 1, "missing-column", f"missing column{'s' if len(missing) > 1 else ''} "
                              f"{', '.join(missing)}; {expected}"))
    if problems:
        raise DataError(problems)
    return _Columns(index, names, row_numbers)


def _heading_of(text: str) -> str | None:
    """The column a header names: "Cơ quan", "agency" and "Cơ quan (agency)" all name `agency`."""
    names = [text]
    if match := _PAREN.match(text):
        names += [match.group(1), match.group(2)]
    return next((_ALIASES[fold(n)] for n in names if fold(n) in _ALIASES), None)


def _letter(index: int) -> str:
    """The spreadsheet letter of column INDEX (0 → A, 26 → AA)."""
    letters, n = "", index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# ---------------------------------------------------------------------------- the rows


def _build(plan: Plan, path: Path, rows: list[tuple[int, Cells]], columns: _Columns, *,
           now: dt.datetime, by: str) -> list[Submission]:
    """Check every row, group good rows into reports and build them; all problems raised at once."""
    mistakes: dict[int, list[str]] = {}
    figures: list[_Figure] = []
    seen: dict[tuple[str, str, dt.date], int] = {}
    # A sheet names the same few agencies and indicators on every row, and a lookup folds every
    # name in the plan: remember each answer for this import.
    agency_of = functools.lru_cache(maxsize=None)(lambda text: find_agency(plan, text))
    indicator_of = functools.lru_cache(maxsize=None)(lambda text: find_indicator(plan, text))
    for line, cells in rows:
        figure, wrong = _read_row(plan, line, cells, columns, now.date(), agency_of, indicator_of)
        if figure is not None:
            # Within one import every file has the same recorded_at, so which of two values for
            # one figure would count could not be told apart: each figure may appear once.
            key = (figure.agency, figure.indicator, figure.as_of)
            if key in seen:
                wrong.append(f"{columns.name('indicator')}: {figure.agency}'s {figure.indicator} as of "
                             f"{format_date(figure.as_of)} is already given in row {seen[key]}; "
                             "give each figure once per sheet")
            else:
                seen[key] = line
                figures.append(figure)
        if wrong:
            mistakes[line] = wrong
    # Reports are built from the good rows even when others are bad, so one run shows everything.
    subs = _group(plan, figures, columns, mistakes, now=now, by=by)
    if mistakes:
        raise DataError([error(path, line, "bad-row", "; ".join(msgs)) for line, msgs in sorted(mistakes.items())])
    return subs


def _read_row(plan: Plan, line: int, cells: Cells, columns: _Columns, today: dt.date,
              agency_of: Callable[[str], str], indicator_of: Callable[[str], str]) -> tuple[_Figure | None, list[str]]:
    """The figure a row gives, or None and what is wrong with it, each naming its column."""
    wrong: list[str] = []

    def cell(key: str, read: Callable[[Any], Any], required: bool = True) -> Any:
        i = columns.index.get(key)
        value = cells[i] if i is not None and i < len(cells) else None
        if _is_empty(value):
            if required:
                wrong.append(f"{columns.name(key)}: is empty")
            return None
        try:
            return read(value)
        except (InputError, LookupFailed) as exc:
            wrong.append(f"{columns.name(key)}: {exc}")
            return None

    agency = cell("agency", lambda v: agency_of(_as_text(v)))
    indicator = cell("indicator", lambda v: indicator_of(_as_text(v)))
    ind = plan.indicator_by_id[indicator] if indicator else None
    # Whether a value fits depends on its indicator; with none known, only an empty cell is wrong.
    value = cell("value", lambda v: _as_figure(v, ind) if ind else None)
    reported = cell("date", _as_date)
    if reported is not None and reported > today:
        wrong.append(f"{columns.name('date')}: {format_date(reported)} is after today ({format_date(today)})")
    as_of = cell("as_of", _as_date, required=False)
    source = cell("source", _as_text)
    note = cell("note", _as_text, required=False)
    wrong += columns.stray(cells)
    if wrong:
        return None, wrong
    return _Figure(line, agency, indicator, value, reported, as_of or reported,
                   nfc(" ".join(source.split())), note), wrong


def _as_text(value: Any) -> str:
    """A cell as text: a name, a report number or a note."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        raise InputError(f"{_shown(value)} is a yes/no cell; type text")
    if isinstance(value, (dt.date, dt.time)):
        # Excel turns a report number such as 12/2017 into a date as it is typed.
        raise InputError(f"{_shown(value)} is a date, not text; format the column as Text and type it again")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal) and value.is_finite():
        return format(value, "f")
    raise InputError(f"{_shown(value)} is not text")


def _as_figure(value: Any, ind: Indicator) -> str:
    """A value cell as the text `record` would be given for IND; number cells stay numbers."""
    if isinstance(value, str):
        parse_value(ind, value)
        return value.strip()
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise InputError(f"{_shown(value)} is not a number")
    number = Decimal(value)
    if not number.is_finite():
        raise InputError(f"{_shown(value)} is not a number")
    if ind.is_rate:
        text = format(number, "f")
    elif number == number.to_integral_value():
        text = str(int(number))
    else:
        # The cell holds a number, so 340.112 here is three hundred and forty, not a Vietnamese
        # 340 thousand: never re-read it as text.
        raise InputError(f"{format(number, 'f')} is not a whole number of {ind.unit}; a count cannot "
                         "have decimals (to type 340.112 the Vietnamese way, format the cell as Text)")
    parse_value(ind, text)
    return text


def _as_date(value: Any) -> dt.date:
    """A cell as a date: a date cell, or text typed dd/mm/yyyy or yyyy-mm-dd."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return parse_date(value)
    raise InputError(f"{_shown(value)} is not a date; type dd/mm/yyyy (08/12/2017) or format the cell as a date")


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return format_date(value.date())
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return format_date(value)
    if isinstance(value, (dt.datetime, dt.time)):
        return value.isoformat()
    return repr(value)


def _group(plan: Plan, figures: list[_Figure], columns: _Columns, mistakes: dict[int, list[str]], *,
           now: dt.datetime, by: str) -> list[Submission]:
    """One submission per (agency, report date, as-of date, source), in the order the sheet gives them."""
    groups: dict[tuple[str, dt.date, dt.date, str], list[_Figure]] = {}
    for figure in figures:
        groups.setdefault(figure.report_key, []).append(figure)
    subs = []
    for (agency, reported, as_of, source), members in groups.items():
        notes = list(dict.fromkeys(f.note for f in members if f.note))
        # Problems of a whole report are told at its first row, naming every row it is made of.
        where = f" (rows {', '.join(str(f.line) for f in members)} together)" if len(members) > 1 else ""
        try:
            sub = build_submission(plan, agency=agency, reported=reported, source=source, as_of=as_of,
                                   values=[(f.indicator, f.value) for f in members],
                                   note="; ".join(notes) or None, by=by, now=now)
        except InputError as exc:
            mistakes.setdefault(members[0].line, []).extend(
                f"{_in_column(columns, msg)}{where}" for msg in str(exc).splitlines())
            continue
        except ValidationError as exc:  # a source over 300 characters, notes over 2000 once joined …
            mistakes.setdefault(members[0].line, []).extend(
                f"{_field_name(columns, e['loc'])}: {e['msg']}{where}" for e in exc.errors(include_url=False))
            continue
        if wrong := submission_errors(plan, sub):
            mistakes.setdefault(members[0].line, []).extend(f"{msg}{where}" for msg in wrong)
        subs.append(sub)
    return subs


# build_submission names the `record` option at fault; in a sheet that is a column.
_OPTION_COLUMNS = {"--source": "source", "--note": "note", "--date": "date", "--as-of": "as_of"}


def _in_column(columns: _Columns, message: str) -> str:
    """MESSAGE from build_submission, with the option it names replaced by the sheet's column."""
    option, _, rest = message.partition(" ")
    key = _OPTION_COLUMNS.get(option)
    return f"{columns.name(key)}: {rest}" if key in columns.index else message


def _field_name(columns: _Columns, loc: tuple[Any, ...]) -> str:
    """The column a submission field came from, else the field's name."""
    key = str(loc[0]) if loc else ""
    return columns.name(key) if key in columns.index else ".".join(map(str, loc))


# ---------------------------------------------------------------------------- storing


def store_batch(plan: Plan, subs: Sequence[Submission], folder: Path) -> list[Path]:
    """Store every submission, or none: files already written are removed when one write fails."""
    written: list[Path] = []
    try:
        for sub in subs:
            written.append(record(plan, sub, folder))
    except UserError as exc:
        left = _remove(written)
        if left:
            tail = f"; could not remove {', '.join(map(str, left))}: delete them by hand"
        else:
            tail = "; nothing was kept" + (f" (the {len(written)} report(s) already stored were removed)"
                                           if written else "")
        raise StorageError(f"import stopped at report {len(written) + 1} of {len(subs)}: {exc}{tail}") from None
    except BaseException:
        _remove(written)  # interrupted (Ctrl-C …): leave no half batch behind
        raise
    return written


def _remove(paths: list[Path]) -> list[Path]:
    """Delete PATHS; return those that could not be deleted."""
    left = []
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            left.append(path)
    return left


# ---------------------------------------------------------------------------- template and report


def write_template(plan: Plan, path: Path) -> None:
    """An empty .xlsx with the import headers, and a sheet listing the valid agencies and indicators."""
    if path.suffix.lower() != ".xlsx":
        raise InputError(f"{path}: the template is an Excel workbook; give a name ending in .xlsx")
    if path.exists() or path.is_symlink():
        raise InputError(f"{path}: already exists; nothing was changed (choose another name)")
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([h.label for h in HEADINGS])
    for n, heading in enumerate(HEADINGS, start=1):
        cell = sheet.cell(row=1, column=n)
        cell.font = Font(bold=True)
        if heading.key in _HINTS:
            cell.comment = Comment(_HINTS[heading.key], "giamngheo")
        column = sheet.column_dimensions[get_column_letter(n)]
        column.width = heading.width
        # Text cells keep what the analyst typed: Excel's locale cannot turn 08/12/2017 into
        # 12 August or 340.112 into three hundred and forty; the import reads the text itself.
        column.number_format = "@"
    sheet.freeze_panes = "A2"
    lists = book.create_sheet(LISTS_SHEET)
    lists.append(["Mã cơ quan (agency id)", "Tên cơ quan (name)", "Viết tắt (abbreviation)", None,
                  "Mã chỉ tiêu (indicator id)", "Tên chỉ tiêu (name)", "Đơn vị (unit)", "Mục tiêu 2017 (target)"])
    agencies = [[a.id, a.name, a.abbreviation] for a in plan.agencies]
    indicators = [[ind.id, ind.name, _unit_label(ind.unit), ind.target if ind.is_rate else int(ind.target)]
                  for ind in plan.indicators]
    for n in range(max(len(agencies), len(indicators))):
        left = agencies[n] if n < len(agencies) else [None] * 3
        lists.append([*left, None, *(indicators[n] if n < len(indicators) else [])])
    for row, ind in enumerate(plan.indicators, start=2):
        # Show a target as the plan writes it: 99,90 keeps its zero, 336.478 its thousands mark.
        places = decimals_of(ind.target)
        lists.cell(row=row, column=8).number_format = f"0.{'0' * places}" if places else "#,##0"
    for n, width in enumerate((22, 50, 18, 3, 28, 70, 16, 22), start=1):
        lists.column_dimensions[get_column_letter(n)].width = width
    for cell in lists[1]:
        cell.font = Font(bold=True)
    lists.freeze_panes = "A2"
    # Drop-down lists of ids; other input (names, abbreviations) stays allowed.
    for key, col, count in (("agency", "A", len(agencies)), ("indicator", "E", len(indicators))):
        target = get_column_letter([h.key for h in HEADINGS].index(key) + 1)
        rule = DataValidation(type="list", formula1=f"'{LISTS_SHEET}'!${col}$2:${col}${count + 1}",
                              allow_blank=True, showErrorMessage=False)
        rule.add(f"{target}2:{target}{MAX_ROWS}")
        sheet.add_data_validation(rule)
    _save_new(book, path)


_HINTS = {
    "agency": "Mã, tên hoặc tên viết tắt (id, name or abbreviation): xem sheet Danh mục",
    "indicator": "Mã hoặc tên (id or name): xem sheet Danh mục",
    "value": "Số đếm (count): 14.996 hoặc 14996; tỷ lệ (percentage): 8,49",
    "date": "dd/mm/yyyy, ví dụ (e.g.) 08/12/2017",
    "as_of": "dd/mm/yyyy; bỏ trống là ngày báo cáo (empty: the report date)",
    "source": "ví dụ (e.g.) 245/BC-SYT",
}


def _unit_label(unit: str) -> str:
    vi, en = UNITS[unit]
    return vi if vi == en else f"{vi} ({en})"


def _save_new(book: Any, path: Path) -> None:
    """Save BOOK as PATH, which must not exist yet: mode 'x' refuses an existing file atomically."""
    try:
        handle = open(path, "xb")
    except FileExistsError:
        raise InputError(f"{path}: already exists; nothing was changed (choose another name)") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with handle:
            book.save(handle)
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}; nothing was kept") from None
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def import_report(plan: Plan, subs: Sequence[Submission], paths: Sequence[Path] | None, lang: str) -> Report:
    """What an import stored (PATHS given) or would store (PATHS None, a dry run), one row per figure."""
    files: Sequence[Path | None] = paths if paths is not None else [None] * len(subs)
    rows = [{"agency": sub.agency, "reported": sub.reported, "as_of": sub.as_of, "source": sub.source,
             "indicator": ind, "value": value, "unit": plan.indicator_by_id[ind].unit,
             "file": file.name if file else None}
            for sub, file in zip(subs, files) for ind, value in sub.values.items()]
    columns = [Column("agency", "Cơ quan", "Agency"), Column("reported", "Ngày báo cáo", "Reported", "date"),
               Column("as_of", "Số liệu đến", "As of", "date"), Column("source", "Văn bản", "Source"),
               Column("indicator", "Chỉ tiêu", "Indicator"), Column("value", "Giá trị", "Value", "number"),
               Column("unit", "Đơn vị", "Unit", labels=UNITS), Column("file", "Tệp", "File")]
    dry = paths is None
    title = ("Sẽ lưu", "Would be stored") if dry else ("Đã lưu", "Stored")
    n, m = len(subs), len(rows)
    if lang == "en":
        line = (f"Dry run: {n} report(s), {m} figure(s) would be stored; nothing was written" if dry
                else f"Stored {n} report(s), {m} figure(s)")
    else:
        line = (f"Chạy thử (dry run): sẽ lưu {n} báo cáo, {m} số liệu; chưa ghi gì (nothing was written)" if dry
                else f"Đã lưu (stored) {n} báo cáo, {m} số liệu")
    data = {"dry_run": dry, "reports": n, "figures": m}
    return Report([Table("imported", *title, columns, rows)], [line], data)
