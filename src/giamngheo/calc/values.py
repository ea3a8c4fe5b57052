"""Which figure counts for a target, in a unit or for the whole province. The one home of that rule.

For a scope (the province, one unit, or a group of units) the value of an indicator is, in
this order:
1. the figure reported for that unit (for the province: a responsible department's
   province-wide figure);
2. the sum of its breakdown parts, once every part has a value;
3. the total over the scope's units: counts add up; a rate is Σcount ÷ Σbase over the units
   that gave both (never an average of rates), with how many units it covers;
4. for the province, a value derived through a denominator the plan gives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, TypeVar

from giamngheo.calc.figures import Figure, Latest
from giamngheo.core.formats import decimals_of
from giamngheo.model.plan import Indicator, Plan

Basis = Literal["reported", "summed", "units", "derived"]
T = TypeVar("T")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Scope:
    """Where a value is about: a unit whose own figures count (the province or a district), and
    the units whose figures add up to it when it has none of its own."""

    unit: str | None
    members: tuple[str, ...] = ()
    derive: bool = False  # the plan's denominators apply (the province only)


@dataclass(frozen=True)
class Coverage:
    """How many of a scope's units a total counts."""

    counted: tuple[str, ...]
    of: int

    @property
    def complete(self) -> bool:
        """True when every unit of the scope is counted."""
        return len(self.counted) >= self.of


@dataclass(frozen=True)
class UnitTotal:
    """The total of an indicator over a scope's units, and what it covers.

    AMOUNT is None for a rate whose units gave no base: a rate cannot be added up or averaged.
    """

    amount: Decimal | None
    coverage: Coverage
    as_of: dt.date | None
    base: Decimal | None = None  # Σ base, for a rate
    without_base: tuple[str, ...] = ()  # units that gave a rate but no base: left out


@dataclass(frozen=True, slots=True)
class Value:
    """The value of a target in a scope on a day, and how it was found."""

    amount: Decimal
    basis: Basis
    as_of: dt.date
    agency: str | None  # None when the figures came from more than one agency
    figure: Figure | None = None  # the figure itself, when it was reported
    coverage: Coverage | None = None  # for a total over units (or parts that are such totals)

    @property
    def partial(self) -> bool:
        """True for a total that does not yet count every unit of its scope."""
        return self.coverage is not None and not self.coverage.complete


def all_parts(plan: Plan, indicator: str, known: Mapping[str, T]) -> list[T] | None:
    """What KNOWN holds for every breakdown part of INDICATOR, or None when it has no parts
    or some part is missing: a whole counts from its parts once all of them are in."""
    parts = plan.parts_of(indicator)
    if not parts or any(p.id not in known for p in parts):
        return None
    return [known[p.id] for p in parts]


def value_of(plan: Plan, ind: Indicator, latest: Latest, scope: Scope) -> Value | None:
    """The value of IND in SCOPE: reported, else summed from all its parts, else the total over
    the scope's units, else (for the province) derived through a denominator the plan gives."""
    fig = latest.get(scope.unit, ind.id) if scope.unit is not None else None
    if fig is not None:
        return Value(fig.value, "reported", fig.as_of, fig.agency, fig)
    parts = {p.id: v for p in plan.parts_of(ind.id) if (v := value_of(plan, p, latest, scope)) is not None}
    if (got := all_parts(plan, ind.id, parts)) is not None:
        agencies = {v.agency for v in got}
        covered = [v.coverage for v in got if v.coverage is not None]
        return Value(sum((v.amount for v in got), Decimal(0)), "summed", min(v.as_of for v in got),
                     agencies.pop() if len(agencies) == 1 else None,
                     coverage=min(covered, key=lambda c: len(c.counted)) if covered else None)
    if scope.members:
        total = unit_total(plan, ind, latest, scope.members)
        if total is not None and total.amount is not None and total.as_of is not None:
            agencies = {latest.get(u, ind.id).agency for u in total.coverage.counted  # type: ignore[union-attr]
                        if latest.get(u, ind.id) is not None}
            return Value(total.amount, "units", total.as_of, agencies.pop() if len(agencies) == 1 else None,
                         coverage=total.coverage)
    if scope.derive:
        return _derived(plan, ind, latest, scope)
    return None


