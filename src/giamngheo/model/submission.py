"""A submission: one agency's report on one date, as a file holds it and as giamngheo keeps it.

`Submission` is the schema of the file. `Stored` is the light record every command works
with once a file has been read and checked: plain slots, one shared file name per record,
and no pydantic model kept in memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any

import yaml
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
    note: NoteText | None = None
    recorded_at: Timestamp
    recorded_by: OneLine
    imported: Imported | None = None

    @model_validator(mode="after")
    def _version_1_has_no_new_keys(self) -> Submission:
        if self.schema_version == 1:
            given = self.model_fields_set & {"plan", "unit", "bases", "imported"}
            if given:
                raise ValueError(msg("{keys} needs schema_version: 2", keys=", ".join(sorted(given))))
        return self


def dump_submission(sub: Submission) -> str:
    """SUB as YAML text: sorted keys, unescaped UTF-8, ISO dates, numbers no reader misreads."""
    data = sub.model_dump(mode="python", exclude_none=True)
    if not sub.bases:
        del data["bases"]
    if sub.schema_version == 1:
        del data["plan"], data["unit"]
    data["recorded_at"] = sub.recorded_at.isoformat()
    return HEADER + yaml.dump(data, Dumper=_Dumper, sort_keys=True, allow_unicode=True, width=100)


# libyaml's emitter where PyYAML has it: an import of 20 000 rows spent most of its time in the
# pure-Python one. Both write the same text, but for characters beyond U+FFFF, which libyaml
# writes as "\U0001F600" escapes: the same value, read back and compared before any file is kept.
_BaseDumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):  # type: ignore[misc, valid-type]
    def ignore_aliases(self, data: Any) -> bool:
        return True  # our reader refuses anchors, so never write one


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> Any:
    text = format(value, "f")
    if value == value.to_integral_value() and "." not in text:
        return dumper.represent_scalar("tag:yaml.org,2002:int", text)
    return dumper.represent_scalar("tag:yaml.org,2002:float", text)


_Dumper.add_representer(Decimal, _represent_decimal)


@dataclass(frozen=True, slots=True)
class Stored:
    """A submission as stored: what it says, and the file that says it."""

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
                   (sub.imported.sha256, sub.imported.sheet) if sub.imported is not None else None)


NO_BASES: Mapping[str, Decimal] = MappingProxyType({})  # shared by every record without bases
