"""Recording a report: from what the analyst typed to a checked, stored submission."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from giamngheo.checks.submission import UNWRITTEN, check_submission
from giamngheo.core.messages import msg
from giamngheo.core.numbers import parse_count, parse_percent
from giamngheo.core.problems import Problem, UserError, error, errors_in
from giamngheo.core.text import BAD_IN_LINE, BAD_IN_TEXT, MAX_LINE_CHARS, MAX_NOTE_CHARS, nfc, text_problems
from giamngheo.intake.lookup import find_agency, find_indicator, find_task, find_unit
from giamngheo.model.fields import model_problems
from giamngheo.model.plan import Indicator, Plan
from giamngheo.model.submission import PROVINCE, Submission
from giamngheo.model.units import Units
from giamngheo.store.submissions import write_submission

T = TypeVar("T")

# The options of `record` that give each text of a submission.
OPTIONS = {"source": "--source", "note": "--note", "recorded_by": "--by"}


def parse_value(ind: Indicator, text: str) -> Decimal:
    """TEXT as a figure of IND: a whole count, or a percentage from 0 to 100."""
    if ind.is_rate:
        return parse_percent(text)
    return Decimal(parse_count(text))


def parse_assignments(pairs: Sequence[str], option: str | None = None) -> list[tuple[str, str]]:
    """`INDICATOR=VALUE` arguments (of OPTION, such as --base) as (indicator, value) pairs; every
    malformed one refused at once."""
    out, problems = [], []
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip() or not value.strip():
            problems.append(error(None, None, "not-a-figure", msg(
                "'{argument}': write each figure as INDICATOR=VALUE, such as bhyt-can-ngheo=340.112", argument=pair)
                if option is None else msg(
                "{option} '{argument}': write each base as RATE=COUNT, such as nha-tieu-ty-le=8.900",
                option=option, argument=pair), pair))
        else:
            out.append((name.strip(), value.strip()))
    if problems:
        raise UserError(*problems)
    return out


def clean_texts(source: str, note: str | None, by: str) -> tuple[tuple[str, str | None, str], list[Problem]]:
    """The source, note and author as stored (spaces tidied, NFC), and what keeps each from being stored.

    Each problem's FIELD is the submission's key (`source`, `note`, `recorded_by`); its message
    says what is wrong with the text without naming it, for the caller to name.
    """
    source_text = nfc(" ".join(source.split()))
    note_text = nfc(note.strip()) if note and note.strip() else None
    author = nfc(by.strip() or "unknown")
    problems = []
    if not source_text:
        problems.append(error(None, None, "empty-source",
                              msg("is empty: give the report's number, such as 245/BC-SYT"), "source"))
    # The YAML reader refuses these characters too, so a file holding them could never be read back.
    for key, text, limit, bad in (("source", source_text, MAX_LINE_CHARS, BAD_IN_LINE),
                                  ("note", note_text or "", MAX_NOTE_CHARS, BAD_IN_TEXT),
                                  ("recorded_by", author, MAX_LINE_CHARS, BAD_IN_LINE)):
        problems += [error(None, None, code, m, key) for code, m in text_problems(text, limit, bad)]
    return (source_text, note_text, author), problems


def new_submission(**fields: object) -> tuple[Submission | None, list[Problem]]:
    """A Submission of FIELDS, or None and the problems the schema finds (each naming its key in FIELD)."""
    try:
        return Submission(**fields), []  # type: ignore[arg-type]
    except ValidationError as exc:
        return None, model_problems(Submission, exc, UNWRITTEN, None)


def build_submission(
    plan: Plan,
    *,
    agency: str,
    reported: dt.date,
    source: str,
    values: Sequence[tuple[str, str]] = (),
    done: Sequence[str] = (),
    as_of: dt.date | None = None,
    note: str | None = None,
    by: str,
    now: dt.datetime,
    units: Units | None = None,
    unit: str | None = None,
    bases: Sequence[tuple[str, str]] = (),
    final: bool = False,
) -> Submission:
    """A submission from typed input; every mistake is raised at once, each naming its argument.

    UNIT names the unit the figures are about (default: the whole province); BASES give the
    base (mẫu số) of rates, as (rate, count) pairs; FINAL says the figures are the official result.
    """
    problems: list[Problem] = []
    agency_id = _named(problems, f"AGENCY {agency}", lambda: find_agency(plan, agency))
    unit_id: str | None = PROVINCE
    if unit is not None:
        unit_id = _named(problems, f"--unit {unit}", lambda: find_unit(units, unit)) if units is not None else unit
    base_figures: dict[str, Decimal] = {}
    for name, text in bases:
        argument = f"--base {name}={text}"
        ind_id = _named(problems, argument, lambda: find_indicator(plan, name))
        if ind_id is None:
            continue
        if not plan.indicator_by_id[ind_id].is_rate:
            problems.append(error(None, None, "base-of-a-count", msg(
                "{argument}: '{id}' is a count; a base (mẫu số) belongs to a rate, such as {example}",
                argument=argument, id=ind_id, example=_rate_of(plan, ind_id)), "--base"))
            continue
        count = _named(problems, argument, lambda: parse_count(text))
        if count is not None:
            base_figures[ind_id] = Decimal(count)
    figures: dict[str, Decimal] = {}
    for name, text in values:
        argument = f"{name}={text}"
        ind_id = _named(problems, argument, lambda: find_indicator(plan, name))
        if ind_id is None:
            continue
        if ind_id in figures:
            problems.append(error(None, None, "given-twice", msg("{argument}: '{id}' is given twice",
                                                                 argument=argument, id=ind_id), argument))
            continue
        value = _named(problems, argument, lambda: parse_value(plan.indicator_by_id[ind_id], text))
        if value is not None:
            figures[ind_id] = value
    tasks: list[str] = []
    for query in done:
        argument = f"--done {query}"
        task_id = _named(problems, argument, lambda: find_task(plan, query))
        if task_id in tasks:
            problems.append(error(None, None, "given-twice", msg("{argument}: '{id}' is given twice",
                                                                 argument=argument, id=task_id), "--done"))
        elif task_id is not None:
            tasks.append(task_id)
    today = now.date()
    if reported > today:
        problems.append(error(None, None, "future-date", msg("--date {day} is after today ({today})",
                                                             day=reported, today=today), "--date"))
    (source_text, note_text, author), wrong = clean_texts(source, note, by)
    problems += [_as_option(p) for p in wrong]
    if not figures and not tasks and not problems:
        problems.append(error(None, None, "nothing-to-record",
                              msg("nothing to record: give INDICATOR=VALUE figures or --done TASK")))
    if problems:
        raise UserError(*problems)
    assert agency_id is not None
    sub, problems = new_submission(
        plan=plan.year, agency=agency_id, unit=unit_id, reported=reported, as_of=as_of or reported,
        source=source_text, values=figures, bases=base_figures, done=tasks, final=final, note=note_text,
        recorded_at=now, recorded_by=author)
    if sub is None:
        raise UserError(*problems)
    return sub


def _rate_of(plan: Plan, indicator: str) -> str:
    """The rate paired with a count, for a hint; any rate when it has none."""
    pair = plan.pair_of(indicator)
    return pair.rate if pair is not None else next((i.id for i in plan.indicators if i.is_rate), "")


def _named(problems: list[Problem], argument: str, make: Callable[[], T]) -> T | None:
    """What MAKE gives, or None with its problems added, each saying the ARGUMENT it came from."""
    try:
        return make()
    except UserError as exc:
        problems.extend(error(None, None, p.code, msg("{argument}: {problem}", argument=argument, problem=p.message),
                              argument) for p in exc.problems)
        return None


def _as_option(problem: Problem) -> Problem:
    """A text's problem, said of the option that gave the text: `--source is empty …`."""
    option = OPTIONS.get(problem.field or "", problem.field or "")
    return error(None, None, problem.code, msg("{option} {problem}", option=option, problem=problem.message), option)


def check_new(plan: Plan, sub: Submission, units: Units | None = None) -> list[Problem]:
    """The errors `validate` would find in SUB once stored, on the day it is recorded."""
    return errors_in(check_submission(sub, UNWRITTEN, None, plan, sub.recorded_at.date(), units))


def record(plan: Plan, sub: Submission, folder: Path, units: Units | None = None) -> Path:
    """Check SUB with the same checks as `validate`, then store it; nothing is written on failure."""
    problems = check_new(plan, sub, units)
    if problems:
        raise UserError(*problems)
    return write_submission(sub, folder)
