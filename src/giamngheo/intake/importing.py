"""Importing figures from a sheet: one row per figure; each agency's report becomes one submission.

The whole sheet is read and checked before anything is written, and every mistake is a
problem at its row, naming its column. Names, numbers and dates follow the rules of
`giamngheo record`; cells that Excel already holds as numbers or dates are taken as such and
never re-read as Vietnamese text.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from giamngheo.checks.submission import UNWRITTEN, check_submission
from giamngheo.core.formats import format_date
from giamngheo.core.messages import msg
from giamngheo.core.numbers import InputError, parse_date
from giamngheo.core.problems import Problem, UserError, error, errors_in
from giamngheo.intake.lookup import find_agency, find_indicator
from giamngheo.intake.record import OPTIONS, clean_texts, new_submission, parse_value
from giamngheo.intake.sheets import Cells, Columns, RowsRefused, SheetError, is_empty, map_header, read_sheet
from giamngheo.model.plan import Indicator, Plan
from giamngheo.model.submission import Submission
from giamngheo.store.batch import write_batch


@dataclass(frozen=True)
class Row:
    """One good row of a sheet: the figure it gives and the report it belongs to."""

    line: int
    agency: str
    indicator: str
    value: Decimal
    reported: dt.date
    as_of: dt.date
    source: str
    note: str | None

    @property
    def report_key(self) -> tuple[str, dt.date, dt.date, str]:
        """The rows that share this key make one submission."""
        return (self.agency, self.reported, self.as_of, self.source)


def plan_import(plan: Plan, path: Path, *, now: dt.datetime, by: str) -> list[Submission]:
    """The submissions a sheet holds, checked like `record`; a SheetError listing every mistake otherwise."""
    rows = read_sheet(path)
    columns = map_header(path, rows[0][1])
    if len(rows) == 1:
        raise SheetError(error(path, None, "no-rows", msg("the sheet has headers but no figures")))
    return _build(plan, path, rows[1:], columns, now=now, by=by)


def store_import(plan: Plan, subs: Sequence[Submission], folder: Path) -> list[Path]:
    """Store the imported submissions all or nothing, checked once more as `validate` would."""
    problems = [p for sub in subs for p in errors_in(check_submission(sub, UNWRITTEN, None, plan, sub.recorded_at.date()))]
    if problems:
        raise UserError(*problems)
    return write_batch(subs, folder)


def _build(plan: Plan, path: Path, rows: list[tuple[int, Cells]], columns: Columns, *,
           now: dt.datetime, by: str) -> list[Submission]:
    """Check every row, group good rows into reports and build them; all problems raised at once."""
    problems: list[Problem] = []
    good: list[Row] = []
    seen: dict[tuple[str, str, dt.date], int] = {}
    # A sheet names the same few agencies and indicators on every row, and a lookup folds every
    # name in the plan: remember each answer for this import.
    agency_of = functools.lru_cache(maxsize=None)(lambda text: find_agency(plan, text))
    indicator_of = functools.lru_cache(maxsize=None)(lambda text: find_indicator(plan, text))
    for line, cells in rows:
        row, wrong = _read_row(plan, path, line, cells, columns, now.date(), agency_of, indicator_of)
        if row is not None:
            # Within one import every file has the same recorded_at, so which of two values for
            # one figure would count could not be told apart: each figure may appear once.
            key = (row.agency, row.indicator, row.as_of)
            if key in seen:
                wrong.append(error(path, line, "given-twice", msg(
                    "{column}: {agency}'s {indicator} as of {day:date} is already given in row {first}; "
                    "give each figure once per sheet", column=columns.name("indicator"), agency=row.agency,
                    indicator=row.indicator, day=row.as_of, first=seen[key]), "indicator"))
            else:
                seen[key] = line
                good.append(row)
        problems += wrong
    # Reports are built from the good rows even when others are bad, so one run shows everything.
    subs = _group(plan, path, good, columns, problems, now=now, by=by)
    if problems:
        raise RowsRefused(*sorted(problems, key=lambda p: p.line or 0))
    return subs


def _read_row(plan: Plan, path: Path, line: int, cells: Cells, columns: Columns, today: dt.date,
              agency_of: Callable[[str], str], indicator_of: Callable[[str], str]) -> tuple[Row | None, list[Problem]]:
    """The figure a row gives, or None and what is wrong with it, each naming its column."""
    wrong: list[Problem] = []

    def cell(key: str, read: Callable[[Any], Any], required: bool = True) -> Any:
        i = columns.index.get(key)
        value = cells[i] if i is not None and i < len(cells) else None
        if is_empty(value):
            if required:
                wrong.append(error(path, line, "empty-cell", msg("{column}: is empty", column=columns.name(key)), key))
            return None
        try:
            return read(value)
        except UserError as exc:
            wrong.extend(error(path, line, p.code, msg("{column}: {problem}", column=columns.name(key), problem=p.message),
                               key) for p in exc.problems)
            return None

    agency = cell("agency", lambda v: agency_of(_as_text(v)))
    indicator = cell("indicator", lambda v: indicator_of(_as_text(v)))
    ind = plan.indicator_by_id[indicator] if indicator else None
    # Whether a value fits depends on its indicator; with none known, only an empty cell is wrong.
    value = cell("value", lambda v: _as_figure(v, ind) if ind else None)
    reported = cell("date", _as_date)
    if reported is not None and reported > today:
        wrong.append(error(path, line, "future-date", msg("{column}: {day:date} is after today ({today:date})",
                                                          column=columns.name("date"), day=reported, today=today), "date"))
    as_of = cell("as_of", _as_date, required=False)
    source = cell("source", _as_text)
    note = cell("note", _as_text, required=False)
    wrong += [error(path, line, "no-header", msg("{column}: has a value but no header", column=name))
              for _, name in columns.stray(cells)]
    if wrong:
        return None, wrong
    return Row(line, agency, indicator, value, reported, as_of or reported, " ".join(source.split()), note), wrong


def _as_text(value: Any) -> str:
    """A cell as text: a name, a report number or a note."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        raise InputError.of("not-text", msg("{value} is a yes/no cell; type text", value=_shown(value)))
    if isinstance(value, (dt.date, dt.time)):
        # Excel turns a report number such as 12/2017 into a date as it is typed.
        raise InputError.of("not-text", msg("{value} is a date, not text; format the column as Text and type it again",
                                         value=_shown(value)))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal) and value.is_finite():
        return format(value, "f")
    raise InputError.of("not-text", msg("{value} is not text", value=_shown(value)))


