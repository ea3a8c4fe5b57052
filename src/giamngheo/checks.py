"""Checks beyond the types: each a small pure function that returns problems."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from giamngheo.numbers import decimals_of, format_number
from giamngheo.plan import Pair, Plan
from giamngheo.problems import Problem, error, warning
from giamngheo.submissions import Submission
from giamngheo.text import did_you_mean
from giamngheo.yamlsafe import YamlDoc

COLLECTIONS = ("documents", "groups", "indicators", "pairs", "agencies", "assignments")
MAX_HINTS = 50


def check_plan(plan: Plan, doc: YamlDoc, file: str) -> list[Problem]:
    """Every cross-check of the plan, in one list."""
    return [
        *check_unique_ids(plan, doc, file),
        *check_references(plan, doc, file),
        *check_breakdowns(plan, doc, file),
        *check_percentages(plan, doc, file),
        *check_pairs(plan, doc, file),
        *check_deadlines(plan, doc, file),
    ]


def check_unique_ids(plan: Plan, doc: YamlDoc, file: str) -> list[Problem]:
    """Ids are unique within each list."""
    problems = []
    for collection in COLLECTIONS:
        seen: dict[str, int] = {}
        for index, item in enumerate(getattr(plan, collection)):
            line = doc.line_of((collection, index, "id"))
            if item.id in seen:
                first = doc.line_of((collection, seen[item.id], "id"))
                problems.append(error(file, line, "duplicate-id", f"{collection}: id '{item.id}' is used twice (first at line {first})"))
            else:
                seen[item.id] = index
    return problems


def check_references(plan: Plan, doc: YamlDoc, file: str) -> list[Problem]:
    """Every id that one part of the plan names exists in the part it refers to."""
    known = {
        "group": [g.id for g in plan.groups],
        "indicator": [i.id for i in plan.indicators],
        "agency": [a.id for a in plan.agencies],
        "document": [d.id for d in plan.documents],
    }
    known_sets = {kind: set(ids) for kind, ids in known.items()}
    problems: list[Problem] = []

    def ref(kind: str, value: str | None, loc: tuple) -> None:
        if value is not None and value not in known_sets[kind]:
            # "Did you mean" compares with every id; past a few dozen unknown ids it would
            # cost seconds on a hostile file, and nobody reads that many hints.
            hint = did_you_mean(value, known[kind]) if len(problems) < MAX_HINTS else ""
            problems.append(error(file, doc.line_of(loc), "unknown-reference", f"unknown {kind} '{value}'{hint}"))

    for i, ind in enumerate(plan.indicators):
        ref("group", ind.group, ("indicators", i, "group"))
        ref("indicator", ind.parent, ("indicators", i, "parent"))
        for k, cite in enumerate(ind.cites):
            ref("document", cite, ("indicators", i, "cites", k))
    for i, pair in enumerate(plan.pairs):
        ref("indicator", pair.count, ("pairs", i, "count"))
        ref("indicator", pair.rate, ("pairs", i, "rate"))
    for i, task in enumerate(plan.assignments):
        for field in ("agencies", "partners", "covers", "cites"):
            kind = {"agencies": "agency", "partners": "agency", "covers": "indicator", "cites": "document"}[field]
            for k, value in enumerate(getattr(task, field)):
                ref(kind, value, ("assignments", i, field, k))
        ref("agency", task.reports_to, ("assignments", i, "reports_to"))
        ref("agency", task.via, ("assignments", i, "via"))
    return problems


def check_breakdowns(plan: Plan, doc: YamlDoc, file: str) -> list[Problem]:
    """Breakdown parts share their whole's unit, go one level deep, and add up to it."""
    problems = []
    by_id = plan.indicator_by_id
    for i, part in enumerate(plan.indicators):
        whole = by_id.get(part.parent) if part.parent else None
        if whole is None:
            continue
        line = doc.line_of(("indicators", i, "parent"))
        if whole.id == part.id or whole.parent is not None:
            problems.append(error(file, line, "bad-parent", f"'{part.id}': a part's whole must be a top-level target"))
        elif part.unit != whole.unit:
            problems.append(error(file, line, "unit-mismatch",
                                  f"'{part.id}' is in {part.unit} but its whole '{whole.id}' is in {whole.unit}"))
    for i, whole in enumerate(plan.indicators):
        parts = plan.parts_of(whole.id)
        if not parts or whole.parent is not None:
            continue
        total = sum((p.target for p in parts), Decimal(0))
        if total != whole.target:
            shown = " + ".join(format_number(p.target) for p in parts)
            problems.append(error(file, doc.line_of(("indicators", i, "target")), "parts-sum",
                                  f"'{whole.id}': parts add up to {shown} = {format_number(total)}, "
                                  f"not the target {format_number(whole.target)}"))
    return problems


