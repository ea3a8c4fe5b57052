"""Which figure counts: the latest as-of day, the latest record of it, reported by the day looked at."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from giamngheo.calc.figures import Latest, current, figures_of
from giamngheo.model.submission import Stored

DAY = dt.date(2017, 12, 1)
STORED = st.builds(
    lambda agency, unit, as_of, late, recorded, values, bases, n: Stored(
        2017, agency, unit, DAY + dt.timedelta(days=as_of + late), DAY + dt.timedelta(days=as_of), "1/BC", values, bases,
        (), None, dt.datetime(2017, 12, 1, tzinfo=dt.timezone.utc) + dt.timedelta(hours=recorded), "Lan", Path("s"),
        f"{n:04d}.yaml"),
    st.sampled_from(["so-y-te", "so-nnptnt"]), st.sampled_from(["toan-tinh", "muong-lat"]), st.integers(0, 3),
    st.integers(0, 3), st.integers(0, 200),
    st.dictionaries(st.sampled_from(["nha-tieu", "nha-tieu-ty-le"]), st.integers(0, 9).map(Decimal), max_size=2),
    st.dictionaries(st.sampled_from(["nha-tieu-ty-le"]), st.integers(1, 9).map(Decimal), max_size=1),
    st.integers(0, 9999),
)


def slow_latest(stored: list[Stored], on: dt.date) -> dict[tuple[str, str, str], object]:
    """The rule as it reads: drop what is reported after ON and what a correction superseded, then
    take the latest as-of day (the later record breaking a tie)."""
    best: dict[tuple[str, str, str], object] = {}
    for fig in current(f for f in figures_of(stored) if f.reported <= on):
        slot = (fig.unit, fig.indicator, fig.kind)
        held = best.get(slot)
        if held is None or (fig.as_of, fig.order) > (held.as_of, held.order):  # type: ignore[attr-defined]
            best[slot] = fig
    return {slot: (f.value, f.stored.name) for slot, f in best.items()}  # type: ignore[attr-defined]


@settings(max_examples=300, deadline=None)
@given(st.lists(STORED, max_size=25), st.integers(0, 8))
def test_the_fast_latest_agrees_with_the_rule(stored: list[Stored], days: int) -> None:
    on = DAY + dt.timedelta(days=days)
    expected = slow_latest(stored, on)
    for latest in (Latest.from_stored(stored, on), Latest(figures_of(stored), on)):
        got = {(u, i, k): (f.value, f.stored.name) for (u, i, k), f in latest._by.items()}
        assert got == expected
