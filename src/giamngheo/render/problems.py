"""Problems as lines of text for people."""

from __future__ import annotations

from collections.abc import Iterable

from giamngheo.core.messages import Translator
from giamngheo.core.problems import Problem


def problem_lines(problems: Iterable[Problem], tr: Translator) -> list[str]:
    """One `FILE:LINE: error: message` line per problem (`FILE:SHEET!CELL: …` in a workbook)."""
    return [p.text(tr) for p in problems]
