"""Problems as lines of text for people."""

from __future__ import annotations

from collections.abc import Iterable

from giamngheo.core.messages import Translator
from giamngheo.core.problems import Problem


def problem_lines(problems: Iterable[Problem], tr: Translator, one_per_place: bool = False) -> list[str]:
    """One `FILE:LINE: error: message` line per problem; ONE_PER_PLACE joins those at one FILE:LINE."""
    if not one_per_place:
        return [p.text(tr) for p in problems]
    lines: list[str] = []
    last: tuple[str | None, int | None] | None = None
    for p in problems:
        place = (p.file, p.line)
        if place == last and p.line is not None:
            lines[-1] += "; " + tr.show(p.message)
        else:
            lines.append(p.text(tr))
        last = place
    return lines
