"""A submission: one agency's report on one date, as a file holds it and as giamngheo keeps it.

`Submission` is the schema of the file. `Stored` is the light record every command works
with once a file has been read and checked: plain slots, one shared file name per record,
and no pydantic model kept in memory.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field

from giamngheo.model.fields import Model, NoteText, Number, OneLine, SchemaVersion, Slug, Timestamp

# Figures or tasks in one report. The shipped plan has a few dozen of each; a plan within
# the YAML reader's node limit cannot name more than this many, so record and import never reach it.
MAX_ITEMS = 2_000
HEADER = "# giamngheo submission, written by `giamngheo record`. Do not edit: record a correction instead.\n"


class Submission(Model):
    """One report from one agency: the figures it gives and the tasks it says are done."""

    schema_version: SchemaVersion = 1
    agency: Slug
    reported: dt.date
    as_of: dt.date
    source: OneLine
    values: dict[Slug, Number] = Field(default_factory=dict, max_length=MAX_ITEMS)
    done: list[Slug] = Field(default=[], max_length=MAX_ITEMS)
    note: NoteText | None = None
    recorded_at: Timestamp
    recorded_by: OneLine


def dump_submission(sub: Submission) -> str:
    """SUB as YAML text: sorted keys, unescaped UTF-8, ISO dates, numbers no reader misreads."""
    data = sub.model_dump(mode="python", exclude_none=True)
    data["recorded_at"] = sub.recorded_at.isoformat()
    return HEADER + yaml.dump(data, Dumper=_Dumper, sort_keys=True, allow_unicode=True, width=100)


class _Dumper(yaml.SafeDumper):
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

    agency: str
    reported: dt.date
    as_of: dt.date
    source: str
    values: dict[str, Decimal]
    done: tuple[str, ...]
    note: str | None
    recorded_at: dt.datetime
    recorded_by: str
    folder: Path  # shared by every record of one folder
    name: str

    @property
    def path(self) -> Path:
        """The file."""
        return self.folder / self.name

    @classmethod
    def of(cls, sub: Submission, path: Path, folder: Path | None = None) -> Stored:
        """The record of SUB, stored in PATH; FOLDER is PATH's folder, given to share one object for it."""
        return cls(sub.agency, sub.reported, sub.as_of, sub.source, dict(sub.values), tuple(sub.done), sub.note,
                   sub.recorded_at, sub.recorded_by, folder if folder is not None else path.parent, path.name)
