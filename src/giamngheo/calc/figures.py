"""Figures: every value ever recorded, which one counts on a given day, and which are superseded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from giamngheo.model.submission import Stored


@dataclass(frozen=True, slots=True)  # one per recorded value: tens of thousands in a status run
class Figure:
    """One recorded value of one indicator, and the submission it came in."""

    indicator: str
    value: Decimal
    agency: str
    reported: dt.date
    as_of: dt.date
    recorded_at: dt.datetime
    stored: Stored

    @property
    def source(self) -> str:
        """The document the figure comes from."""
        return self.stored.source

    @property
    def path(self) -> Path:
        """The submission file."""
        return self.stored.path

    @property
    def key(self) -> tuple[str, str, dt.date]:
        """What a correction replaces: the same agency, indicator and as-of date."""
        return (self.agency, self.indicator, self.as_of)

    @property
    def order(self) -> tuple[dt.datetime, str]:
        """Later records supersede earlier ones; the file name breaks a tie."""
        return (self.recorded_at, self.stored.name)


def figures_of(stored: Iterable[Stored]) -> list[Figure]:
    """Every value in the submissions, one Figure each."""
    return [Figure(ind, value, s.agency, s.reported, s.as_of, s.recorded_at, s)
            for s in stored for ind, value in s.values.items()]


def current(figures: Iterable[Figure]) -> list[Figure]:
    """The figures not superseded by a later record for the same agency, indicator and as-of date."""
    best: dict[tuple[str, str, dt.date], Figure] = {}
    for fig in figures:
        held = best.get(fig.key)
        if held is None or fig.order > held.order:
            best[fig.key] = fig
    return list(best.values())


def latest_by_indicator(figures: Iterable[Figure], on: dt.date) -> dict[str, Figure]:
    """For each indicator, the figure that counts on day ON: reported by then, latest as-of, not superseded."""
    known = current(f for f in figures if f.reported <= on)
    out: dict[str, Figure] = {}
    for fig in known:
        held = out.get(fig.indicator)
        if held is None or (fig.as_of, fig.order) > (held.as_of, held.order):
            out[fig.indicator] = fig
    return out


def history(figures: Iterable[Figure], indicator: str) -> list[tuple[Figure, bool]]:
    """Every figure of INDICATOR, oldest first, each with True when a later record superseded it."""
    own = [f for f in figures if f.indicator == indicator]
    live = {id(f) for f in current(own)}
    return [(f, id(f) not in live) for f in sorted(own, key=lambda f: (f.as_of, f.order))]
