"""The import template: an empty .xlsx with the import headers, and a sheet of valid names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from giamngheo.core.formats import decimals_of
from giamngheo.core.messages import msg
from giamngheo.core.problems import UserError
from giamngheo.intake.sheets import HEADINGS, MAX_ROWS
from giamngheo.model.plan import UNIT_NAMES, Plan

SHEET = "Số liệu"
LISTS_SHEET = "Danh mục"

_HINTS = {
    "agency": "Mã, tên hoặc tên viết tắt (id, name or abbreviation): xem sheet Danh mục",
    "indicator": "Mã hoặc tên (id or name): xem sheet Danh mục",
    "value": "Số đếm (count): 14.996 hoặc 14996; tỷ lệ (percentage): 8,49",
    "date": "dd/mm/yyyy, ví dụ (e.g.) 08/12/2017",
    "as_of": "dd/mm/yyyy; bỏ trống là ngày báo cáo (empty: the report date)",
    "source": "ví dụ (e.g.) 245/BC-SYT",
}


def write_template(plan: Plan, path: Path) -> None:
    """An empty .xlsx with the import headers, and a sheet listing the valid agencies and indicators."""
    if path.suffix.lower() != ".xlsx":
        raise UserError.of("not-xlsx", msg("{path}: the template is an Excel workbook; give a name ending in .xlsx",
                                           path=str(path)))
    if path.exists() or path.is_symlink():
        raise _exists(path)
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


def _exists(path: Path) -> UserError:
    return UserError.of("file-exists", msg("{path}: already exists; nothing was changed (choose another name)",
                                           path=str(path)))


def _unit_label(unit: str) -> str:
    vi, en = UNIT_NAMES[unit]
    return vi if vi == en else f"{vi} ({en})"


def _save_new(book: Any, path: Path) -> None:
    """Save BOOK as PATH, which must not exist yet: mode 'x' refuses an existing file atomically."""
    try:
        handle = open(path, "xb")
    except FileExistsError:
        raise _exists(path) from None
    except OSError as exc:
        raise UserError.of("cannot-write", msg("{path}: cannot write: {reason}", path=str(path),
                                               reason=exc.strerror or str(exc))) from None
    try:
        with handle:
            book.save(handle)
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise UserError.of("cannot-write", msg("{path}: cannot write: {reason}; nothing was kept", path=str(path),
                                               reason=exc.strerror or str(exc))) from None
    except BaseException:
        path.unlink(missing_ok=True)
        raise
