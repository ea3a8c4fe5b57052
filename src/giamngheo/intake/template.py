"""The import templates: an empty .xlsx of each layout, and a sheet of the valid names.

Every text cell that Excel could take for a formula (one that begins with =, +, -, @, a tab
or a carriage return: a name in the plan, say) is written as text and marked with Excel's
quote prefix, so that opening a template never runs anything (OWASP's CSV injection).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from giamngheo.core.formats import decimals_of
from giamngheo.core.messages import msg
from giamngheo.core.problems import UserError
from giamngheo.intake.headers import DEPARTMENT_HEADINGS, FIGURES_HEADINGS, IGNORED, Layout
from giamngheo.intake.sheets import MAX_ROWS
from giamngheo.model.plan import UNIT_NAMES, Indicator, Plan
from giamngheo.model.units import Units

SHEET = "Số liệu"
LISTS_SHEET = "Danh mục"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_HINTS = {
    "agency": "Mã, tên hoặc tên viết tắt (id, name or abbreviation): xem sheet Danh mục. "
              "Bỏ cột này thì dùng --agency (without this column: --agency)",
    "unit": "Không bắt buộc (optional): huyện, thị xã, thành phố, như Mường Lát; bỏ trống là toàn tỉnh "
            "(empty: the whole province)",
    "indicator": "Mã hoặc tên (id or name): xem sheet Danh mục",
    "value": "Số đếm (count): 14.996 hoặc 14996; tỷ lệ (percentage): 8,49",
    "base": "Không bắt buộc (optional): mẫu số của tỷ lệ, như số hộ nghèo của địa bàn (the base of a rate, "
            "such as the number of poor households)",
    "date": "dd/mm/yyyy, ví dụ (e.g.) 08/12/2017. Bỏ cột này thì dùng --date (without this column: --date)",
    "as_of": "dd/mm/yyyy; bỏ trống là ngày báo cáo (empty: the report date)",
    "source": "ví dụ (e.g.) 245/BC-SYT. Bỏ cột này thì dùng --source (without this column: --source)",
    "stt": "Số thứ tự: không đọc (row numbers: not read)",
    "measure": "Không đọc: kế hoạch đã nêu đơn vị (not read: the plan gives each unit)",
    "plan": "Mục tiêu của kế hoạch (the plan's target): so với kế hoạch, không lưu (compared, not stored)",
    "actual": "Số thực hiện (the figure achieved): số đếm 14.996; tỷ lệ 8,49. Dòng để trống không được đọc "
              "(an empty row is not read)",
    "attained": "Thực hiện ÷ Kế hoạch × 100: được kiểm tra, không lưu (checked, never stored)",
    "note": "Không bắt buộc (optional)",
}
_IMPORT_HINT = {
    "department": "Nhập (import): giamngheo import FILE.xlsx --agency CƠ-QUAN --date dd/mm/yyyy --source SỐ-VĂN-BẢN. "
                  "Dòng tổng cộng và cột STT không được đọc (total rows and STT are not read).",
    "districts": "Nhập (import): giamngheo import FILE.xlsx --agency CƠ-QUAN --date dd/mm/yyyy --source SỐ-VĂN-BẢN. "
                 "Mỗi dòng một địa bàn, mỗi cột một chỉ tiêu (mã); cột 'Mẫu số <tỷ lệ>' là mẫu số của tỷ lệ đó "
                 "(one row per unit, one column per indicator; 'Mẫu số <rate>' gives the rate's base).",
}


def write_template(plan: Plan, units: Units, path: Path, layout: Layout = "figures", agency: str | None = None) -> None:
    """An empty .xlsx of LAYOUT (for AGENCY's indicators, when given), and a sheet of the valid names."""
    if path.suffix.lower() != ".xlsx":
        raise UserError.of("not-xlsx", msg("{path}: the template is an Excel workbook; give a name ending in .xlsx",
                                           path=str(path)))
    if path.exists() or path.is_symlink():
        raise _exists(path)
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    indicators = list(plan.indicators)
    if agency is not None and layout != "figures":
        # The districts' committees may report any figure of their own unit; a department, its own.
        allowed = plan.reportable(agency, for_province=not plan.agency_by_id[agency].for_units)
        indicators = [i for i in indicators if i.id in allowed]
    if layout == "figures":
        _figures(sheet)
    elif layout == "department":
        _department(sheet, plan, indicators)
    else:
        _districts(sheet, units, indicators)
    _lists(book, plan, units)
    if layout == "figures":
        _drop_downs(sheet, plan, units)
    for each in book.worksheets:
        neutralise(each)
    _save_new(book, path)


def neutralise(sheet: Any) -> None:
    """Write every text cell that begins like a formula as text, with Excel's quote prefix."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"
                cell.quotePrefix = True


def _header(sheet: Any, row: int, labels: list[tuple[str, str | None, int]]) -> None:
    """Bold headers in ROW, each (label, hint, width), in columns formatted as text."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for n, (label, hint, width) in enumerate(labels, start=1):
        cell = sheet.cell(row=row, column=n, value=label)
        cell.font = Font(bold=True)
        if hint:
            cell.comment = Comment(hint, "giamngheo", width=300, height=120)
        column = sheet.column_dimensions[get_column_letter(n)]
        column.width = width
        # Text cells keep what the analyst typed: Excel's locale cannot turn 08/12/2017 into
        # 12 August or 340.112 into three hundred and forty; the import reads the text itself.
        column.number_format = "@"
    sheet.freeze_panes = sheet.cell(row=row + 1, column=1).coordinate


def _figures(sheet: Any) -> None:
    _header(sheet, 1, [(h.label, _HINTS.get(h.key), h.width) for h in FIGURES_HEADINGS if h.key not in IGNORED])


def _title(sheet: Any, text: str, hint: str, width: int) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.cell(row=1, column=1, value=text).font = Font(bold=True, size=13)
    sheet.cell(row=2, column=1, value=hint).alignment = Alignment(wrap_text=True, vertical="top")
    for row in (1, 2):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    sheet.row_dimensions[2].height = 45


def _department(sheet: Any, plan: Plan, indicators: list[Indicator]) -> None:
    """Title rows, then STT | Chỉ tiêu | Đơn vị tính | Kế hoạch YEAR | Thực hiện | Tỷ lệ (%) | Mẫu số | Ghi chú,
    with one row per indicator, its unit and the plan's target filled in."""
    headings = [h for h in DEPARTMENT_HEADINGS if h.key in ("stt", "indicator", "measure", "plan", "actual",
                                                              "attained", "base", "note")]
    labels = {"stt": "STT", "indicator": "Chỉ tiêu", "measure": "Đơn vị tính", "plan": f"Kế hoạch {plan.year}",
              "actual": "Thực hiện", "attained": "Tỷ lệ (%)", "base": "Mẫu số", "note": "Ghi chú"}
    widths = {"stt": 6, "indicator": 70, "measure": 14, "plan": 16, "actual": 16, "attained": 12, "base": 14, "note": 30}
    _title(sheet, f"BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU GIẢM NGHÈO NĂM {plan.year}", _IMPORT_HINT["department"],
           len(headings))
    _header(sheet, 4, [(labels[h.key], _HINTS.get(h.key), widths[h.key]) for h in headings])
    for n, ind in enumerate(indicators, start=1):
        row = 4 + n
        sheet.cell(row=row, column=1, value=n)
        sheet.cell(row=row, column=2, value=ind.name)
        sheet.cell(row=row, column=3, value=UNIT_NAMES[ind.unit][0])
        target = sheet.cell(row=row, column=4, value=_target(ind))
        target.number_format = _number_format(ind)


def _districts(sheet: Any, units: Units, indicators: list[Indicator]) -> None:
    """STT | Địa bàn | one column per indicator (its id) | Mẫu số <rate> per rate, with one row per unit."""
    rates = [i for i in indicators if i.is_rate]
    columns: list[tuple[str, str | None, int]] = [("STT", _HINTS["stt"], 6), ("Địa bàn", _IMPORT_HINT["districts"], 24)]
    columns += [(i.id, f"{i.name} ({UNIT_NAMES[i.unit][0]}; mục tiêu toàn tỉnh (province target) "
                       f"{_target(i)})", max(12, len(i.id) + 2)) for i in indicators]
    columns += [(f"Mẫu số {i.id}", f"Mẫu số của {i.id} (the base of the rate) tại địa bàn, như số hộ nghèo "
                                   f"(such as the poor households of the unit)", max(14, len(i.id) + 9)) for i in rates]
    _header(sheet, 1, columns)
    for n, unit in enumerate(units.units, start=1):
        sheet.cell(row=1 + n, column=1, value=n)
        sheet.cell(row=1 + n, column=2, value=unit.name)


def _target(ind: Indicator) -> Any:
    return ind.target if ind.is_rate else int(ind.target)


def _number_format(ind: Indicator) -> str:
    # Show a target as the plan writes it: 99,90 keeps its zero, 336.478 its thousands mark.
    places = decimals_of(ind.target)
    return f"0.{'0' * places}" if places else "#,##0"


def _lists(book: Any, plan: Plan, units: Units) -> None:
    """The sheet of valid agencies, indicators and units."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    lists = book.create_sheet(LISTS_SHEET)
    lists.append(["Mã cơ quan (agency id)", "Tên cơ quan (name)", "Viết tắt (abbreviation)", None,
                  "Mã chỉ tiêu (indicator id)", "Tên chỉ tiêu (name)", "Đơn vị tính (unit of measure)",
                  f"Mục tiêu {plan.year} (target)", None, "Mã địa bàn (unit id)", "Tên địa bàn (unit name)"])
    agencies = [[a.id, a.name, a.abbreviation] for a in plan.agencies]
    indicators = [[ind.id, ind.name, _unit_label(ind.unit), _target(ind)] for ind in plan.indicators]
    places = [[units.province.id, units.province.name], *([u.id, u.name] for u in units.units)]
    for n in range(max(len(agencies), len(indicators), len(places))):
        left = agencies[n] if n < len(agencies) else [None] * 3
        middle = indicators[n] if n < len(indicators) else [None] * 4
        right = places[n] if n < len(places) else []
        lists.append([*left, None, *middle, None, *right])
    for row, ind in enumerate(plan.indicators, start=2):
        lists.cell(row=row, column=8).number_format = _number_format(ind)
    for n, width in enumerate((22, 50, 18, 3, 28, 70, 16, 22, 3, 18, 30), start=1):
        lists.column_dimensions[get_column_letter(n)].width = width
    for cell in lists[1]:
        cell.font = Font(bold=True)
    lists.freeze_panes = "A2"


def _drop_downs(sheet: Any, plan: Plan, units: Units) -> None:
    """Drop-down lists of ids in the figures template; other input (names, abbreviations) stays allowed."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    keys = [h.key for h in FIGURES_HEADINGS if h.key not in IGNORED]
    for key, col, count in (("agency", "A", len(plan.agencies)), ("indicator", "E", len(plan.indicators)),
                            ("unit", "J", len(units.units) + 1)):
        target = get_column_letter(keys.index(key) + 1)
        rule = DataValidation(type="list", formula1=f"'{LISTS_SHEET}'!${col}$2:${col}${count + 1}",
                              allow_blank=True, showErrorMessage=False)
        rule.add(f"{target}2:{target}{MAX_ROWS}")
        sheet.add_data_validation(rule)


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
