"""A submission: one agency's report on one date, as a file holds it and as giamngheo keeps it.

`Submission` is the schema of the file. `Stored` is the light record every command works
with once a file has been read and checked: plain slots, one shared file name per record,
and no pydantic model kept in memory.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from giamngheo.core.messages import msg
from giamngheo.model.fields import Model, NoteText, Number, OneLine, Slug, SubmissionVersion, Timestamp

# Figures or tasks in one report. The shipped plan has a few dozen of each; a plan within
# the YAML reader's node limit cannot name more than this many, so record and import never reach it.
MAX_ITEMS = 2_000
HEADER = "# giamngheo submission, written by `giamngheo record`. Do not edit: record a correction instead.\n"
# The unit that stands for the whole province; a version-1 file is about it, and about the 2017 plan.
PROVINCE = "toan-tinh"
FIRST_PLAN = 2017


Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class Imported(Model):
    """Where an imported report came from: the sheet file (by the SHA-256 of its bytes, so that
    the same file is known when it comes again), its name, the sheet and the first row read."""

    sha256: Sha256
    file: OneLine
    sheet: OneLine | None = None  # a workbook's sheet; none for a CSV file
    row: int = Field(ge=1, le=1_048_576)


class Submission(Model):
    """One report from one agency about one unit: the figures it gives and the tasks it says are done.

    Version 2 names the plan (its year) and the unit the figures are about, and may give the
    base (mẫu số) behind a rate: for example the number of poor households in the district,
    keyed by the rate's indicator. A report that `giamngheo import` stored says where it
    came from (`imported`).
    """

    schema_version: SubmissionVersion = 2
    plan: int = Field(default=FIRST_PLAN, ge=2000, le=2100)
    agency: Slug
    unit: Slug = PROVINCE
    reported: dt.date
    as_of: dt.date
    source: OneLine
    values: dict[Slug, Number] = Field(default_factory=dict, max_length=MAX_ITEMS)
    bases: dict[Slug, Number] = Field(default_factory=dict, max_length=MAX_ITEMS)
    done: list[Slug] = Field(default=[], max_length=MAX_ITEMS)
    final: bool = False  # the figures are the official result, not provisional ones
    note: NoteText | None = None
    recorded_at: Timestamp
    recorded_by: OneLine
    imported: Imported | None = None

    @model_validator(mode="after")
    def _version_1_has_no_new_keys(self) -> Submission:
        if self.schema_version == 1:
            given = self.model_fields_set & {"plan", "unit", "bases", "final", "imported"}
            if given:
                raise ValueError(msg("{keys} needs schema_version: 2", keys=", ".join(sorted(given))))
        return self


def dump_submission(sub: Submission) -> str:
    """SUB as YAML text: sorted keys, unescaped UTF-8, ISO dates, numbers no reader misreads.

    Written by hand rather than by yaml.dump, which took a millisecond per report: ids and dates
    stay plain, every other text is double-quoted with JSON's escapes (which YAML's
    double-quoted style reads the same way), and numbers are exact decimal text. Whoever
    stores the text reads it back and compares before publishing it.
    """
    out = [HEADER]
    for key in sorted(type(sub).model_fields):
        value = getattr(sub, key)
        if (key in ("bases", "done") and not value) or (key == "final" and not value):
            if key == "done":
                out.append("done: []\n")
            continue
        if value is None or (sub.schema_version == 1 and key in ("plan", "unit")):
            continue
        if isinstance(value, Imported):
            out += _imported(value)
        elif isinstance(value, dict):
            out.append(f"{key}:\n" if value else f"{key}: {{}}\n")
            out += [f"  {k}: {_number(v)}\n" for k, v in sorted(value.items())]
        elif isinstance(value, list):
            out.append(f"{key}:\n")
            out += [f"- {_quoted(item)}\n" for item in value]
        elif key == "recorded_at":
            out.append(f"{key}: {_quoted(value.isoformat())}\n")
        elif isinstance(value, (int, dt.date)):
            out.append(f"{key}: {value}\n" if not isinstance(value, bool) else f"{key}: {str(value).lower()}\n")
        else:
            out.append(f"{key}: {_quoted(value)}\n")
    return "".join(out)


def _imported(value: Imported) -> list[str]:
    """Where an import came from, as a nested mapping; the hash is quoted, since all digits it would read as a number."""
    lines = [f"  file: {_quoted(value.file)}\n", f"  row: {value.row}\n", f"  sha256: {_quoted(value.sha256)}\n"]
    if value.sheet is not None:
        lines.append(f"  sheet: {_quoted(value.sheet)}\n")
    return ["imported:\n", *lines]


def _number(value: Decimal) -> str:
    """VALUE as YAML reads it back exactly: 340112, 84.1 (never 8.41E+1)."""
    return format(value, "f")


def _quoted(text: str) -> str:
    """TEXT as a YAML double-quoted scalar."""
    return json.dumps(text, ensure_ascii=False)


# Not frozen: a frozen dataclass sets each of its fields through object.__setattr__, which made
# building one record cost 4 µs instead of 0.6 µs, tens of thousands of times a run. No code
# changes a record once built.
@dataclass(slots=True, eq=False)
class Stored:
    """A submission as stored: what it says, and the file that says it. Never changed once built."""

    plan: int
    agency: str
    unit: str
    reported: dt.date
    as_of: dt.date
    source: str
    values: dict[str, Decimal]
    bases: Mapping[str, Decimal]
    done: tuple[str, ...]
    note: str | None
    recorded_at: dt.datetime
    recorded_by: str
    folder: Path  # shared by every record of one folder
    name: str
    final: bool = False
    imported: tuple[str, str | None] | None = None  # (sha256, sheet) of the file it was imported from

    @property
    def path(self) -> Path:
        """The file."""
        return self.folder / self.name

    @classmethod
    def of(cls, sub: Submission, path: Path, folder: Path | None = None) -> Stored:
        """The record of SUB, stored in PATH; FOLDER is PATH's folder, given to share one object for it."""
        return cls(sub.plan, sub.agency, sub.unit, sub.reported, sub.as_of, sub.source, dict(sub.values),
                   dict(sub.bases) if sub.bases else NO_BASES, tuple(sub.done), sub.note,
                   sub.recorded_at, sub.recorded_by, folder if folder is not None else path.parent, path.name,
                   sub.final, (sub.imported.sha256, sub.imported.sheet) if sub.imported is not None else None)


NO_BASES: Mapping[str, Decimal] = MappingProxyType({})  # shared by every record without bases
