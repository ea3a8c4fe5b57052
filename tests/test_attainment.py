"""Attainment arithmetic: a table of cases, and properties that hold for every input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from giamngheo.calc.attainment import Rule, assess, attainment, elapsed_share

YEAR = (dt.date(2017, 1, 1), dt.date(2017, 12, 31))
TOL, MARGIN = D(5), D(10)


@pytest.mark.parametrize(
    "rule, actual, share, status, pct",
    [
        # increase, level: compared with the target directly
        (Rule(D(100), accumulation="level"), D(100), D(1), "achieved", D(100)),
        (Rule(D("99.90"), accumulation="level"), D("99.95"), D("0.5"), "achieved", D("99.95") / D("99.90") * 100),
        (Rule(D("93.94"), accumulation="level"), D("90"), D("0.5"), "at-risk", D(90) / D("93.94") * 100),
        (Rule(D("46.68"), accumulation="level"), D("30"), D("0.5"), "off-track", D(30) / D("46.68") * 100),
        # achieved beyond 100%
        (Rule(D(336478), accumulation="level"), D(340112), D("0.9"), "achieved", D(340112) / D(336478) * 100),
        # cumulative: against the share of the year elapsed
        (Rule(D(14996), accumulation="cumulative"), D(7498), D("0.5"), "on-track", D(50)),
        (Rule(D(14996), accumulation="cumulative"), D(7498), D("0.55"), "at-risk", D(50)),
        (Rule(D(14996), accumulation="cumulative"), D(7498), D("0.6"), "at-risk", D(50)),
        (Rule(D(14996), accumulation="cumulative"), D(7498), D("0.61"), "off-track", D(50)),
        (Rule(D(14996), accumulation="cumulative"), D(0), D(0), "on-track", D(0)),
        # approximate: achieved within the tolerance (5%) of the target
        (Rule(D(2570), accumulation="cumulative", approximate=True), D("2441.5"), D(1), "achieved", D(95)),
        (Rule(D(2570), accumulation="cumulative", approximate=True), D(2441), D(1), "at-risk", D(2441) / D(2570) * 100),
        (Rule(D(2570), accumulation="cumulative", approximate=True), D(2000), D(1), "off-track", D(2000) / D(2570) * 100),
        (Rule(D(2570), accumulation="cumulative", approximate=False), D("2441.5"), D(1), "at-risk", D(95)),
        # decrease with a baseline: (baseline − actual) ÷ (baseline − target)
        (Rule(D("8.49"), "decrease", baseline=D("10.49")), D("9.49"), D(1), "off-track", D(50)),
        (Rule(D("8.49"), "decrease", baseline=D("10.49")), D("8.69"), D(1), "at-risk", D(90)),
        (Rule(D("8.49"), "decrease", baseline=D("10.49")), D("8.49"), D(1), "achieved", D(100)),
        (Rule(D("8.49"), "decrease", baseline=D("10.49")), D("7.49"), D(1), "achieved", D(150)),
        # decrease without a baseline: reached or not, never a made-up percentage
        (Rule(D("8.49"), "decrease"), D("8.49"), D(1), "achieved", None),
        (Rule(D("8.49"), "decrease"), D("8.12"), D(1), "achieved", None),
        (Rule(D("8.49"), "decrease"), D("8.50"), D(1), "no-baseline", None),
    ],
)
def test_assess_table(rule: Rule, actual: D, share: D, status: str, pct: D | None) -> None:
    verdict = assess(rule, actual, share, TOL, MARGIN)
    assert verdict.status == status
    assert verdict.attainment == pct


def test_no_data_is_its_own_status() -> None:
    verdict = assess(Rule(D(10)), None, D("0.5"), TOL, MARGIN)
    assert (verdict.status, verdict.attainment) == ("no-data", None)


@pytest.mark.parametrize(
    "on, share",
    [
        (dt.date(2016, 12, 31), D(0)),
        (dt.date(2017, 1, 1), D(1) / D(365)),
        (dt.date(2017, 7, 2), D(183) / D(365)),
        (dt.date(2017, 12, 11), D(345) / D(365)),
        (dt.date(2017, 12, 31), D(1)),
        (dt.date(2026, 11, 24), D(1)),
    ],
)
def test_elapsed_share(on: dt.date, share: D) -> None:
    assert elapsed_share(*YEAR, on) == share


amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
targets = st.decimals(min_value=D("0.01"), max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
shares = st.decimals(min_value=0, max_value=1, places=4, allow_nan=False, allow_infinity=False)


@given(target=targets, actual=amounts, share=shares, cumulative=st.booleans())
def test_increase_achieved_exactly_when_actual_reaches_target(target: D, actual: D, share: D, cumulative: bool) -> None:
    rule = Rule(target, accumulation="cumulative" if cumulative else "level")
    verdict = assess(rule, actual, share, TOL, MARGIN)
    assert (verdict.status == "achieved") == (actual >= target)
    assert verdict.attainment == actual / target * 100


@given(target=targets, a=amounts, b=amounts, share=shares)
def test_more_is_never_worse_for_increase_targets(target: D, a: D, b: D, share: D) -> None:
    order = ["off-track", "at-risk", "on-track", "achieved"]
    low, high = sorted((a, b))
    rule = Rule(target, accumulation="cumulative")
    assert order.index(assess(rule, low, share, TOL, MARGIN).status) <= order.index(assess(rule, high, share, TOL, MARGIN).status)


@given(target=targets, gap=targets, actual=amounts)
def test_decrease_with_baseline_is_100_at_target_and_0_at_baseline(target: D, gap: D, actual: D) -> None:
    rule = Rule(target, "decrease", baseline=target + gap)
    assert attainment(rule, target) == 100
    assert attainment(rule, target + gap) == 0
    pct = attainment(rule, actual)
    assert pct is not None and (pct >= 100) == (actual <= target)


@given(target=targets, actual=amounts)
def test_decrease_without_baseline_never_shows_a_percentage(target: D, actual: D) -> None:
    verdict = assess(Rule(target, "decrease"), actual, D(1), TOL, MARGIN)
    assert verdict.attainment is None
    assert verdict.status == ("achieved" if actual <= target else "no-baseline")
