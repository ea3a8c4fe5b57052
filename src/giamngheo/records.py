"""Recording a report: from what the analyst typed to a checked, stored submission."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path

from giamngheo.checks import check_submission
from giamngheo.lookup import LookupFailed, find_agency, find_indicator, find_task
from giamngheo.numbers import InputError, parse_count, parse_percent
from giamngheo.plan import Indicator, Plan
from giamngheo.submissions import Submission, dump_submission, write_submission
from giamngheo.text import BAD_IN_LINE, BAD_IN_TEXT, nfc
from giamngheo.yamlsafe import parse_yaml

# What a stored submission allows (see `Submission`): a one-line text, and a note of several lines.
MAX_LINE_CHARS = 300
MAX_NOTE_CHARS = 2000


def parse_value(ind: Indicator, text: str) -> Decimal:
    """TEXT as a figure of IND: a whole count, or a percentage from 0 to 100."""
    if ind.is_rate:
        return parse_percent(text)
    return Decimal(parse_count(text))


def parse_assignments(pairs: Sequence[str]) -> list[tuple[str, str]]:
    """`INDICATOR=VALUE` arguments as (indicator, value) pairs."""
    out = []
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise InputError(f"'{pair}': write each figure as INDICATOR=VALUE, such as bhyt-can-ngheo=340.112")
        out.append((name.strip(), value.strip()))
    return out


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
) -> Submission:
    """A submission from typed input; every mistake is reported at once, naming its argument."""
    mistakes: list[str] = []
    agency_id = _try(mistakes, lambda: find_agency(plan, agency), prefix=f"AGENCY {agency}: ")
    figures: dict[str, Decimal] = {}
    for name, text in values:
        ind_id = _try(mistakes, lambda: find_indicator(plan, name), prefix=f"{name}={text}: ")
        if ind_id is None:
            continue
        if ind_id in figures:
            mistakes.append(f"{name}={text}: '{ind_id}' is given twice")
            continue
        value = _try(mistakes, lambda: parse_value(plan.indicator_by_id[ind_id], text), prefix=f"{name}={text}: ")
        if value is not None:
            figures[ind_id] = value
    tasks: list[str] = []
    for query in done:
        task_id = _try(mistakes, lambda: find_task(plan, query), prefix=f"--done {query}: ")
        if task_id in tasks:
            mistakes.append(f"--done {query}: '{task_id}' is given twice")
        elif task_id is not None:
            tasks.append(task_id)
    today = now.date()
    if reported > today:
        mistakes.append(f"--date {reported.isoformat()} is after today ({today.isoformat()})")
    source_text = nfc(" ".join(source.split()))
    note_text = nfc(note.strip()) if note and note.strip() else None
    author = nfc(by.strip() or "unknown")
    if not source_text:
        mistakes.append("--source is empty: give the report's number, such as 245/BC-SYT")
    # The YAML reader refuses these characters too, so a file holding them could never be read back.
    mistakes += text_problems("--source", source_text, MAX_LINE_CHARS, BAD_IN_LINE)
    mistakes += text_problems("--note", note_text or "", MAX_NOTE_CHARS, BAD_IN_TEXT)
    mistakes += text_problems("--by", author, MAX_LINE_CHARS, BAD_IN_LINE)
    if not figures and not tasks and not mistakes:
        mistakes.append("nothing to record: give INDICATOR=VALUE figures or --done TASK")
    if mistakes:
        raise InputError("\n".join(mistakes))
    assert agency_id is not None
    return Submission(
        agency=agency_id, reported=reported, as_of=as_of or reported, source=source_text,
        values=figures, done=tasks, note=note_text, recorded_at=now, recorded_by=author,
    )


def text_problems(option: str, text: str, limit: int, bad: re.Pattern[str]) -> list[str]:
    """What keeps TEXT, given as OPTION, from being stored (empty when it can be)."""
    problems = []
    if found := bad.search(text):
        problems.append(f"{option} holds the invisible or unprintable character U+{ord(found.group()):04X}; remove it")
    if len(text) > limit:
        problems.append(f"{option} is {len(text):,} characters long; at most {limit:,} are allowed")
    return problems


def _try(mistakes: list[str], make, prefix: str = ""):  # type: ignore[no-untyped-def]
    try:
        return make()
    except (InputError, LookupFailed) as exc:
        mistakes.append(prefix + str(exc))
        return None


def submission_errors(plan: Plan, sub: Submission) -> list[str]:
    """The errors `validate` would find in SUB once stored, on the day it is recorded."""
    name = "<new submission>"
    doc = parse_yaml(dump_submission(sub), name)
    today = sub.recorded_at.date()
    return [p.message for p in check_submission(sub, doc, name, plan, today) if p.severity == "error"]


def record(plan: Plan, sub: Submission, folder: Path) -> Path:
    """Check SUB with the same checks as `validate`, then store it; nothing is written on failure."""
    problems = submission_errors(plan, sub)
    if problems:
        raise InputError("\n".join(problems))
    return write_submission(sub, folder)


def default_author(env: Mapping[str, str]) -> str:
    """Who is recording: the git user name, else the login name."""
    import getpass
    import subprocess

    try:
        name = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, timeout=2).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        name = ""
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # getpass raises several kinds when no user is known
        return env.get("USER", "unknown")

