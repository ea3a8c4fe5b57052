"""Recording a report: from what the analyst typed to a checked, stored submission."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path

from giamngheo.checks import check_submission
from giamngheo.lookup import LookupFailed, find_agency, find_indicator, find_task
from giamngheo.numbers import InputError, parse_count, parse_percent
from giamngheo.plan import Indicator, Plan
from giamngheo.submissions import Submission, dump_submission, write_submission
from giamngheo.text import nfc
from giamngheo.yamlsafe import parse_yaml


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
    tasks = [t for t in (_try(mistakes, lambda: find_task(plan, q), prefix=f"--done {q}: ") for q in done) if t is not None]
    today = now.date()
    if reported > today:
        mistakes.append(f"--date {reported.isoformat()} is after today ({today.isoformat()})")
    if not source.strip():
        mistakes.append("--source is empty: give the report's number, such as 245/BC-SYT")
    if not figures and not tasks and not mistakes:
        mistakes.append("nothing to record: give INDICATOR=VALUE figures or --done TASK")
    if mistakes:
        raise InputError("\n".join(mistakes))
    assert agency_id is not None
    return Submission(
        agency=agency_id, reported=reported, as_of=as_of or reported, source=nfc(" ".join(source.split())),
        values=figures, done=tasks, note=nfc(note.strip()) if note and note.strip() else None,
        recorded_at=now, recorded_by=nfc(by.strip() or "unknown"),
    )


def _try(mistakes: list[str], make, prefix: str = ""):  # type: ignore[no-untyped-def]
    try:
        return make()
    except (InputError, LookupFailed) as exc:
        mistakes.append(prefix + str(exc))
        return None


def record(plan: Plan, sub: Submission, folder: Path) -> Path:
    """Check SUB with the same checks as `validate`, then store it; nothing is written on failure."""
    name = "<new submission>"
    doc = parse_yaml(dump_submission(sub), name)
    problems = [p for p in check_submission(sub, doc, name, plan) if p.severity == "error"]
    if problems:
        raise InputError("\n".join(p.message for p in problems))
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

