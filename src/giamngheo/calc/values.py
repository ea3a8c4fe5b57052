"""Which figure counts for a target: the one reported, else the sum of all its parts, else one
derived through a denominator the plan gives. The one home of that rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, TypeVar

from giamngheo.calc.figures import Figure
from giamngheo.model.plan import Indicator, Plan

Basis = Literal["reported", "summed", "derived"]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Value:
    """The value of a target on a day, and how it was found."""

    amount: Decimal
    basis: Basis
    as_of: dt.date
    agency: str | None  # None when the parts came from more than one agency
    figure: Figure | None = None  # the figure itself, when it was reported


def all_parts(plan: Plan, indicator: str, known: Mapping[str, T]) -> list[T] | None:
    """What KNOWN holds for every breakdown part of INDICATOR, or None when it has no parts
    or some part is missing: a whole counts from its parts once all of them are in."""
    parts = plan.parts_of(indicator)
    if not parts or any(p.id not in known for p in parts):
        return None
    return [known[p.id] for p in parts]


def value_of(plan: Plan, ind: Indicator, latest: Mapping[str, Figure]) -> Value | None:
    """The value of IND: reported, else summed from all its parts, else derived through a given denominator."""
    fig = latest.get(ind.id)
    if fig is not None:
        return Value(fig.value, "reported", fig.as_of, fig.agency, fig)
    parts = all_parts(plan, ind.id, latest)
    if parts is not None:
        agencies = {p.agency for p in parts}
        return Value(sum((p.value for p in parts), Decimal(0)), "summed", min(p.as_of for p in parts),
                     agencies.pop() if len(agencies) == 1 else None)
    pair = plan.pair_of(ind.id)
    if pair is not None and pair.denominator is not None:
        other = latest.get(pair.count if ind.is_rate else pair.rate)
        if other is not None:
            den = Decimal(pair.denominator)
            amount = ((other.value / den * 100).quantize(Decimal("0.01"), ROUND_HALF_UP) if ind.is_rate
                      else (other.value * den / 100).to_integral_value(ROUND_HALF_UP))
            return Value(amount, "derived", other.as_of, other.agency)
    return None