def unit_total(plan: Plan, ind: Indicator, latest: Latest, members: Sequence[str]) -> UnitTotal | None:
    """The total of IND over the units MEMBERS, or None when none of them reported it.

    Counts add up. A rate is Σcount ÷ Σbase over the units that gave a base: the count is the
    pair's count reported for the unit, else the unit's rate × its base.
    """
    values = latest.by_unit(ind.id)
    if not ind.is_rate:
        counted = [values[u] for u in members if u in values]
        if not counted:
            return None
        return UnitTotal(sum((f.value for f in counted), Decimal(0)),
                         Coverage(tuple(f.unit for f in counted), len(members)), min(f.as_of for f in counted))
    bases = latest.by_unit(ind.id, "base")
    pair = plan.pair_of(ind.id)
    counts = latest.by_unit(pair.count) if pair is not None else {}
    numerator, denominator, counted, without, days = Decimal(0), Decimal(0), [], [], []
    for unit in members:
        base = bases.get(unit)
        if base is None:
            if unit in values:
                without.append(unit)
            continue
        if unit in counts:
            numerator += counts[unit].value
            days.append(min(counts[unit].as_of, base.as_of))
        elif unit in values:
            numerator += values[unit].value * base.value / HUNDRED
            days.append(min(values[unit].as_of, base.as_of))
        else:
            continue
        denominator += base.value
        counted.append(unit)
    if not counted and not without:
        return None
    coverage = Coverage(tuple(counted), len(members))
    if not counted:
        return UnitTotal(None, coverage, None, None, tuple(without))
    rate = (numerator / denominator * HUNDRED).quantize(_places(ind), ROUND_HALF_UP)
    return UnitTotal(rate, coverage, min(days), denominator, tuple(without))


def _places(ind: Indicator) -> Decimal:
    """The precision the plan writes the indicator's target with, at least two decimals for a rate."""
    return Decimal(1).scaleb(-max(2, decimals_of(ind.target)))


def _derived(plan: Plan, ind: Indicator, latest: Latest, scope: Scope) -> Value | None:
    pair = plan.pair_of(ind.id)
    if pair is None or pair.denominator is None or scope.unit is None:
        return None
    other = latest.get(scope.unit, pair.count if ind.is_rate else pair.rate)
    if other is None:
        return None
    den = Decimal(pair.denominator)
    amount = ((other.value / den * 100).quantize(Decimal("0.01"), ROUND_HALF_UP) if ind.is_rate
              else (other.value * den / 100).to_integral_value(ROUND_HALF_UP))
    return Value(amount, "derived", other.as_of, other.agency)


def figures_behind(plan: Plan, ind: Indicator, latest: Latest, scope: Scope, value: Value) -> list[Figure]:
    """The recorded figures VALUE (the value of IND in SCOPE, from `value_of`) was found from,
    following the same rule: the figure itself, the parts', the units' (with their bases and
    counts, for a rate), or the other half of the pair it was derived from."""
    if value.basis == "reported":
        return [value.figure] if value.figure is not None else []
    if value.basis == "summed":
        out: list[Figure] = []
        for part in plan.parts_of(ind.id):
            got = value_of(plan, part, latest, scope)
            if got is not None:
                out += figures_behind(plan, part, latest, scope, got)
        return out
    if value.basis == "units":
        assert value.coverage is not None  # a total over units always says what it covers
        pair = plan.pair_of(ind.id) if ind.is_rate else None
        out = []
        for unit in value.coverage.counted:
            held = [latest.get(unit, ind.id), latest.get(unit, ind.id, "base") if ind.is_rate else None]
            if pair is not None and (count := latest.get(unit, pair.count)) is not None:
                held[0] = count  # a rate's total is Σcount ÷ Σbase: the count is what was added up
            out += [f for f in held if f is not None]
        return out
    pair = plan.pair_of(ind.id)
    if pair is None or scope.unit is None:
        return []
    other = latest.get(scope.unit, pair.count if ind.is_rate else pair.rate)
    return [other] if other is not None else []
