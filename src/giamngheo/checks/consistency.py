"""Figures that disagree with each other: each a warning naming both numbers.

- a whole against the sum of its parts, in one unit;
- a count above its pair's implied base (the plan's count ÷ rate), or above the base the
  unit itself gives;
- a rate that disagrees with its own report's count ÷ base;
- a province-wide figure against the total of every unit's figures.

They look at the figures that count on a day, so `validate` runs them for today and
`status` for the day it shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from giamngheo.calc.denominators import implied_denominators
from giamngheo.calc.figures import Figure, Latest
from giamngheo.calc.values import unit_total
from giamngheo.core.formats import decimals_of
from giamngheo.core.messages import Joined, msg
from giamngheo.core.problems import Problem, warning
from giamngheo.core.yamlsafe import YamlError, read_yaml
from giamngheo.model.plan import Plan, unit_word
from giamngheo.model.submission import PROVINCE, Stored

HUNDRED = Decimal(100)


def check_consistency(plan: Plan, stored: Sequence[Stored], latest: Latest, members: Sequence[str]) -> list[Problem]:
    """Every consistency warning for the figures that count on LATEST's day (MEMBERS: the units
    whose figures add up to the province)."""
    return [
        *check_parts_add_up(plan, latest),
        *check_counts_within_bases(plan, latest),
        *check_rates_match_counts(plan, stored, latest.on),
        *check_province_against_units(plan, latest, members),
    ]


def check_parts_add_up(plan: Plan, latest: Latest) -> list[Problem]:
    """A whole reported beside all its parts, in the same unit, equals their sum."""
    problems = []
    for whole in plan.indicators:
        parts = plan.parts_of(whole.id)
        if not parts:
            continue
        for unit, fig in latest.by_unit(whole.id).items():
            got = [latest.get(unit, p.id) for p in parts]
            if any(g is None for g in got):
                continue
            total = sum((g.value for g in got if g is not None), Decimal(0))
            if total != fig.value:
                problems.append(_at(fig, "whole-not-parts", msg(
                    "{unit}: {whole} is {value:num}, but its parts add up to {total:num} ({parts})",
                    unit=unit, whole=whole.id, value=fig.value, total=total,
                    parts=Joined((msg("{indicator} {value:num}", indicator=g.indicator, value=g.value)
                                  for g in got if g is not None), " + "))))
    return problems


def check_counts_within_bases(plan: Plan, latest: Latest) -> list[Problem]:
    """A count is not above its pair's implied base (province-wide), nor above its unit's own base."""
    problems = []
    for imp in implied_denominators(plan):
        fig = latest.get(PROVINCE, imp.pair.count)
        if fig is not None and fig.value > imp.high:
            problems.append(_at(fig, "above-base", msg(
                "{indicator} is {value:num}, above the ≈ {base:num} {unit} in all that the plan's pair "
                "{pair} implies ({count:num} at {rate:num}%)", indicator=fig.indicator, value=fig.value,
                base=imp.estimate, unit=unit_word(imp.unit), pair=imp.pair.id,
                count=plan.indicator_by_id[imp.pair.count].target, rate=plan.indicator_by_id[imp.pair.rate].target)))
    for pair in plan.pairs:
        for unit, fig in latest.by_unit(pair.count).items():
            base = latest.get(unit, pair.rate, "base")
            if base is not None and fig.value > base.value:
                problems.append(_at(fig, "above-base", msg(
                    "{unit}: {indicator} is {value:num}, above the base {base:num} given for {rate}",
                    unit=unit, indicator=fig.indicator, value=fig.value, base=base.value, rate=pair.rate)))
    return problems


def check_rates_match_counts(plan: Plan, stored: Sequence[Stored], on: dt.date) -> list[Problem]:
    """A report that gives a count, its rate and the rate's base gives a rate equal to count ÷ base
    (within the rounding of the rate as written)."""
    problems = []
    for pair in plan.pairs:
        for s in stored:
            if s.reported > on:
                continue
            count, rate, base = s.values.get(pair.count), s.values.get(pair.rate), s.bases.get(pair.rate)
            if count is None or rate is None or base is None or base <= 0:
                continue
            computed = count / base * HUNDRED
            if abs(computed - rate) > Decimal(5).scaleb(-decimals_of(rate) - 1) + Decimal("0.005"):
                problems.append(warning(s.path, _line(s, ("values", pair.rate)), "rate-not-count", msg(
                    "{rate} is {value:num}%, but {count} ÷ base gives {computed:num}% ({count_value:num} ÷ {base:num})",
                    rate=pair.rate, value=rate, count=pair.count,
                    computed=computed.quantize(Decimal("0.01")), count_value=count, base=base), f"values.{pair.rate}"))
    return problems


def check_province_against_units(plan: Plan, latest: Latest, members: Sequence[str]) -> list[Problem]:
    """A province-wide figure and the total of the units' figures agree, within the tolerance of
    the tracker settings, once every unit has reported (or when the units already exceed it)."""
    problems = []
    tolerance = plan.tracker.unit_total_tolerance_pct
    for ind in plan.indicators:
        fig = latest.get(PROVINCE, ind.id)
        total = unit_total(plan, ind, latest, members) if fig is not None else None
        if fig is None or total is None or total.amount is None:
            continue
        difference = abs(total.amount - fig.value)
        allowed = fig.value * tolerance / HUNDRED if not ind.is_rate else tolerance
        exceeds = not ind.is_rate and total.amount > fig.value + allowed
        if difference > allowed and (total.coverage.complete or exceeds):
            problems.append(_at(fig, "province-not-units", msg(
                "{indicator}: the province-wide figure {value:num} and the total of {counted}/{of} units "
                "{total:num} differ by more than {tolerance:num}%", indicator=ind.id, value=fig.value,
                counted=len(total.coverage.counted), of=total.coverage.of, total=total.amount, tolerance=tolerance)))
    return problems


def _at(fig: Figure, code: str, message: str) -> Problem:
    """A warning at the line of FIG in its file."""
    key = "bases" if fig.kind == "base" else "values"
    return warning(fig.path, _line(fig.stored, (key, fig.indicator)), code, message, f"{key}.{fig.indicator}")


def _line(stored: Stored, loc: tuple[str, str]) -> int | None:
    """The line of LOC in STORED's file, read again: only warnings need it, and they are few."""
    try:
        return read_yaml(stored.path).line_of(loc)
    except YamlError:
        return None
