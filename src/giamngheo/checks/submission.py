"""A submission's checks against the plan and the day: who, what, which values, which dates."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

from giamngheo.core.messages import msg
from giamngheo.core.problems import Problem, error, warning
from giamngheo.core.text import did_you_mean
from giamngheo.core.yamlsafe import YamlDoc
from giamngheo.model.plan import Plan
from giamngheo.model.submission import Submission

# The document of a submission that is not a file yet: no lines to point to.
UNWRITTEN = YamlDoc(None, {})


def check_submission(sub: Submission, doc: YamlDoc, file: str, plan: Plan, today: dt.date) -> list[Problem]:
    """A submission names a known agency, indicators and tasks, with values that fit their units,
    and was not recorded after TODAY or reported after it was recorded.

    Each problem's FIELD is the key it concerns (`agency`, `values.nha-o`, `done`, `as_of` …).
    """
    problems = []
    if sub.agency not in plan.agency_by_id:
        problems.append(error(file, doc.line_of(("agency",)), "unknown-agency", msg(
            "unknown agency '{agency}'{hint}", agency=sub.agency, hint=did_you_mean(sub.agency, list(plan.agency_by_id))),
            "agency"))
    for key, value in sub.values.items():  # every file passes here: look up lines only for problems
        ind = plan.indicator_by_id.get(key)
        if ind is None:
            problems.append(error(file, doc.line_of(("values", key)), "unknown-indicator", msg(
                "unknown indicator '{indicator}'{hint}", indicator=key, hint=did_you_mean(key, list(plan.indicator_by_id))),
                f"values.{key}"))
        elif wrong := value_problems(value, ind.unit):
            problems.extend(error(file, doc.line_of(("values", key)), "bad-figure",
                                  msg("{indicator}: {problem}", indicator=key, problem=m), f"values.{key}") for m in wrong)
    for k, task_id in enumerate(sub.done):
        task = plan.assignment_by_id.get(task_id)
        line = doc.line_of(("done", k))
        if task is None:
            problems.append(error(file, line, "unknown-task", msg(
                "unknown task '{task}'{hint}", task=task_id, hint=did_you_mean(task_id, list(plan.assignment_by_id))),
                "done"))
        elif sub.agency not in task.agencies:
            problems.append(error(file, line, "not-their-task", msg(
                "task '{task}' is not assigned to '{agency}'", task=task_id, agency=sub.agency), "done"))
        elif task.covers:
            problems.append(error(file, line, "done-needs-figures", msg(
                "task '{task}' is met by reporting its figures ({figures}), not by marking it done",
                task=task_id, figures=", ".join(task.covers)), "done"))
    recorded_on = sub.recorded_at.date()
    if recorded_on > today:
        problems.append(error(file, doc.line_of(("recorded_at",)), "future-date", msg(
            "recorded_at {day} is after today ({today})", day=recorded_on, today=today), "recorded_at"))
    if sub.as_of > sub.reported:
        problems.append(error(file, doc.line_of(("as_of",)), "as-of-after-report", msg(
            "as_of {as_of} is after the report date {reported}: a report gives figures up to its own date",
            as_of=sub.as_of, reported=sub.reported), "as_of"))
    if sub.reported > recorded_on:
        problems.append(error(file, doc.line_of(("reported",)), "future-date", msg(
            "reported {reported} is after the day it was recorded ({day})", reported=sub.reported, day=recorded_on),
            "reported"))
    if (plan.plan.period.start - sub.as_of).days > 366:
        problems.append(warning(file, doc.line_of(("as_of",)), "early-date",
                                msg("as_of {as_of} is long before the plan period", as_of=sub.as_of), "as_of"))
    if not sub.values and not sub.done:
        problems.append(error(file, doc.line_of(()), "empty-submission",
                              msg("the submission has no values and no completed tasks")))
    for dup in _repeats(sub.done) if len(sub.done) > 1 else ():
        problems.append(warning(file, doc.line_of(("done",)), "repeated-task",
                                msg("task '{task}' is listed twice", task=dup), "done"))
    return problems


def value_problems(value: Decimal, unit: str) -> list[str]:
    """What is wrong with VALUE as a figure in UNIT (empty when it fits)."""
    if unit == "percent":
        return [] if 0 <= value <= 100 else [msg("{value}% is outside 0–100", value=value)]
    if value < 0:
        return [msg("{value} is negative; a count must be 0 or more", value=value)]
    if value != value.to_integral_value():
        return [msg("{value} is not a whole number of {unit}", value=value, unit=unit)]
    return []


def _repeats(items: Iterable[str]) -> list[str]:
    return [item for item, n in Counter(items).items() if n > 1]