def check_percentages(plan: Plan, doc: YamlDoc, file: str) -> list[Problem]:
    """Percentages lie in 0–100; counts are whole numbers."""
    problems = []
    for i, ind in enumerate(plan.indicators):
        for field in ("target", "baseline"):
            value = getattr(ind, field)
            if value is None:
                continue
            line = doc.line_of(("indicators", i, field))
            if ind.is_rate and not 0 <= value <= 100:
                problems.append(error(file, line, "percent-range", f"'{ind.id}': {field} {value}% is outside 0–100"))
            if not ind.is_rate and value != value.to_integral_value():
                problems.append(error(file, line, "not-whole", f"'{ind.id}': {field} {value} {ind.unit} is not a whole number"))
    return problems


@dataclass(frozen=True)
class Implied:
    """The denominator a count/rate pair implies, with the range its rounding allows."""

    pair: Pair
    unit: str
    estimate: int
    low: Decimal
    high: Decimal


def implied_denominators(plan: Plan) -> list[Implied]:
    """For each pair: count ÷ rate, and the range allowed by the rate's last printed digit."""
    out = []
    for pair in plan.pairs:
        count = plan.indicator_by_id.get(pair.count)
        rate = plan.indicator_by_id.get(pair.rate)
        if count is None or rate is None or rate.target <= 0:
            continue
        half = Decimal(5) * Decimal(10) ** -(decimals_of(rate.target) + 1)
        estimate = int((count.target * 100 / rate.target).to_integral_value())
        low = count.target * 100 / (rate.target + half)
        # A rate target is at least one unit of its last decimal, so it always exceeds HALF.
        high = count.target * 100 / (rate.target - half)
        out.append(Implied(pair, count.unit, estimate, low, high))
    return out


def check_pairs(plan: Plan, doc: YamlDoc, file: str) -> list[Problem]:
    """Pairs link a count to a rate, agree with a given denominator, and agree with each other."""
    problems = []
    by_id = plan.indicator_by_id
    for i, pair in enumerate(plan.pairs):
        count, rate = by_id.get(pair.count), by_id.get(pair.rate)
        if count is not None and count.is_rate:
            problems.append(error(file, doc.line_of(("pairs", i, "count")), "pair-kind", f"pair '{pair.id}': '{count.id}' is a rate, not a count"))
        if rate is not None and not rate.is_rate:
            problems.append(error(file, doc.line_of(("pairs", i, "rate")), "pair-kind", f"pair '{pair.id}': '{rate.id}' is a count, not a rate"))
    implied = implied_denominators(plan)
    index = {p.id: i for i, p in enumerate(plan.pairs)}
    for imp in implied:
        given = imp.pair.denominator
        if given is not None and not imp.low <= given <= imp.high:
            problems.append(warning(file, doc.line_of(("pairs", index[imp.pair.id], "denominator")), "pair-denominator",
                                    f"pair '{imp.pair.id}': denominator {format_number(given)} does not match "
                                    f"count ÷ rate ≈ {format_number(imp.estimate)}"))
    by_unit: dict[str, list[Implied]] = {}
    for imp in implied:
        by_unit.setdefault(imp.unit, []).append(imp)
    for unit, group in by_unit.items():
        if len(group) < 2 or max(g.low for g in group) <= min(g.high for g in group):
            continue
        for imp in group:
            others = ", ".join(f"'{o.pair.id}' ≈ {format_number(o.estimate)}" for o in group if o is not imp)
            problems.append(warning(file, doc.line_of(("pairs", index[imp.pair.id])), "pairs-disagree",
                                    f"pair '{imp.pair.id}' implies ≈ {format_number(imp.estimate)} {unit} in all, "
                                    f"which disagrees with {others}; the plan gives no denominator"))
    return problems


