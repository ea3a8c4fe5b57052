"""The rows of each layout read as entries: each figure or base a sheet gives, with its report
and the cell it came from. Rows left out on purpose (totals, headings, rows without a figure)
are said in notes; every mistake is an error at its cell."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from giamngheo.core.messages import msg
from giamngheo.core.problems import Problem, UserError
from giamngheo.core.text import fold
from giamngheo.intake.cells import as_count, as_date, as_figure, as_note, as_percent, as_text, shown
from giamngheo.intake.headers import Header
from giamngheo.intake.lookup import find_agency, find_indicator, find_unit
from giamngheo.intake.sheets import Cells, Sheet, is_empty
from giamngheo.model.plan import Indicator, Plan
from giamngheo.model.submission import PROVINCE
from giamngheo.model.units import Units

# The words of a total row, which a sheet adds up itself and giamngheo works out on its own.
TOTAL_WORDS = {"tong cong", "cong", "tong", "tong so", "toan tinh", "ca tinh", "tong toan tinh", "cong toan tinh",
               "total", "tong cong toan tinh"}
# Attainment a sheet computed (Tỷ lệ) within this many points of Thực hiện ÷ Kế hoạch agrees with it.
ATTAINED_TOLERANCE = Decimal("0.5")
_NUMBERING = re.compile(r"\(?[0-9]{1,2}\)?(\s*=.*)?|\(?[A-Z]\)?")
# The marks a list item begins with in a table's Chỉ tiêu column: "- ", "+ ", "a) ", "1. ", "II. ".
_LIST_MARK = re.compile(r"^\s*(?:[-+*•·–—]+|\(?(?:[0-9]{1,2}(?:\.[0-9]{1,2})*|[IVXivx]{1,4}|[a-zđ])[.)])\s*")


@dataclass(frozen=True)
class Given:
    """The report fields given as options (already checked), for the sheets that have no column for them."""

    agency: str | None = None
    unit: str | None = None
    reported: dt.date | None = None
    as_of: dt.date | None = None
    source: str | None = None

    def keys(self) -> set[str]:
        """The report fields given, by their column keys."""
        return {k for k, v in (("agency", self.agency), ("unit", self.unit), ("date", self.reported),
                               ("as_of", self.as_of), ("source", self.source)) if v is not None}


@dataclass(frozen=True)
class Report:
    """The report a row belongs to: who reports, about which unit, when, in which document."""

    agency: str
    unit: str
    reported: dt.date
    as_of: dt.date
    source: str

    @property
    def key(self) -> tuple[str, str, dt.date, dt.date, str]:
        """The rows that share this key make one submission."""
        return (self.agency, self.unit, self.reported, self.as_of, self.source)


@dataclass(frozen=True)
class Entry:
    """One figure (or, with IS_BASE, the base of a rate) that a sheet gives, at its cell."""

    row: int
    col: int | None
    report: Report
    indicator: str
    value: Decimal
    note: str | None = None
    is_base: bool = False


@dataclass
class Reading:
    """What reading a sheet's rows gives: entries, and what was said about it."""

    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)


