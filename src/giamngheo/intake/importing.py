"""Importing figures from a sheet, all or nothing: the sheet's layout found from its header, its
rows read as figures, and the figures of each report built and checked like `record`.

The whole sheet is read and checked before anything is written, and every mistake is a
problem at its cell (`FILE:SHEET!CELL`, or `FILE:ROW` in a CSV file, naming the column).
What is left out on purpose (total rows, headings, rows without a figure, other sheets) and
what is changed (a rate rounded to its target's precision) is said in notes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from giamngheo.checks.submission import UNWRITTEN, check_submission
from giamngheo.core.messages import Joined, msg
from giamngheo.core.problems import Problem, UserError, error
from giamngheo.core.text import escaped
from giamngheo.intake.headers import LAYOUTS, OPTIONS, Header, Layout, exact_names, find_header, layouts_of, map_header
from giamngheo.intake.layouts import READERS, Entry, Given, Reading, Report, RowReader
from giamngheo.intake.lookup import find_agency, find_unit
from giamngheo.intake.record import OPTIONS as TEXT_OPTIONS
from giamngheo.intake.record import clean_texts, new_submission
from giamngheo.intake.sheets import Sheet, SheetError, read_sheet
from giamngheo.model.plan import Plan
from giamngheo.model.submission import Imported, Stored, Submission
from giamngheo.model.units import Units
from giamngheo.store.batch import write_batch

__all__ = ["LAYOUTS", "ImportOptions", "Planned", "plan_import", "store_import"]


@dataclass(frozen=True)
class ImportOptions:
    """What the command line says about a sheet: its layout and sheet, the report fields it lacks,
    and whether a file imported before may be imported again."""

    layout: Layout | None = None
    sheet: str | None = None
    agency: str | None = None  # as typed: an id, abbreviation or name
    unit: str | None = None
    reported: dt.date | None = None
    as_of: dt.date | None = None
    source: str | None = None
    again: bool = False


@dataclass
class Planned:
    """What an import would store: the submissions, and what was said about the sheet."""

    subs: list[Submission]
    layout: Layout
    sheet: Sheet
    warnings: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)


def plan_import(plan: Plan, units: Units, path: Path, options: ImportOptions, *, now: dt.datetime, by: str,
                stored: Sequence[Stored] = ()) -> Planned:
    """The submissions a sheet holds, checked like `record`; a SheetError listing every mistake otherwise.

    STORED are the submissions already in the workspace: a file imported before is refused,
    unless OPTIONS.again.
    """
    given = _given(plan, units, options)
    sheet = read_sheet(path, options.sheet)
    refusals, notes = _other_sheets(sheet, plan)
    if refusals:
        raise SheetError(*refusals)
    layout, position, headings = find_header(sheet, plan, options.layout)
    header = map_header(sheet, position, headings, layout, plan, given.keys())
    rows = sheet.rows[position + 1:]
    if not rows:
        raise SheetError(error(path, None, "no-rows", msg("the sheet has headers but no figures")))
    reading = READERS[layout](RowReader(plan, units, sheet, header, given, now.date()), rows)
    subs = _build(plan, units, sheet, header, reading, now=now, by=by)
    if reading.problems:
        raise SheetError(*sorted(reading.problems, key=_by_row))  # a stable sort: each row's in column order
    if not subs:
        raise SheetError(error(path, None, "no-rows", msg("the sheet gives no figures: every row was left out "
                                                          "(see the notes)")), *reading.notes)
    if not options.again:
        _refuse_if_imported(sheet, stored)
    return Planned(subs, layout, sheet, sorted(reading.warnings, key=_by_row),
                   notes + sorted(reading.notes, key=_by_row))


def _by_row(problem: Problem) -> int:
    return problem.line or 0


def store_import(subs: Sequence[Submission], folder: Path) -> list[Path]:
    """Store the imported submissions all or nothing (plan_import has checked each as `validate` would)."""
    return write_batch(subs, folder)


def _given(plan: Plan, units: Units, options: ImportOptions) -> Given:
    """The report fields the options give, with every unknown name refused at once."""
    problems: list[Problem] = []

    def named(option: str, text: str, find: Callable[[str], str]) -> str | None:
        try:
            return find(text)
        except UserError as exc:
            problems.extend(error(None, None, p.code, msg("{option} {value}: {problem}", option=option,
                                                          value=escaped(text), problem=p.message), option)
                            for p in exc.problems)
            return None

    agency = named("--agency", options.agency, lambda t: find_agency(plan, t)) if options.agency else None
    unit = named("--unit", options.unit, lambda t: find_unit(units, t)) if options.unit else None
    source = " ".join(options.source.split()) if options.source is not None else None
    if options.source is not None and not source:
        problems.append(error(None, None, "empty-source", msg(
            "--source is empty: give the report's number, such as 245/BC-SYT"), "--source"))
    if problems:
        raise UserError(*problems)
    return Given(agency, unit, options.reported, options.as_of, source)


def _other_sheets(sheet: Sheet, plan: Plan) -> tuple[list[Problem], list[Problem]]:
    """The workbook's other sheets: a visible one that holds figures under a header giamngheo reads
    is refused (which sheet was meant?); the others are said to be left out."""
    refusals: list[Problem] = []
    notes: list[Problem] = []
    if sheet.chosen:
        return refusals, notes
    exact = exact_names(plan)
    for info in sheet.others:
        name = escaped(info.name)
        if not info.visible:
            if info.holds_data is not False:
                notes.append(sheet.note(None, None, "sheet-not-read", msg(
                    "hidden sheet '{sheet}' is not read; name it with --sheet to import it", sheet=name)))
        elif info.holds_figures is None:
            refusals.append(sheet.error(None, None, "sheet-not-checked", msg(
                "sheet '{sheet}' is too large to see whether it holds figures too: choose one with --sheet",
                sheet=name)))
        elif info.holds_figures and any(layouts_of(row.values, exact) for row in info.head):
            refusals.append(sheet.error(None, None, "other-sheet-has-figures", msg(
                "sheet '{sheet}' also holds figures: choose one with --sheet (this one is '{this}')",
                sheet=name, this=escaped(sheet.name or ""))))
        elif info.holds_data:
            notes.append(sheet.note(None, None, "sheet-not-read", msg(
                "sheet '{sheet}' is not read: it has no header row of figures", sheet=name)))
    return refusals, notes


def _refuse_if_imported(sheet: Sheet, stored: Sequence[Stored]) -> None:
    """Refuse a file whose bytes (and sheet) an earlier import stored already."""
    mark = (sheet.sha256, sheet.name)
    earlier = sorted({str(s.path) for s in stored if s.imported == mark})
    if not earlier:
        return
    shown = (Joined(earlier) if len(earlier) <= 3
             else msg("{files} and {n} more", files=Joined(earlier[:3]), n=len(earlier) - 3))
    raise SheetError(error(sheet.path, None, "already-imported", msg(
        "this file was imported before, with the same content (SHA-256 {sha}), into {files}; nothing was stored. "
        "To store it again, add --again", sha=sheet.sha256[:12], files=shown)))


def _build(plan: Plan, units: Units, sheet: Sheet, header: Header, reading: Reading, *, now: dt.datetime,
           by: str) -> list[Submission]:
    """One submission per report (agency, unit, dates, source), in the order the sheet gives them;
    every problem added to READING at its cell."""
    problems = reading.problems
    groups: dict[tuple[str, str, dt.date, dt.date, str], list[Entry]] = {}
    seen: dict[tuple[str, str, str, dt.date, bool], Entry] = {}
    for entry in reading.entries:
        report = entry.report
        # Within one import every file has the same recorded_at, so which of two values for
        # one figure would count could not be told apart: each figure may appear once.
        key = (report.agency, report.unit, entry.indicator, report.as_of, entry.is_base)
        first = seen.get(key)
        if first is not None:
            problems.append(sheet.error(entry.row, entry.col, "given-twice", msg(
                "{column}: {what} of {agency} for {unit} as of {day:date} is already given at {first}; give each "
                "figure once per sheet", column=header.column(entry.col) if entry.col is not None else "",
                what=msg("the base of {indicator}", indicator=entry.indicator) if entry.is_base else entry.indicator,
                agency=report.agency, unit=units.name_of(report.unit), day=report.as_of, first=_place(sheet, first)),
                "indicator"))
            continue
        seen[key] = entry
        groups.setdefault(report.key, []).append(entry)
    subs = []
    today = now.date()
    for members in groups.values():
        report = members[0].report
        sub = _submission(plan, sheet, header, report, members, problems, now=now, by=by)
        if sub is None:
            continue
        for p in check_submission(sub, UNWRITTEN, None, plan, today, units):
            placed = _placed(sheet, header, report, members, p)
            (problems if p.is_error else reading.warnings).append(placed)
        subs.append(sub)
    return subs


def _submission(plan: Plan, sheet: Sheet, header: Header, report: Report, members: list[Entry],
                problems: list[Problem], *, now: dt.datetime, by: str) -> Submission | None:
    """The submission of one report's entries, or None with its problems added."""
    first = members[0].row
    rows = sorted({e.row for e in members})
    notes = list(dict.fromkeys(e.note for e in members if e.note))
    (source, note, author), wrong = clean_texts(report.source, "; ".join(notes) or None, by)
    values = {e.indicator: e.value for e in members if not e.is_base}
    bases: dict[str, Decimal] = {e.indicator: e.value for e in members if e.is_base}
    if not wrong:
        imported = Imported(sha256=sheet.sha256, file=_file_name(sheet.path), sheet=sheet.name, row=first)
        sub, wrong = new_submission(
            plan=plan.year, agency=report.agency, unit=report.unit, reported=report.reported, as_of=report.as_of,
            source=source, values=values, bases=bases, done=[], note=note, recorded_at=now, recorded_by=author,
            imported=imported)
        if sub is not None:
            return sub
    together = msg(" (rows {rows} together)", rows=", ".join(map(str, rows))) if len(rows) > 1 else ""
    for p in wrong:
        key = p.field or ""
        if key in header.index:
            text = msg("{column}: {problem}{together}", column=header.name(key), problem=p.message, together=together)
            problems.append(sheet.error(first, header.index[key], p.code, text, key))
        else:
            option = TEXT_OPTIONS.get(key) or OPTIONS.get(key) or key
            problems.append(sheet.error(first, None, p.code, msg("{option} {problem}{together}", option=option,
                                                                  problem=p.message, together=together), key))
    return None


