"""Problems: every error and warning, with the place it points to (FILE:LINE, an argument, a cell).

One type from the YAML reader to the CLI: the reader, the checks, `record` and `import` all
return or raise `Problem`s; only the edge turns them into lines of text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from typing_extensions import Self

from giamngheo.core.messages import ENGLISH, N_, Translator

# A note says what was done on purpose (a row skipped, a value rounded): never a mistake.
Severity = Literal["error", "warning", "note"]
PROGRAM = "giamngheo"  # what a problem with no file names as its place
# The word before a problem's message on its line; the JSON's "severity" stays English.
SEVERITY_WORDS: dict[str, str] = {"error": N_("error"), "warning": N_("warning"), "note": N_("note")}


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong, and where.

    FILE and LINE are the place, printed in front of the message. In a workbook CELL names
    the cell as Excel does (`Sheet1!E7`, `'Tháng 12'!B3`) and is printed in place of the line
    (`bao-cao.xlsx:Sheet1!E7`), while LINE keeps its row for sorting and for machines. FIELD
    says what the problem concerns, for machines and for callers that re-place it: the
    option or argument of a command (`--source`, `nha-o=1,5`), or the key of a sheet's
    column. The message names it in words itself, so FIELD is not printed.
    """

    severity: Severity
    code: str
    message: str  # a Message, so that the edge can show it in the reader's language
    file: str | None = None
    line: int | None = None
    field: str | None = None
    cell: str | None = None

    @property
    def is_error(self) -> bool:
        """True for an error, False for a warning or a note."""
        return self.severity == "error"

    def at(self, *, file: str | Path | None = None, line: int | None = None, field: str | None = None,
           cell: str | None = None) -> Problem:
        """This problem placed: the given parts of its place replaced, the others kept."""
        return dataclasses.replace(
            self, file=str(file) if file is not None else self.file,
            line=line if line is not None else self.line, field=field if field is not None else self.field,
            cell=cell if cell is not None else self.cell)

    @property
    def place(self) -> str:
        """Where the problem is, as printed before it: `FILE:LINE`, `FILE:SHEET!CELL`, `FILE` or `giamngheo`."""
        if self.file is None:
            return PROGRAM
        if self.cell is not None:
            return f"{self.file}:{self.cell}"
        return f"{self.file}:{self.line}" if self.line else self.file

    def text(self, tr: Translator = ENGLISH) -> str:
        """The problem as one line, `FILE:LINE: error: message`, in TR's language."""
        return f"{self.place}: {tr.gettext(SEVERITY_WORDS[self.severity])}: {tr.show(self.message)}"

    def __str__(self) -> str:
        return self.text()

    def as_dict(self, tr: Translator = ENGLISH) -> dict[str, object]:
        """The problem as plain data, for `--format json`."""
        data: dict[str, object] = {"severity": self.severity, "file": self.file, "line": self.line, "code": self.code,
                                   "message": tr.show(self.message)}
        if self.cell is not None:
            data["cell"] = self.cell
        return data


def error(file: str | Path | None, line: int | None, code: str, message: str, field: str | None = None,
          cell: str | None = None) -> Problem:
    """An error at FILE:LINE (at CELL of a workbook, when given)."""
    return Problem("error", code, message, None if file is None else str(file), line, field, cell)


def warning(file: str | Path | None, line: int | None, code: str, message: str, field: str | None = None,
            cell: str | None = None) -> Problem:
    """A warning at FILE:LINE (at CELL of a workbook, when given)."""
    return Problem("warning", code, message, None if file is None else str(file), line, field, cell)


def note(file: str | Path | None, line: int | None, code: str, message: str, field: str | None = None,
         cell: str | None = None) -> Problem:
    """A note at FILE:LINE (at CELL of a workbook, when given): what was done on purpose, said."""
    return Problem("note", code, message, None if file is None else str(file), line, field, cell)


def has_errors(problems: Iterable[Problem]) -> bool:
    """True when any problem is an error."""
    return any(p.is_error for p in problems)


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    """Only the errors."""
    return [p for p in problems if p.is_error]


class UserError(Exception):
    """Bad data or bad input, as problems to show the user: the CLI words them, never a traceback."""

    def __init__(self, *problems: Problem) -> None:
        # As text: the message of a problem with no place, else the whole line.
        super().__init__("\n".join(p.message if p.file is None else str(p) for p in problems))
        self.problems = list(problems)

    @classmethod
    def of(cls, code: str, message: str, *, field: str | None = None) -> Self:
        """One error with no file: a refused argument, or a refusal of the whole command."""
        return cls(error(None, None, code, message, field))

    @property
    def code(self) -> str:
        """The code of the (first) problem."""
        return self.problems[0].code

    @property
    def message(self) -> str:
        """The message of the (first) problem, without its place: the caller may add one."""
        return self.problems[0].message

    def at(self, *, file: str | Path | None = None, line: int | None = None, field: str | None = None) -> list[Problem]:
        """The problems, placed (see `Problem.at`)."""
        return [p.at(file=file, line=line, field=field) for p in self.problems]