class RowReader:
    """Reads the rows of one sheet under its header: the report fields, then each layout's figures."""

    def __init__(self, plan: Plan, units: Units, sheet: Sheet, header: Header, given: Given, today: dt.date) -> None:
        self.plan, self.units, self.sheet, self.header, self.given, self.today = plan, units, sheet, header, given, today
        self.out = Reading(warnings=list(header.warnings))
        # A sheet names the same few agencies, indicators and units on every row, and a lookup
        # folds every name in the plan: remember each answer for this import.
        self.agency_of = functools.lru_cache(maxsize=None)(lambda text: find_agency(plan, text))
        self.indicator_of = functools.lru_cache(maxsize=None)(lambda text: find_indicator(plan, text))
        self.unit_of = functools.lru_cache(maxsize=None)(lambda text: find_unit(units, text))

    # ------------------------------------------------------------------ cells

    def value(self, cells: Cells, key: str) -> Any:
        """The cell of the column holding KEY (None when there is no such column or cell)."""
        i = self.header.index.get(key)
        return cells[i] if i is not None and i < len(cells) else None

    def read(self, row: int, col: int | None, value: Any, read: Callable[[Any], Any], wrong: list[Problem],
             field: str | None = None) -> Any:
        """READ(VALUE), or None with its problems added to WRONG, at the cell, naming its column."""
        try:
            return read(value)
        except UserError as exc:
            name = self.header.column(col) if col is not None else ""
            wrong.extend(self.sheet.error(row, col, p.code, msg("{column}: {problem}", column=name, problem=p.message)
                                          if name else p.message, field) for p in exc.problems)
            return None

    def cell(self, row: int, cells: Cells, key: str, read: Callable[[Any], Any], wrong: list[Problem],
             required: bool = True) -> Any:
        """The column KEY's cell of the row, read; an empty required cell is an error."""
        i = self.header.index.get(key)
        value = cells[i] if i is not None and i < len(cells) else None
        if is_empty(value):
            if required:
                wrong.append(self.sheet.error(row, i, "empty-cell", msg("{column}: is empty",
                                                                        column=self.header.name(key)), key))
            return None
        return self.read(row, i, value, read, wrong, key)

    def report(self, row: int, cells: Cells, wrong: list[Problem]) -> Report | None:
        """The report of a row: each field from its column, else from its option."""
        index, given = self.header.index, self.given
        agency = (self.cell(row, cells, "agency", lambda v: self.agency_of(as_text(v)), wrong)
                  if "agency" in index else given.agency)
        if "unit" in index:  # an empty cell is the whole province, but in a table of districts
            unit = self.cell(row, cells, "unit", lambda v: self.unit_of(as_text(v)), wrong,
                             required=self.header.layout == "districts") or PROVINCE
        else:
            unit = given.unit or PROVINCE
        reported = self.cell(row, cells, "date", as_date, wrong) if "date" in index else given.reported
        if reported is not None and reported > self.today and "date" in index:
            wrong.append(self.sheet.error(row, index["date"], "future-date", msg(
                "{column}: {day:date} is after today ({today:date})", column=self.header.name("date"), day=reported,
                today=self.today), "date"))
        as_of = self.cell(row, cells, "as_of", as_date, wrong, required=False) if "as_of" in index else given.as_of
        source = self.cell(row, cells, "source", as_text, wrong) if "source" in index else given.source
        if agency is None or unit is None or reported is None or source is None:
            return None
        return Report(agency, unit, reported, as_of or reported, " ".join(source.split()))

    def note_of(self, row: int, cells: Cells, wrong: list[Problem]) -> str | None:
        """The row's note, when the sheet has a column of notes."""
        return self.cell(row, cells, "note", as_note, wrong, required=False) if "note" in self.header.index else None

    def figure(self, row: int, col: int, value: Any, ind: Indicator, wrong: list[Problem]) -> Decimal | None:
        """A value cell as a figure of IND; a rounded rate is said in a note."""
        read = self.read(row, col, value, lambda v: as_figure(v, ind), wrong, "value")
        if read is None:
            return None
        figure, held = read
        if held is not None:
            self.out.notes.append(self.sheet.note(row, col, "rounded", msg(
                "{column}: {held:num} rounded to {figure:num}, the precision of {indicator}'s target",
                column=self.header.column(col), held=held, figure=figure,
                indicator=ind.id)))
        return figure

    def stray(self, row: int, cells: Cells, wrong: list[Problem]) -> None:
        """Values in columns with no header would be lost: each is an error."""
        wrong += [self.sheet.error(row, i, "no-header", msg("{column}: has a value but no header",
                                                            column=self.header.column(i)))
                  for i in self.header.stray(cells)]

    def refuse(self, wrong: list[Problem]) -> None:
        """Keep a row's problems, in the order of its columns."""
        self.out.problems += sorted(wrong, key=lambda p: self.header.index.get(p.field or "", len(self.header.names)))

    def is_total(self, *values: Any) -> bool:
        """True when a row's label says it is a total (Tổng cộng, Cộng, Toàn tỉnh)."""
        return any(isinstance(v, str) and fold(v) in TOTAL_WORDS for v in values)

    def skipped(self, row: int, col: int | None, code: str, message: str) -> None:
        self.out.notes.append(self.sheet.note(row, col, code, message))

    def column_notes(self) -> None:
        """Say which recognised columns are not read, once, at the header."""
        for col, key in sorted(self.header.skipped.items()):
            name = self.header.column(col)
            self.out.notes.append(self.sheet.note(self.header.row, col, "column-not-read", msg(
                "{column}: row numbers, not read", column=name) if key == "stt" else msg(
                "{column}: not read; the plan gives each indicator's unit", column=name)))


