"""Targets on a day: the value that counts for each, its assessment, and the counts of each status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from giamngheo.calc.attainment import Assessment, Rule, assess, elapsed_share
from giamngheo.calc.deadlines import ReportState
from giamngheo.calc.figures import Figure, latest_by_indicator
from giamngheo.calc.values import Value, value_of
from giamngheo.model.plan import Indicator, Plan


@dataclass(frozen=True)
class TargetRow:
    """One target: the value that counts on the day (None: no data) and its assessment."""

    indicator: Indicator
    value: Value | None
    assessment: Assessment


def target_rows(plan: Plan, figures: Sequence[Figure], on: dt.date, agency: str | None = None) -> list[TargetRow]:
    """Each target (or the agency's) with the value that counts on day ON and its assessment."""
    latest = latest_by_indicator(figures, on)
    share = elapsed_share(plan.plan.period.start, plan.plan.period.end, on)
    wanted = {i.id for i in plan.indicators_of(agency)} if agency else None
    rows = []
    for ind in plan.indicators:
        if wanted is not None and ind.id not in wanted:
            continue
        value = value_of(plan, ind, latest)
        rule = Rule(ind.target, ind.direction, ind.accumulation, ind.approximate, ind.baseline)
        verdict = assess(rule, value.amount if value else None, share,
                         plan.tracker.approximate_tolerance_pct, plan.tracker.at_risk_margin_pts)
        rows.append(TargetRow(ind, value, verdict))
    return rows


def summarise(rows: Sequence[TargetRow], states: Sequence[ReportState]) -> dict[str, int]:
    """The counts behind the one-line summary."""
    count: dict[str, int] = {}
    for r in rows:
        count[r.assessment.status] = count.get(r.assessment.status, 0) + 1
    return {
        "targets": len(rows), "achieved": count.get("achieved", 0), "on_track": count.get("on-track", 0),
        "behind": count.get("at-risk", 0) + count.get("off-track", 0) + count.get("no-baseline", 0),
        "no_data": count.get("no-data", 0),
        "reports": len(states), "reports_overdue": sum(1 for s in states if s.is_overdue),
        "reports_received": sum(1 for s in states if s.state in ("on-time", "late")),
    }
