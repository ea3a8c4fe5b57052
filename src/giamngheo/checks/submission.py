"""A submission's checks against the plan and the day: who, what, which values, which dates."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Protocol

from giamngheo.core.messages import msg
from giamngheo.core.problems import Problem, error, warning
from giamngheo.core.text import did_you_mean
from giamngheo.core.yamlsafe import YamlDoc
from giamngheo.model.plan import Plan, unit_word
from giamngheo.model.submission import PROVINCE, Stored, Submission
from giamngheo.model.units import Units

# The document of a submission that is not a file yet: no lines to point to.
UNWRITTEN = YamlDoc(None, {})


class Lines(Protocol):
    """Where each key of a file is: a YamlDoc, or anything that finds the line of a key path."""

    def line_of(self, loc: tuple[Any, ...]) -> int | None: ...


def check_submission(sub: Submission | Stored, doc: Lines, file: str | None, plan: Plan, today: dt.date,
                     units: Units | None = None) -> list[Problem]:
    """A submission names a known agency, unit, indicators and tasks, with values that fit their
    units and that the agency may report; and it was not recorded after TODAY or reported after
    it was recorded.

    Each problem's FIELD is the key it concerns (`agency`, `values.nha-o`, `done`, `as_of` …).
    """
    if _is_clean(sub, plan, today, units):  # nearly every file: every rule below, checked at once
        return []
    problems = []
    agency = plan.agency_by_id.get(sub.agency)
    if agency is None:
        problems.append(error(file, doc.line_of(("agency",)), "unknown-agency", msg(
            "unknown agency '{agency}'{hint}", agency=sub.agency, hint=did_you_mean(sub.agency, list(plan.agency_by_id))),
            "agency"))
    for_province = sub.unit == PROVINCE
    if units is not None and not units.is_known(sub.unit):
        problems.append(error(file, doc.line_of(("unit",)), "unknown-unit", msg(
            "unknown unit '{unit}'{hint}", unit=sub.unit, hint=did_you_mean(sub.unit, [PROVINCE, *units.unit_by_id])),
            "unit"))
    elif agency is not None and agency.for_units and for_province:
        problems.append(error(file, doc.line_of(("agency",)), "needs-unit", msg(
            "{agency} reports for one district, town or city at a time: name it (--unit)", agency=sub.agency),
            "unit"))
    if sub.plan != plan.year:
        problems.append(error(file, doc.line_of(("plan",)), "other-plan", msg(
            "the submission is for the {year} plan, not this one ({this})", year=sub.plan, this=plan.year), "plan"))
    for key, value in sub.values.items():  # every file passes here: look up lines only for problems
        ind = plan.indicator_by_id.get(key)
        if ind is None:
            problems.append(error(file, doc.line_of(("values", key)), "unknown-indicator", msg(
                "unknown indicator '{indicator}'{hint}", indicator=key, hint=did_you_mean(key, list(plan.indicator_by_id))),
                f"values.{key}"))
            continue
        if wrong := value_problems(value, ind.unit):
            problems.extend(error(file, doc.line_of(("values", key)), "bad-figure",
                                  msg("{indicator}: {problem}", indicator=key, problem=m), f"values.{key}") for m in wrong)
        if agency is not None and not (agency.for_units and for_province) and not plan.may_report(
                sub.agency, key, for_province):
            problems.append(error(file, doc.line_of(("values", key)), "not-responsible",
                                  not_responsible(plan, sub.agency, key), f"values.{key}"))
    for key, base in sub.bases.items():
        ind = plan.indicator_by_id.get(key)
        line = doc.line_of(("bases", key))
        if ind is None:
            problems.append(error(file, line, "unknown-indicator", msg(
                "unknown indicator '{indicator}'{hint}", indicator=key, hint=did_you_mean(key, list(plan.indicator_by_id))),
                f"bases.{key}"))
        elif not ind.is_rate:
            problems.append(error(file, line, "base-of-a-count", msg(
                "bases: '{indicator}' is a count; a base (mẫu số) belongs to a rate", indicator=key), f"bases.{key}"))
        elif base <= 0 or base != base.to_integral_value():
            problems.append(error(file, line, "bad-figure", msg(
                "bases: {indicator}: {value} is not a whole number above 0", indicator=key, value=base), f"bases.{key}"))
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


def _is_clean(sub: Submission | Stored, plan: Plan, today: dt.date, units: Units | None) -> bool:
    """True when SUB breaks none of check_submission's rules; the full check says which one it breaks."""
    agency = plan.agency_by_id.get(sub.agency)
    if (agency is None or sub.plan != plan.year or sub.bases or (not sub.values and not sub.done)
            or sub.as_of > sub.reported or (plan.plan.period.start - sub.as_of).days > 366):
        return False
    recorded_on = sub.recorded_at.date()
    if recorded_on > today or sub.reported > recorded_on:
        return False
    for_province = sub.unit == PROVINCE
    if agency.for_units and for_province:
        return False
    if units is not None and not units.is_known(sub.unit):
        return False
    allowed = plan.reportable(sub.agency, for_province)
    rates = plan.rate_ids
    for key, value in sub.values.items():
        if key not in allowed:
            return False
        if key in rates:
            if not 0 <= value <= 100:
                return False
        elif value < 0 or value != value.to_integral_value():
            return False
    return not sub.done


def not_responsible(plan: Plan, agency: str, indicator: str) -> str:
    """Why AGENCY may not report INDICATOR, naming who may."""
    who = ", ".join(f"{a} ({plan.agency_by_id[a].name})" for a in plan.reporters.get(indicator, ())
                    if a in plan.agency_by_id)
    if not who:
        return msg("{agency} may not report {indicator}: no task of the plan covers it", agency=agency,
                   indicator=indicator)
    return msg("{agency} may not report {indicator}: the plan gives it to {who}, and to the districts for their own "
               "units. To enter another agency's figure, record it under that agency with its document (--source)",
               agency=agency, indicator=indicator, who=who)


def value_problems(value: Decimal, unit: str) -> list[str]:
    """What is wrong with VALUE as a figure in UNIT (empty when it fits)."""
    if unit == "percent":
        return [] if 0 <= value <= 100 else [msg("{value:num}% is outside 0–100", value=value)]
    if value < 0:
        return [msg("{value:num} is negative; a count must be 0 or more", value=value)]
    if value != value.to_integral_value():
        return [msg("{value:num} is not a whole number of {unit}", value=value, unit=unit_word(unit))]
    return []


def _repeats(items: Iterable[str]) -> list[str]:
    return [item for item, n in Counter(items).items() if n > 1]