def read_figures(r: RowReader, rows: list[tuple[int, Cells]]) -> Reading:
    """One row per figure: Cơ quan | Chỉ tiêu | Giá trị | … (the layout of the import template)."""
    plan = r.plan
    for line, cells in rows:
        wrong: list[Problem] = []
        report = r.report(line, cells, wrong)
        indicator = r.cell(line, cells, "indicator", lambda v: r.indicator_of(as_text(v)), wrong)
        ind = plan.indicator_by_id[indicator] if indicator else None
        value_col = r.header.index["value"]
        raw = r.value(cells, "value")
        value = None
        if is_empty(raw):
            wrong.append(r.sheet.error(line, value_col, "empty-cell", msg("{column}: is empty",
                                                                          column=r.header.name("value")), "value"))
        elif ind is not None:
            value = r.figure(line, value_col, raw, ind, wrong)
        base = _base(r, line, cells, ind, wrong)
        note = r.note_of(line, cells, wrong)
        r.stray(line, cells, wrong)
        if wrong:
            r.refuse(wrong)
            continue
        assert report is not None and ind is not None and value is not None
        r.out.entries.append(Entry(line, value_col, report, ind.id, value, note))
        if base is not None:
            r.out.entries.append(Entry(line, r.header.index["base"], report, ind.id, base, note, is_base=True))
    r.column_notes()
    return r.out


def _base(r: RowReader, line: int, cells: Cells, ind: Indicator | None, wrong: list[Problem]) -> Decimal | None:
    """The row's base (mẫu số), when the sheet has a column of them: the base of the row's rate."""
    if "base" not in r.header.index or is_empty(r.value(cells, "base")):
        return None
    col = r.header.index["base"]
    base = r.read(line, col, r.value(cells, "base"), as_count, wrong, "base")
    if base is not None and ind is not None and not ind.is_rate:
        pair = r.plan.pair_of(ind.id)
        wrong.append(r.sheet.error(line, col, "base-of-a-count", msg(
            "{column}: {indicator} is a count; a base (mẫu số) belongs to a rate{hint}",
            column=r.header.name("base"), indicator=ind.id,
            hint=msg(", such as {rate}", rate=pair.rate) if pair is not None else "")))
        return None
    return base