def _as_figure(value: Any, ind: Indicator) -> Decimal:
    """A value cell as a figure of IND: text read as `record` reads it, number cells kept as numbers."""
    if isinstance(value, str):
        return parse_value(ind, value)
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise InputError.of("not-a-number", msg("{value} is not a number", value=_shown(value)))
    number = Decimal(value)
    if not number.is_finite():
        raise InputError.of("not-a-number", msg("{value} is not a number", value=_shown(value)))
    if ind.is_rate:
        text = format(number, "f")
    elif number == number.to_integral_value():
        text = str(int(number))
    else:
        # The cell holds a number, so 340.112 here is three hundred and forty, not a Vietnamese
        # 340 thousand: never re-read it as text.
        raise InputError.of("not-whole", msg(
            "{value} is not a whole number of {unit}; a count cannot have decimals (to type 340.112 the Vietnamese "
            "way, format the cell as Text)", value=format(number, "f"), unit=ind.unit))
    return parse_value(ind, text)


def _as_date(value: Any) -> dt.date:
    """A cell as a date: a date cell, or text typed dd/mm/yyyy or yyyy-mm-dd."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return parse_date(value)
    raise InputError.of("not-a-date", msg(
        "{value} is not a date; type dd/mm/yyyy (08/12/2017) or format the cell as a date", value=_shown(value)))


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


def _group(plan: Plan, path: Path, rows: list[Row], columns: Columns, problems: list[Problem], *,
           now: dt.datetime, by: str) -> list[Submission]:
    """One submission per (agency, report date, as-of date, source), in the order the sheet gives them."""
    groups: dict[tuple[str, dt.date, dt.date, str], list[Row]] = {}
    for row in rows:
        groups.setdefault(row.report_key, []).append(row)
    subs = []
    for (agency, reported, as_of, source), members in groups.items():
        first = members[0].line
        notes = list(dict.fromkeys(r.note for r in members if r.note))
        # Problems of a whole report are told at its first row, naming every row it is made of.
        rows_of = ", ".join(str(r.line) for r in members) if len(members) > 1 else None

        def told(p: Problem, wording: Callable[[Problem], str]) -> Problem:
            text = wording(p)
            if rows_of is not None:
                text = msg("{problem} (rows {rows} together)", problem=text, rows=rows_of)
            return error(path, first, p.code, text, p.field)

        (source_text, note_text, author), wrong = clean_texts(source, "; ".join(notes) or None, by)
        if wrong:
            problems += [told(p, lambda p: _in_column(columns, p)) for p in wrong]
            continue
        sub, wrong = new_submission(
            plan=plan.year, agency=agency, reported=reported, as_of=as_of, source=source_text,
            values={r.indicator: r.value for r in members}, done=[], note=note_text, recorded_at=now, recorded_by=author)
        if sub is None:
            problems += [told(p, lambda p: _in_column(columns, p)) for p in wrong]
            continue
        problems += [told(p, lambda p: p.message)
                     for p in errors_in(check_submission(sub, UNWRITTEN, None, plan, now.date()))]
        subs.append(sub)
    return subs


def _in_column(columns: Columns, problem: Problem) -> str:
    """A problem of a submission's text, said of the sheet's column that gave the text, else of
    the option (`--by` names who imports)."""
    if problem.field in columns.index:
        return msg("{column}: {problem}", column=columns.name(problem.field), problem=problem.message)
    return msg("{option} {problem}", option=OPTIONS.get(problem.field or "", problem.field or ""),
               problem=problem.message)
