"""The report as an Excel workbook, the "biểu tổng hợp": a front sheet, the targets in the
columns officials expect with a native bar chart, the deadlines, the units, and every figure.

Figures are real numbers and dates, shown with Vietnamese number formats (`[$-42A]`, the
Vietnamese locale, gives `14.996` and `8,49` whatever the reader's own settings); English
reports use the plain formats. Text that begins like a formula is written so that it cannot
run (OWASP: CSV and formula injection): a source document named `=HYPERLINK(…)` stays text.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from giamngheo.core.formats import decimals_of, format_date
from giamngheo.render.package import repack
from giamngheo.views.report import Report, format_moment
from giamngheo.views.table import Column, Table
from giamngheo.views.wording import word

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

# Characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
VIETNAMESE = "[$-42A]"  # the locale code of Vietnamese in a number format
HEADER_FILL = "DDE5F0"
GROUP_FILL = "F2F2F2"
# Widths of the targets sheet, in characters, column by column.
RESULT_WIDTHS = {"stt": 6, "name": 46, "unit": 9, "target": 12, "value": 12, "as_of": 12, "attainment_pct": 11,
                 "status": 15, "agency": 24, "source": 24}
CHART_LABEL = 48  # characters of a target's name the chart shows


def workbook_bytes(report: Report) -> bytes:
    """The whole workbook, as the bytes of an .xlsx file."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook()
    lang = report.lang
    about = book.active
    about.title = word("sheet.about", lang)
    _about_sheet(about, report)
    targets = book.create_sheet(word("sheet.targets", lang))
    _targets_sheet(targets, report)
    _chart_sheet(book.create_sheet(word("sheet.chart", lang)), report)
    if report.reports is not None:
        _table_sheet(book.create_sheet(word("sheet.deadlines", lang)), report.reports, report,
                     word("sheet.deadlines", lang))
    if report.units is not None:
        _table_sheet(book.create_sheet(word("sheet.units", lang)), report.units, report, word("units.title", lang))
    _table_sheet(book.create_sheet(word("sheet.figures", lang)), report.figures, report, word("figures.title", lang))
    book.active = 1  # open on the targets
    _properties(book, report)
    out = io.BytesIO()
    # ExcelWriter rather than book.save: save() stamps the file with the clock, and a rebuild must not differ.
    import zipfile

    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).write_data()
    return repack(out.getvalue(), report.provenance.generated)


def _properties(book: Workbook, report: Report) -> None:
    stamp = report.provenance.generated.astimezone(dt.timezone.utc).replace(tzinfo=None)
    props = book.properties
    props.creator = props.lastModifiedBy = f"giamngheo {report.provenance.version}"
    props.title = f"{word('kind', report.lang)} {report.plan.number} — {format_date(report.as_of, report.lang)}"
    props.created = props.modified = stamp
    props.language = "en-GB" if report.lang == "en" else "vi-VN"


# ---------------------------------------------------------------- cells


def put_text(cell: Cell, text: str | None) -> Cell:
    """Write TEXT in CELL as text that no spreadsheet runs, even when it begins like a formula."""
    cell.value = text
    if text and text.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # stored as a string, never as a formula
        cell.quotePrefix = True  # and kept as text should someone edit the cell
    return cell


def number_format(value: Decimal | int, lang: str, places: int | None = None) -> str:
    """The format that shows VALUE with its own decimals, thousands grouped, in LANG's marks."""
    decimals = decimals_of(Decimal(value)) if places is None else places
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return pattern if lang == "en" else VIETNAMESE + pattern


def date_format(lang: str) -> str:
    """Dates as `dd/mm/yyyy` in Vietnamese and ISO in English, as everywhere else."""
    return "yyyy-mm-dd" if lang == "en" else "dd/mm/yyyy"


def put_value(cell: Cell, value: Any, column: Column, lang: str, places: int | None = None) -> Cell:
    """Write one value of COLUMN: numbers and dates as themselves, words through the column's labels."""
    if value is None:
        cell.value = None
    elif column.labels is not None and value in column.labels:
        put_text(cell, column.labels[value][1 if lang == "en" else 0])
    elif isinstance(value, bool):
        put_text(cell, ("yes" if value else "no") if lang == "en" else ("có" if value else "không"))
    elif isinstance(value, (int, Decimal)):
        number = Decimal(value)
        cell.value = int(number) if number == number.to_integral_value() else float(number)
        cell.number_format = number_format(number, lang, 1 if column.kind == "percent" and places is None else places)
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = date_format(lang)
    else:
        put_text(cell, str(value))
    return cell


def _header(sheet: Worksheet, row: int, labels: list[str]) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="808080")
    for n, label in enumerate(labels, start=1):
        cell = put_text(sheet.cell(row=row, column=n), label)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)