def read_department(r: RowReader, rows: list[tuple[int, Cells]]) -> Reading:
    """A department's results table: STT | Chỉ tiêu | Đơn vị tính | Kế hoạch | Thực hiện | Tỷ lệ (%)."""
    index = r.header.index
    label_col, actual_col = index["indicator"], index["actual"]
    stt_col = next((c for c, k in r.header.skipped.items() if k == "stt"), None)
    for position, (line, cells) in enumerate(rows):
        label, actual = r.value(cells, "indicator"), r.value(cells, "actual")
        stt = cells[stt_col] if stt_col is not None and stt_col < len(cells) else None
        if position == 0 and _numbers_columns(cells):
            r.skipped(line, None, "numbering-row", msg("row {row} numbers the columns; not read", row=line))
            continue
        if r.is_total(label, stt):
            r.skipped(line, label_col, "total-row", msg(
                "{column}: the total row '{label}' is not read; totals are worked out from the figures",
                column=r.header.column(label_col), label=as_label(label if isinstance(label, str) else stt)))
            continue
        if isinstance(actual, str) and actual == label and r.sheet.spans(line, min(label_col, actual_col),
                                                                        max(label_col, actual_col)):
            r.skipped(line, label_col, "heading-row", msg(
                "{column}: '{label}' is a heading merged across the table, not a figure; not read",
                column=r.header.column(label_col), label=as_label(label)))
            continue
        if is_empty(actual):
            if not is_empty(label):
                r.skipped(line, actual_col, "no-figure", msg(
                    "{column}: empty, so the row '{label}' gives no figure; not read",
                    column=r.header.column(actual_col), label=as_label(label)))
            continue
        wrong: list[Problem] = []
        if is_empty(label):
            wrong.append(r.sheet.error(line, label_col, "empty-cell", msg(
                "{column}: is empty, but the row gives a figure in {other}", column=r.header.column(label_col),
                other=r.header.column(actual_col)), "indicator"))
        report = r.report(line, cells, wrong)
        indicator = None if is_empty(label) else r.read(
            line, label_col, label, lambda v: r.indicator_of(unmarked(as_text(v))), wrong, "indicator")
        ind = r.plan.indicator_by_id[indicator] if indicator else None
        value = r.figure(line, actual_col, actual, ind, wrong) if ind is not None else None
        base = _base(r, line, cells, ind, wrong)
        note = r.note_of(line, cells, wrong)
        r.stray(line, cells, wrong)
        if wrong:
            r.refuse(wrong)
            continue
        assert report is not None and ind is not None and value is not None
        _check_plan_and_attained(r, line, cells, ind, value, report)
        r.out.entries.append(Entry(line, actual_col, report, ind.id, value, note))
        if base is not None:
            r.out.entries.append(Entry(line, index["base"], report, ind.id, base, note, is_base=True))
    r.column_notes()
    return r.out


def unmarked(label: str) -> str:
    """A row's label without the mark of a list item: "- Hỗ trợ theo …" and "a) Hỗ trợ theo …" are "Hỗ trợ theo …"."""
    return _LIST_MARK.sub("", label, count=1) or label


