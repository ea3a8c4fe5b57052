"""Figures: every value ever recorded, which ones are current on a day, and which are superseded.

A figure is about one indicator in one unit (the province, or a district-level unit). A base
(mẫu số) given beside a rate is a figure too, of kind "base", so that it is corrected and
superseded exactly as values are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Literal

from giamngheo.model.submission import Stored

FigureKind = Literal["value", "base"]


@dataclass(slots=True, eq=False)  # one per recorded value: not frozen, for speed (see Stored)
class Figure:
    """One recorded value (or base) of one indicator in one unit, and the submission it came in.
    Never changed once built."""

    indicator: str
    value: Decimal
    agency: str
    unit: str
    reported: dt.date
    as_of: dt.date
    recorded_at: dt.datetime
    stored: Stored
    kind: FigureKind = "value"

    @property
    def source(self) -> str:
        """The document the figure comes from."""
        return self.stored.source

    @property
    def path(self) -> Path:
        """The submission file."""
        return self.stored.path

    @property
    def key(self) -> tuple[str, str, str, str, dt.date]:
        """What a correction replaces: the same agency, unit, indicator, kind and as-of date."""
        return (self.agency, self.unit, self.indicator, self.kind, self.as_of)

    @property
    def order(self) -> tuple[dt.datetime, str]:
        """Later records supersede earlier ones; the file name breaks a tie."""
        return (self.recorded_at, self.stored.name)


def figures_of(stored: Iterable[Stored]) -> list[Figure]:
    """Every value and base in the submissions, one Figure each."""
    out = []
    for s in stored:
        out += [Figure(ind, value, s.agency, s.unit, s.reported, s.as_of, s.recorded_at, s)
                for ind, value in s.values.items()]
        if s.bases:
            out += [Figure(ind, value, s.agency, s.unit, s.reported, s.as_of, s.recorded_at, s, "base")
                    for ind, value in s.bases.items()]
    return out


def current(figures: Iterable[Figure]) -> list[Figure]:
    """The figures not superseded by a later record for the same agency, unit, indicator and as-of date."""
    best: dict[tuple[str, str, str, str, dt.date], Figure] = {}
    for fig in figures:
        held = best.get(fig.key)
        if held is None or fig.order > held.order:
            best[fig.key] = fig
    return list(best.values())


class Latest:
    """The figure that counts on a day for each unit, indicator and kind: reported by then,
    the latest as-of date, not superseded (whichever agency gave it).

    The latest (as-of, recorded) of a slot is never a superseded figure, since whatever
    supersedes it shares its as-of day and was recorded later; so no pass over the
    corrections is needed to find it.
    """

    def __init__(self, figures: Iterable[Figure], on: dt.date) -> None:
        self.on = on
        best: dict[tuple[str, str, str], Figure] = {}
        for fig in figures:
            if fig.reported > on:
                continue
            slot = (fig.unit, fig.indicator, fig.kind)
            held = best.get(slot)
            if held is None or (fig.as_of, fig.order) > (held.as_of, held.order):
                best[slot] = fig
        self._index(best)

    @classmethod
    def from_stored(cls, stored: Iterable[Stored], on: dt.date) -> Latest:
        """The same as Latest(figures_of(STORED), ON), without a Figure for every value ever recorded."""
        best: dict[tuple[str, str, str], tuple[tuple[dt.date, dt.datetime, str], Stored, Decimal]] = {}
        for s in stored:
            if s.reported > on:
                continue
            rank = (s.as_of, s.recorded_at, s.name)
            for kind, values in (("value", s.values), ("base", s.bases)):
                for indicator, value in values.items():
                    slot = (s.unit, indicator, kind)
                    held = best.get(slot)
                    if held is None or rank > held[0]:
                        best[slot] = (rank, s, value)
        self = cls.__new__(cls)
        self.on = on
        self._index({slot: Figure(slot[1], value, s.agency, s.unit, s.reported, s.as_of, s.recorded_at, s, slot[2])  # type: ignore[arg-type]
                     for slot, (_, s, value) in best.items()})
        return self

    def _index(self, best: dict[tuple[str, str, str], Figure]) -> None:
        self._by = best
        self._units: dict[tuple[str, str], dict[str, Figure]] = {}
        for (unit, indicator, kind), fig in best.items():
            self._units.setdefault((indicator, kind), {})[unit] = fig

    def get(self, unit: str, indicator: str, kind: FigureKind = "value") -> Figure | None:
        """The figure of INDICATOR in UNIT that counts, or None."""
        return self._by.get((unit, indicator, kind))

    def by_unit(self, indicator: str, kind: FigureKind = "value") -> dict[str, Figure]:
        """The figures of INDICATOR that count, by unit (the province's among them)."""
        return self._units.get((indicator, kind), {})

    def in_unit(self, unit: str) -> dict[str, Figure]:
        """The values that count in UNIT, by indicator."""
        return {ind: fig for (u, ind, kind), fig in self._by.items() if u == unit and kind == "value"}


def history(figures: Iterable[Figure], indicator: str, unit: str | None = None) -> list[tuple[Figure, bool]]:
    """Every value of INDICATOR (in UNIT, or in every unit), oldest first, each with True when a
    later record superseded it."""
    own = [f for f in figures if f.indicator == indicator and f.kind == "value" and (unit is None or f.unit == unit)]
    live = {id(f) for f in current(own)}
    return [(f, id(f) not in live) for f in sorted(own, key=lambda f: (f.as_of, f.order))]