def _print_setup(sheet: Worksheet, header_row: int, landscape: bool = True) -> None:
    """A4, landscape, as wide as one page, the header repeated on every page and frozen on screen."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.6
    sheet.page_margins.top = sheet.page_margins.bottom = 0.7
    sheet.print_options.horizontalCentered = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1).coordinate
    sheet.oddFooter.center.text = "&P / &N"


def _title(sheet: Worksheet, text: str, subtitle: str | None = None) -> int:
    """A bold title in row 1 (and a subtitle in row 2); the row the header goes in."""
    from openpyxl.styles import Font

    put_text(sheet.cell(row=1, column=1), text).font = Font(bold=True, size=13)
    if subtitle:
        put_text(sheet.cell(row=2, column=1), subtitle).font = Font(italic=True)
    return 3


# ---------------------------------------------------------------- the sheets


def _about_sheet(sheet: Worksheet, report: Report) -> None:
    from openpyxl.styles import Alignment, Font

    lang, plan, p = report.lang, report.plan, report.provenance
    put_text(sheet.cell(row=1, column=1), f"{word('kind', lang)} — {plan.number}").font = Font(bold=True, size=14)
    title = plan.title_en if lang == "en" else plan.title
    rows: list[tuple[str, Any]] = [
        (word("about.plan", lang), f"{plan.number}, {format_date(plan.date, lang)}: {title}"),
        (word("about.as_of", lang), report.as_of),
        (word("about.scope", lang), report.scope or word("about.scope.all", lang)),
        (word("about.submissions", lang), report.submissions),
        (word("about.figures", lang), len(report.figures.rows)),
        (word("about.commit", lang), (p.commit + (" (+)" if p.dirty else "")) if p.commit else word("about.commit.none", lang)),
        (word("about.version", lang), p.version),
        (word("about.generated", lang), format_moment(p.generated, lang)),
        (word("about.summary", lang), report.summary),
    ]
    if report.timeliness_summary:
        rows.append(("", report.timeliness_summary))
    rows += [("", note) for note in report.notes]
    rows.append(("", report.generated_line()))
    plain = Column("value", "", "")
    for n, (label, value) in enumerate(rows, start=3):
        put_text(sheet.cell(row=n, column=1), label).font = Font(bold=True)
        cell = put_value(sheet.cell(row=n, column=2), value, plain, lang, places=0)
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 100
    _print_setup(sheet, 1, landscape=False)
    sheet.freeze_panes = None
    sheet.print_title_rows = None


def _targets_sheet(sheet: Worksheet, report: Report) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    lang, table = report.lang, report.results
    columns = [c for c in table.columns if c.on_screen]
    header = _title(sheet, word("appendix.results", lang, as_of=format_date(report.as_of, lang)),
                    report.scope or _plan_line(report))
    _header(sheet, header, [c.en if lang == "en" else c.vi for c in columns])
    thin = Side(style="thin", color="B0B0B0")
    border = Border(top=thin, bottom=thin, left=thin, right=thin)
    row_at = header + 1
    group = None
    for row in table.rows:
        if row["_group"] != group:
            group = row["_group"]
            for n in range(1, len(columns) + 1):
                cell = sheet.cell(row=row_at, column=n)
                cell.fill = PatternFill("solid", fgColor=GROUP_FILL)
                cell.border = border
            put_text(sheet.cell(row=row_at, column=2), group).font = Font(bold=True)
            row_at += 1
        for n, column in enumerate(columns, start=1):
            value = row.get(column.key)
            places = _places(row, column)
            cell = put_value(sheet.cell(row=row_at, column=n), value, column, lang, places)
            cell.border = border
            wrap = column.kind in ("text",) or column.labels is not None
            cell.alignment = Alignment(vertical="top", wrap_text=wrap, horizontal="center" if column.key == "stt" else None,
                                       indent=row["_indent"] if column.key == "name" else 0)
            if column.key == "value" and row.get("files"):
                cell.comment = Comment(f"{word('file', lang)}: {row['files']}", "giamngheo", width=360, height=90)
        fit_height(sheet, row_at, {n: RESULT_WIDTHS.get(c.key, 14) for n, c in enumerate(columns, start=1)
                                   if c.kind == "text" or c.labels is not None})
        row_at += 1
    for n, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = RESULT_WIDTHS.get(column.key, 14)
    sheet.row_dimensions[header].height = 46
    _print_setup(sheet, header)
    sheet.print_area = f"A1:{get_column_letter(len(columns))}{row_at - 1}"


def fit_height(sheet: Worksheet, row: int, wrapped: dict[int, float]) -> None:
    """Make ROW tall enough for the text of its WRAPPED columns (number → width): spreadsheets
    do not always measure it on opening."""
    lines = 1
    for n, width in wrapped.items():
        text = sheet.cell(row=row, column=n).value
        if isinstance(text, str) and text:
            lines = max(lines, -(-len(text) // max(1, int(width * 1.1))))
    if lines > 1:
        sheet.row_dimensions[row].height = 13.5 * lines + 2


def _places(row: dict[str, Any], column: Column) -> int | None:
    """Decimals to show: a count never has any; a rate as the plan and the agencies wrote it."""
    if column.kind == "number" and not row.get("is_rate"):
        return 0
    return None


def _plan_line(report: Report) -> str:
    plan, lang = report.plan, report.lang
    return f"{plan.number}, {format_date(plan.date, lang)}: {plan.title_en if lang == 'en' else plan.title}"


def _chart_sheet(sheet: Worksheet, report: Report) -> None:
    """The attainment of every target that has one, and a native bar chart of it."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.label import DataLabelList
    from openpyxl.utils import get_column_letter

    lang = report.lang
    header = _title(sheet, word("chart.attainment", lang), word("chart.attainment.note", lang))
    stt, name, pct = (next(c for c in report.results.columns if c.key == k) for k in ("stt", "name", "attainment_pct"))
    _header(sheet, header, [stt.en if lang == "en" else stt.vi, name.en if lang == "en" else name.vi,
                            pct.en if lang == "en" else pct.vi])
    measured = [r for r in report.results.rows if r["attainment_pct"] is not None]
    for n, row in enumerate(measured, start=header + 1):
        put_text(sheet.cell(row=n, column=1), row["stt"])
        label = row["name"] if len(row["name"]) <= CHART_LABEL else row["name"][: CHART_LABEL - 1] + "…"
        put_text(sheet.cell(row=n, column=2), f"{row['stt']}. {label}")
        put_value(sheet.cell(row=n, column=3), row["attainment_pct"], pct, lang)
    for letter, width in zip("ABC", (6, 52, 12)):
        sheet.column_dimensions[letter].width = width
    _print_setup(sheet, header)
    if not measured:
        return
    last = header + len(measured)
    chart = BarChart()
    chart.type = "bar"  # horizontal bars: the targets' names read across
    chart.style = 10
    chart.title = word("chart.attainment", lang)
    chart.legend = None
    chart.gapWidth = 60
    chart.add_data(Reference(sheet, min_col=3, min_row=header, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=2, min_row=header + 1, max_row=last))
    chart.x_axis.scaling.orientation = "maxMin"  # the first target at the top, as in the table
    chart.y_axis.scaling.min = 0
    top = max(100.0, max(float(r["attainment_pct"]) for r in measured))
    chart.y_axis.scaling.max = float(-(-top // 10) * 10)
    chart.y_axis.majorUnit = 20
    chart.y_axis.number_format = "0"
    chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl 3.1 hides both axes unless told
    chart.dataLabels = DataLabelList(showVal=True, showCatName=False, showSerName=False, showLegendKey=False,
                                     showPercent=False)
    chart.width = 24
    chart.height = max(7.5, 0.75 * len(measured) + 3)
    sheet.add_chart(chart, f"{get_column_letter(5)}{header}")


def _table_sheet(sheet: Worksheet, table: Table, report: Report, title: str) -> None:
    """A plain table: a header, then one row per row, each value as itself."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    lang = report.lang
    columns = [c for c in table.columns if not c.machine_only]
    header = _title(sheet, title, _plan_line(report) + " — " + word("about.as_of", lang) + " "
                    + format_date(report.as_of, lang))
    _header(sheet, header, [c.en if lang == "en" else c.vi for c in columns])
    widths = {}
    for n, column in enumerate(columns, start=1):
        longest = max([min(len(column.vi if lang != "en" else column.en), 16)]
                      + [len(str(row.get(column.key) or "")) for row in table.rows[:200]])
        widths[column.key] = max(8, min(50, longest + 2))
        sheet.column_dimensions[get_column_letter(n)].width = widths[column.key]
    for r, row in enumerate(table.rows, start=header + 1):
        for n, column in enumerate(columns, start=1):
            value = row.get(column.key)
            cell = put_value(sheet.cell(row=r, column=n), value, column, lang, _places(row, column))
            cell.alignment = Alignment(vertical="top", wrap_text=column.kind == "text")
        fit_height(sheet, r, {n: widths[c.key] for n, c in enumerate(columns, start=1) if c.kind == "text"})
    sheet.row_dimensions[header].height = 32
    _print_setup(sheet, header)
    if table.rows:
        sheet.auto_filter.ref = f"A{header}:{get_column_letter(len(columns))}{header + len(table.rows)}"