def as_label(value: Any) -> str:
    """A row's label as a note quotes it."""
    try:
        text = as_text(value)
    except UserError:
        return shown(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _numbers_columns(cells: Cells) -> bool:
    """True for the row under a header that numbers its columns: (1) (2) (3) … or 1 2 3 … 6=5/4."""
    filled = [c for c in cells if not is_empty(c)]
    return len(filled) >= 3 and all(
        (isinstance(c, int) and not isinstance(c, bool) and 0 < c < 100)
        or (isinstance(c, str) and _NUMBERING.fullmatch(c.strip().replace(" ", "")) is not None) for c in filled)


def _check_plan_and_attained(r: RowReader, line: int, cells: Cells, ind: Indicator, value: Decimal,
                             report: Report) -> None:
    """Kế hoạch against the plan's target, and Tỷ lệ against Thực hiện ÷ Kế hoạch: warnings, never stored."""
    index, plan_target = r.header.index, ind.target
    shown_plan: Decimal | None = None
    if "plan" in index and not is_empty(r.value(cells, "plan")):
        col = index["plan"]
        wrong: list[Problem] = []
        read = r.read(line, col, r.value(cells, "plan"), lambda v: as_figure(v, ind), wrong, "plan")
        if wrong:
            r.out.warnings += _as_warnings(wrong)
        elif read is not None:
            shown_plan = read[0]
            if report.unit == PROVINCE and shown_plan != plan_target:
                r.out.warnings.append(r.sheet.warning(line, col, "plan-differs", msg(
                    "{column}: {shown:num} differs from the plan's target for {indicator}, {target:num}",
                    column=r.header.name("plan"), shown=shown_plan, indicator=ind.id, target=plan_target), "plan"))
    if "attained" not in index or is_empty(r.value(cells, "attained")):
        return
    col = index["attained"]
    wrong = []
    attained = r.read(line, col, r.value(cells, "attained"), as_percent, wrong, "attained")
    if wrong or attained is None:
        r.out.warnings += _as_warnings(wrong)
        return
    against = shown_plan if shown_plan is not None else (plan_target if report.unit == PROVINCE else None)
    if not against:
        return
    computed = value / against * 100
    if abs(attained - computed) <= ATTAINED_TOLERANCE or abs(attained * 100 - computed) <= ATTAINED_TOLERANCE:
        return
    r.out.warnings.append(r.sheet.warning(line, col, "attained-differs", msg(
        "{column}: {attained:num}% differs from {actual:num} ÷ {plan:num} = {computed:num}%; the figure stored is "
        "{actual:num}", column=r.header.name("attained"), attained=attained, actual=value, plan=against,
        computed=computed.quantize(Decimal("0.01"))), "attained"))


def _as_warnings(problems: list[Problem]) -> list[Problem]:
    """Problems of a column that is only checked, never stored: warnings, not errors."""
    return [Problem("warning", p.code, p.message, p.file, p.line, p.field, p.cell) for p in problems]


def read_districts(r: RowReader, rows: list[tuple[int, Cells]]) -> Reading:
    """One row per district, town or city; one column per indicator, and bases in 'Mẫu số' columns."""
    unit_col = r.header.index["unit"]
    for position, (line, cells) in enumerate(rows):
        label = r.value(cells, "unit")
        filled = [c for c in (*r.header.figures, *r.header.bases) if c < len(cells) and not is_empty(cells[c])]
        if not filled:
            continue  # a unit that gives nothing, or an empty line between blocks
        if position == 0 and _numbers_columns(cells):
            r.skipped(line, None, "numbering-row", msg("row {row} numbers the columns; not read", row=line))
            continue
        if isinstance(label, str) and all(cells[c] == label for c in filled) and r.sheet.spans(
                line, min(unit_col, *filled), max(unit_col, *filled)):
            r.skipped(line, unit_col, "heading-row", msg(
                "{column}: '{label}' is a heading merged across the table, not a figure; not read",
                column=r.header.column(unit_col), label=as_label(label)))
            continue
        if r.is_total(label) or _is_province(r, label):
            r.skipped(line, unit_col, "total-row", msg(
                "{column}: the row '{label}' is a total for the province, not read; the province's total is worked "
                "out from the units' figures", column=r.header.column(unit_col), label=as_label(label)))
            continue
        wrong: list[Problem] = []
        report = r.report(line, cells, wrong)
        note = r.note_of(line, cells, wrong)
        found: list[Entry] = []
        for col in filled:
            if col in r.header.figures:
                ind = r.plan.indicator_by_id[r.header.figures[col]]
                value = r.figure(line, col, cells[col], ind, wrong)
                if value is not None and report is not None:
                    found.append(Entry(line, col, report, ind.id, value, note))
            else:
                base = r.read(line, col, cells[col], as_count, wrong, "base")
                if base is not None and report is not None:
                    found += [Entry(line, col, report, rate, base, note, is_base=True) for rate in r.header.bases[col]]
        r.stray(line, cells, wrong)
        if wrong:
            r.refuse(wrong)
            continue
        r.out.entries += found
    r.column_notes()
    return r.out


def _is_province(r: RowReader, label: Any) -> bool:
    """True when a row's unit is the whole province ("Toàn tỉnh", "Tỉnh Thanh Hoá")."""
    if not isinstance(label, str) or not label.strip():
        return False
    try:
        return r.unit_of(as_text(label)) == PROVINCE
    except UserError:
        return False


READERS: dict[str, Callable[[RowReader, list[tuple[int, Cells]]], Reading]] = {
    "figures": read_figures, "department": read_department, "districts": read_districts}
