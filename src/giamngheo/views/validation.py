"""The result of `validate`: what was checked, every problem, and the summary line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from giamngheo.calc.denominators import implied_denominators
from giamngheo.core.messages import Translator, msg, nmsg
from giamngheo.core.problems import Problem, has_errors
from giamngheo.store.workspace import Loaded


def checked_counts(loaded: Loaded) -> dict[str, int]:
    """How many of each thing were checked."""
    plan = loaded.plan
    return {
        "plans": len(loaded.plans) or 1,
        "submissions": loaded.files,
        "targets": len(plan.indicators) if plan else 0,
        "agencies": len(plan.agencies) if plan else 0,
        "tasks": len(plan.assignments) if plan else 0,
    }


def validation_data(loaded: Loaded, tr: Translator) -> dict[str, Any]:
    """The whole result as plain data, for `validate --format json`; it also lists the denominators
    each count/rate pair implies (the plan gives none)."""
    implied = [] if loaded.plan is None else [
        {"pair": i.pair.id, "unit": i.unit, "estimate": i.estimate,
         "low": float(round(i.low, 1)), "high": float(round(i.high, 1))} for i in implied_denominators(loaded.plan)]
    return {"ok": not has_errors(loaded.problems), "checked": checked_counts(loaded),
            "problems": [p.as_dict(tr) for p in loaded.problems], "implied_denominators": implied}


def validate_summary(loaded_counts: dict[str, int], problems: Sequence[Problem], lang: str) -> str:
    """One line: what was checked and what was found."""
    c = loaded_counts
    errors = sum(1 for p in problems if p.is_error)
    return msg("{plans}, {submissions}, {targets}, {agencies}, {tasks} checked: {errors}, {warnings}.",
               plans=nmsg("{n} plan", "{n} plans", c["plans"]),
               submissions=nmsg("{n} submission", "{n} submissions", c["submissions"]),
               targets=nmsg("{n} target", "{n} targets", c["targets"]),
               agencies=nmsg("{n} agency", "{n} agencies", c["agencies"]),
               tasks=nmsg("{n} task", "{n} tasks", c["tasks"]),
               errors=nmsg("{n} error", "{n} errors", errors),
               warnings=nmsg("{n} warning", "{n} warnings", len(problems) - errors))
