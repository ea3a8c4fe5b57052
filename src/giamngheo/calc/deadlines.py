"""Reporting obligations: who owes which report by when, and where each stands on a given day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from giamngheo.calc.values import all_parts
from giamngheo.model.plan import Assignment, Plan
from giamngheo.model.submission import PROVINCE, Stored

State = Literal["on-time", "late", "partial", "overdue", "due-soon", "not-due"]


@dataclass(frozen=True)
class Obligation:
    """One agency's share of one assignment that has a deadline."""

    task: Assignment
    agency: str

    @property
    def due(self) -> dt.date:
        """The last day that counts as on time."""
        assert self.task.deadline is not None
        return self.task.deadline.due


@dataclass(frozen=True)
class ReportState:
    """Where an obligation stands on a given day."""

    obligation: Obligation
    state: State
    days: int | None = None          # days late, overdue, or left until due
    received: dt.date | None = None  # the day the last needed figure or completion came in
    missing: tuple[str, ...] = field(default=())

    @property
    def is_overdue(self) -> bool:
        """Past its deadline without everything needed: overdue, or partial after the due day."""
        return self.state == "overdue" or (self.state == "partial" and self.days is not None and self.days > 0)


def obligations(plan: Plan, agency: str | None = None) -> list[Obligation]:
    """Every (assignment with a deadline, agency) pair, in plan order."""
    return [Obligation(task, a) for task in plan.assignments if task.deadline is not None
            for a in task.agencies if agency is None or a == agency]


def first_reported(stored: Iterable[Stored], agency: str, on: dt.date, units: Sequence[str] = (),
                   final_only: bool = False) -> tuple[dict[str, dt.date], dict[str, dt.date]]:
    """For AGENCY, the day each indicator and each task completion was first reported, up to ON.

    An indicator counts as reported when the agency gave it for the whole province, or for
    every one of UNITS (a department's table by district): on the day the last of them came in.
    FINAL_ONLY counts only figures their report calls the official result (record --final).
    """
    province: dict[str, dt.date] = {}
    by_unit: dict[str, dict[str, dt.date]] = {}
    done: dict[str, dt.date] = {}
    for s in stored:
        if s.agency != agency or s.reported > on:
            continue
        for ind in s.values if s.final or not final_only else ():
            if s.unit == PROVINCE:
                province[ind] = min(province.get(ind, s.reported), s.reported)
            else:
                seen = by_unit.setdefault(ind, {})
                seen[s.unit] = min(seen.get(s.unit, s.reported), s.reported)
        for task in s.done:
            done[task] = min(done.get(task, s.reported), s.reported)
    values = dict(province)
    for ind, seen in by_unit.items():
        if units and all(u in seen for u in units):
            every = max(seen[u] for u in units)
            values[ind] = min(values.get(ind, every), every)
    return values, done


def needed_dates(plan: Plan, task: Assignment, values: dict[str, dt.date], done: dict[str, dt.date]) -> dict[str, dt.date | None]:
    """When each thing the task needs came in (None: not yet): the task marked done, else each figure
    it covers (a whole also counts when all its parts did)."""
    if not task.covers or task.id in done:
        return {task.id: done.get(task.id)}
    out: dict[str, dt.date | None] = {}
    for ind in task.covers:
        got = values.get(ind)
        if got is None and (parts := all_parts(plan, ind, values)) is not None:
            got = max(parts)
        out[ind] = got
    return out


def report_states(plan: Plan, stored: Iterable[Stored], on: dt.date, agency: str | None = None,
                  units: Sequence[str] = ()) -> list[ReportState]:
    """The state on day ON of every obligation (or of AGENCY's), in plan order."""
    # Each obligation reads only its agency's submissions: one pass to sort them out, rather
    # than one pass over all of them per obligation.
    own: dict[str, list[Stored]] = {}
    for s in stored:
        own.setdefault(s.agency, []).append(s)
    return [report_state(plan, ob, own.get(ob.agency, []), on, units) for ob in obligations(plan, agency)]


def report_state(plan: Plan, ob: Obligation, stored: list[Stored], on: dt.date, units: Sequence[str] = ()) -> ReportState:
    """The state of obligation OB on day ON, from the agency's submissions reported by then
    (UNITS: the district-level units whose figures together stand for the province)."""
    values, done = first_reported(stored, ob.agency, on, units, final_only=ob.task.final_figures)
    needed = needed_dates(plan, ob.task, values, done)
    missing = tuple(k for k, v in needed.items() if v is None)
    if not missing:
        received = max(v for v in needed.values() if v is not None)
        late = (received - ob.due).days
        return ReportState(ob, "late", late, received) if late > 0 else ReportState(ob, "on-time", None, received)
    past = (on - ob.due).days
    if len(missing) < len(needed):
        return ReportState(ob, "partial", past if past > 0 else None, None, missing)
    if past > 0:
        return ReportState(ob, "overdue", past, None, missing)
    if -past <= plan.tracker.due_soon_days:
        return ReportState(ob, "due-soon", -past, None, missing)
    return ReportState(ob, "not-due", -past, None, missing)
