"""Attainment: how far a figure has come towards its target, and the status word for it.

Pure arithmetic on Decimals; the as-of date is always an argument.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

Status = Literal["achieved", "on-track", "at-risk", "off-track", "no-baseline", "partial", "no-target", "no-data"]
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Rule:
    """What the arithmetic needs to know about a target."""

    target: Decimal
    direction: Literal["increase", "decrease"] = "increase"
    accumulation: Literal["level", "cumulative"] = "level"
    approximate: bool = False
    baseline: Decimal | None = None


@dataclass(frozen=True)
class Assessment:
    """Attainment in per cent (None when it cannot honestly be computed) and the status word."""

    status: Status
    attainment: Decimal | None = None
    expected: Decimal | None = None  # per cent of a cumulative target due by now


def elapsed_share(start: dt.date, end: dt.date, on: dt.date) -> Decimal:
    """The share of the period START..END (both days included) that has passed by the end of day ON."""
    if on < start:
        return Decimal(0)
    if on >= end:
        return Decimal(1)
    return Decimal((on - start).days + 1) / Decimal((end - start).days + 1)


def attainment(rule: Rule, actual: Decimal) -> Decimal | None:
    """Per cent of the way to the target; None for a decrease target without a baseline."""
    if rule.direction == "increase":
        if rule.target == 0:
            return HUNDRED
        return actual / rule.target * HUNDRED
    if rule.baseline is None or rule.baseline == rule.target:
        return None
    return (rule.baseline - actual) / (rule.baseline - rule.target) * HUNDRED


def assess(rule: Rule, actual: Decimal | None, share: Decimal, tolerance_pct: Decimal, margin_pts: Decimal) -> Assessment:
    """The status of ACTUAL against RULE, with SHARE of the period elapsed (0–1)."""
    if actual is None:
        return Assessment("no-data")
    achieved_at = HUNDRED - (tolerance_pct if rule.approximate else 0)
    pct = attainment(rule, actual)
    if pct is None:  # a decrease with no baseline: only "reached or not" is known
        return Assessment("achieved" if actual <= rule.target else "no-baseline")
    if pct >= achieved_at:
        return Assessment("achieved", pct)
    if rule.accumulation == "cumulative":
        expected = share * HUNDRED
        if pct >= expected:
            return Assessment("on-track", pct, expected)
        return Assessment("at-risk" if pct >= expected - margin_pts else "off-track", pct, expected)
    return Assessment("at-risk" if pct >= HUNDRED - margin_pts else "off-track", pct)
