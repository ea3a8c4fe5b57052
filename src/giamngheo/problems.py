"""Problems: errors and warnings with the place they point to (FILE:LINE)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, and where it is."""

    severity: Severity
    file: str
    line: int | None
    message: str
    code: str

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        return f"{place}: {self.severity}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        """The problem as plain data, for `--format json`."""
        return {
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "code": self.code,
            "message": self.message,
        }


def error(file: str | Path, line: int | None, code: str, message: str) -> Problem:
    """An error at FILE:LINE."""
    return Problem("error", str(file), line, message, code)


def warning(file: str | Path, line: int | None, code: str, message: str) -> Problem:
    """A warning at FILE:LINE."""
    return Problem("warning", str(file), line, message, code)


def has_errors(problems: list[Problem]) -> bool:
    """True when any problem is an error."""
    return any(p.severity == "error" for p in problems)


class UserError(Exception):
    """Bad data or bad input: the CLI shows the message, never a traceback."""


class DataError(UserError):
    """Bad data or bad input, carrying the problems to show the user."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
