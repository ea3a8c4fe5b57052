"""Targets on a day: the value that counts for each in a scope, its assessment, and the counts of each status."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from giamngheo.calc.attainment import Assessment, Rule, assess, elapsed_share
from giamngheo.calc.deadlines import ReportState
from giamngheo.calc.figures import Latest
from giamngheo.calc.values import Scope, UnitTotal, Value, unit_total, value_of
from giamngheo.model.plan import Indicator, Plan


@dataclass(frozen=True)
class TargetRow:
    """One target: the value that counts on the day (None: no data), the target it is measured
    against (None: none is set for the scope), its assessment, and the total over the scope's
    units when the value is a figure reported for the scope itself."""

    indicator: Indicator
    value: Value | None
    target: Decimal | None
    assessment: Assessment
    total: UnitTotal | None = None


def target_rows(plan: Plan, latest: Latest, scope: Scope, agency: str | None = None,
                targets: Mapping[str, Decimal] | None = None) -> list[TargetRow]:
    """Each target (or the agency's) with the value that counts in SCOPE and its assessment.

    TARGETS are the targets of the scope by indicator; None means the plan's own (the province).
    """
    start, end = plan.plan.period.start, plan.plan.period.end
    wanted = {i.id for i in plan.indicators_of(agency)} if agency else None
    rows = []
    for ind in plan.indicators:
        if wanted is not None and ind.id not in wanted:
            continue
        value = value_of(plan, ind, latest, scope)
        target = ind.target if targets is None else targets.get(ind.id)
        if target is None:
            verdict = Assessment("no-data" if value is None else "no-target")
        else:
            rule = Rule(target, ind.direction, ind.accumulation, ind.approximate,
                        ind.baseline if targets is None else None)
            # A figure is measured against what was due on its own day, not on the day looked at:
            # an old figure does not fall behind while nothing new comes in (its age says how old).
            share = elapsed_share(start, end, value.as_of if value is not None else latest.on)
            verdict = assess(rule, value.amount if value else None, share,
                             plan.tracker.approximate_tolerance_pct, plan.tracker.at_risk_margin_pts)
            if value is not None and value.partial and verdict.status != "achieved":
                # A total of some units only: more may come in, so it says nothing yet of the target.
                verdict = replace(verdict, status="partial")
        total = (unit_total(plan, ind, latest, scope.members)
                 if value is not None and value.basis == "reported" and scope.members else None)
        rows.append(TargetRow(ind, value, target, verdict, total))
    return rows


def summarise(rows: Sequence[TargetRow], states: Sequence[ReportState]) -> dict[str, int]:
    """The counts behind the one-line summary."""
    count: dict[str, int] = {}
    for r in rows:
        count[r.assessment.status] = count.get(r.assessment.status, 0) + 1
    return {
        "targets": len(rows), "achieved": count.get("achieved", 0), "on_track": count.get("on-track", 0),
        "at_risk": count.get("at-risk", 0), "off_track": count.get("off-track", 0),
        "no_baseline": count.get("no-baseline", 0),
        "partial": count.get("partial", 0), "no_data": count.get("no-data", 0),
        "reports": len(states), "reports_overdue": sum(1 for s in states if s.is_overdue),
        "reports_received": sum(1 for s in states if s.state in ("on-time", "late")),
    }

