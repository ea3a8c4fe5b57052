"""The denominators the plan's count/rate pairs imply, since the plan gives none."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from giamngheo.core.formats import decimals_of
from giamngheo.model.plan import Pair, Plan


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