def _file_name(path: Path) -> str:
    """The sheet file's name, as a report keeps it (one line, at most 300 characters)."""
    return escaped(path.name)[:300] or "-"


def _place(sheet: Sheet, entry: Entry) -> str:
    """Where an entry is, as a message names it: Sheet1!E7, or row 7 of a CSV file."""
    return sheet.cell(entry.row, entry.col) or msg("row {row}", row=entry.row)


def _placed(sheet: Sheet, header: Header, report: Report, members: list[Entry], p: Problem) -> Problem:
    """A problem `check_submission` found in a report, at the cell it concerns (the value of a
    figure, the cell or option that gave the agency or the unit), naming its column or option."""
    field_name = p.field or ""
    key, _, indicator = field_name.partition(".")
    entry = None
    if key in ("values", "bases"):
        entry = next((e for e in members if e.indicator == indicator and e.is_base == (key == "bases")), None)
    if entry is not None:
        column = header.column(entry.col) if entry.col is not None else ""
        text = msg("{column}: {problem}", column=column, problem=p.message) if column else p.message
        return _with(p, sheet, entry.row, entry.col, text)
    column_key = {"reported": "date", "agency": "agency", "unit": "unit", "as_of": "as_of"}.get(key)
    first = members[0].row
    if column_key is not None and column_key in header.index:
        return _with(p, sheet, first, header.index[column_key],
                     msg("{column}: {problem}", column=header.name(column_key), problem=p.message))
    if column_key is not None and column_key in OPTIONS:
        return _with(p, sheet, first, None, msg("{option}: {problem}", option=OPTIONS[column_key], problem=p.message))
    return _with(p, sheet, first, None, p.message)


def _with(p: Problem, sheet: Sheet, row: int, col: int | None, text: str) -> Problem:
    make = sheet.error if p.is_error else sheet.warning
    return make(row, col, p.code, text, p.field)