def check_deadlines(plan: Plan, doc: YamlDoc, file: str) -> list[Problem]:
    """Deadlines fall in the plan period (a warning a little outside it, an error far outside)."""
    problems = []
    period = plan.plan.period
    for i, task in enumerate(plan.assignments):
        if task.deadline is None:
            continue
        due = task.deadline.due
        line = doc.line_of(("assignments", i, "deadline", "due"))
        if (period.start - due).days > 366 or (due - period.end).days > 366:  # no date arithmetic: year 1 and 9999 are valid
            problems.append(error(file, line, "deadline-range", f"'{task.id}': deadline {due} is far outside the plan period {period.start} – {period.end}"))
        elif not period.start <= due <= period.end:
            problems.append(warning(file, line, "deadline-range", f"'{task.id}': deadline {due} is outside the plan period {period.start} – {period.end}"))
    return problems


def check_submission(sub: Submission, doc: YamlDoc, file: str, plan: Plan, today: dt.date) -> list[Problem]:
    """A submission names a known agency, indicators and tasks, with values that fit their units,
    and was not recorded after TODAY or reported after it was recorded."""
    problems = []
    if sub.agency not in plan.agency_by_id:
        problems.append(error(file, doc.line_of(("agency",)), "unknown-agency",
                              f"unknown agency '{sub.agency}'{did_you_mean(sub.agency, list(plan.agency_by_id))}"))
    for key, value in sub.values.items():  # every file passes here: look up lines only for problems
        ind = plan.indicator_by_id.get(key)
        if ind is None:
            problems.append(error(file, doc.line_of(("values", key)), "unknown-indicator",
                                  f"unknown indicator '{key}'{did_you_mean(key, list(plan.indicator_by_id))}"))
        elif wrong := value_problems(value, ind.unit):
            problems.extend(error(file, doc.line_of(("values", key)), "bad-figure", f"{key}: {msg}") for msg in wrong)
    for k, task_id in enumerate(sub.done):
        task = plan.assignment_by_id.get(task_id)
        line = doc.line_of(("done", k))
        if task is None:
            problems.append(error(file, line, "unknown-task", f"unknown task '{task_id}'{did_you_mean(task_id, list(plan.assignment_by_id))}"))
        elif sub.agency not in task.agencies:
            problems.append(error(file, line, "not-their-task", f"task '{task_id}' is not assigned to '{sub.agency}'"))
        elif task.covers:
            problems.append(error(file, line, "done-needs-figures",
                                  f"task '{task_id}' is met by reporting its figures ({', '.join(task.covers)}), "
                                  "not by marking it done"))
    recorded_on = sub.recorded_at.date()
    if recorded_on > today:
        problems.append(error(file, doc.line_of(("recorded_at",)), "future-date",
                              f"recorded_at {recorded_on} is after today ({today})"))
    if sub.as_of > sub.reported:
        problems.append(error(file, doc.line_of(("as_of",)), "as-of-after-report",
                              f"as_of {sub.as_of} is after the report date {sub.reported}: "
                              "a report gives figures up to its own date"))
    if sub.reported > recorded_on:
        problems.append(error(file, doc.line_of(("reported",)), "future-date",
                              f"reported {sub.reported} is after the day it was recorded ({recorded_on})"))
    if (plan.plan.period.start - sub.as_of).days > 366:
        problems.append(warning(file, doc.line_of(("as_of",)), "early-date", f"as_of {sub.as_of} is long before the plan period"))
    if not sub.values and not sub.done:
        problems.append(error(file, doc.line_of(()), "empty-submission", "the submission has no values and no completed tasks"))
    for dup in _repeats(sub.done) if len(sub.done) > 1 else ():
        problems.append(warning(file, doc.line_of(("done",)), "repeated-task", f"task '{dup}' is listed twice"))
    return problems


def value_problems(value: Decimal, unit: str) -> list[str]:
    """What is wrong with VALUE as a figure in UNIT (empty when it fits)."""
    if unit == "percent":
        return [] if 0 <= value <= 100 else [f"{value}% is outside 0–100"]
    if value < 0:
        return [f"{value} is negative; a count must be 0 or more"]
    if value != value.to_integral_value():
        return [f"{value} is not a whole number of {unit}"]
    return []


def _repeats(items: Iterable[str]) -> list[str]:
    return [item for item, n in Counter(items).items() if n > 1]
