"""Submissions: one agency's report on one date, stored as one immutable YAML file.

A file appears whole or not at all: it is written to a temporary file in the same folder,
flushed to disk, then published with link(2), which cannot overwrite an existing file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import Field, StringConstraints

from giamngheo.problems import Problem, UserError, error, warning
from giamngheo.schema import Model, Number, SchemaVersion, Slug, Timestamp, validate_model
from giamngheo.text import BAD_IN_LINE
from giamngheo.yamlsafe import YamlDoc, YamlError, parse_yaml, read_yaml

TEMP_PREFIX = ".tmp-"
TEMP_SUFFIX = ".part"
MAX_SUBMISSION_BYTES = 256_000
MAX_SUBMISSION_NODES = 5_000
# Figures or tasks in one report. The shipped plan has a few dozen of each; a plan within
# yamlsafe.MAX_NODES cannot name more than this many, so record and import never reach it.
MAX_ITEMS = 2_000
HEADER = "# giamngheo submission, written by `giamngheo record`. Do not edit: record a correction instead.\n"

OneLine = Annotated[str, StringConstraints(min_length=1, max_length=300, pattern=r"^[^\x00-\x1f\x7f]+$")]
NoteText = Annotated[str, StringConstraints(min_length=1, max_length=2000, pattern=r"^[^\x00-\x08\x0b-\x1f\x7f]+$")]


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


@dataclass(frozen=True)
class Stored:
    """A submission and the file it lives in."""

    submission: Submission
    path: Path


class StorageError(UserError):
    """The submissions folder cannot be written; the message says why and where."""


def submission_name(sub: Submission) -> str:
    """A fresh file name built only from the report date, the agency id and a random suffix."""
    return f"{sub.reported.isoformat()}_{sub.agency}_{secrets.token_hex(4)}.yaml"


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


def write_submission(sub: Submission, folder: Path) -> Path:
    """Store SUB as a new file in FOLDER and return its path; nothing is written on failure."""
    text = dump_submission(sub)
    if _read_back(lambda: parse_yaml(text, "<new submission>")) != sub:
        raise StorageError("the submission does not survive a round trip through YAML; nothing was written")
    _check_folder(folder)
    payload = text.encode("utf-8")
    try:
        fd, temp_name = _make_temp(folder)
    except OSError as exc:
        raise StorageError(_explain(exc, folder)) from None
    temp = Path(temp_name)
    final: Path | None = None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        final = _publish(temp, folder, sub)
        _fsync_dir(folder)
    except OSError as exc:
        if final is not None:  # published but maybe not durable: take it back, as the message says
            _remove(final)
        raise StorageError(_explain(exc, folder)) from None
    finally:
        _remove(temp)
    if _read_back(lambda: read_yaml(final, MAX_SUBMISSION_BYTES, MAX_SUBMISSION_NODES)) != sub:
        _remove(final)
        raise StorageError(f"{final}: the file read back differs from what was written; it was removed")
    return final


def _remove(path: Path) -> None:
    # Best effort: a leftover temporary file is harmless, and `validate` reports it.
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def _make_temp(folder: Path) -> tuple[int, str]:
    import tempfile  # only the writing commands need it

    return tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)


def _publish(temp: Path, folder: Path, sub: Submission) -> Path:
    """Give TEMP its final name; link(2) fails rather than overwrite, so retry on a clash."""
    for _ in range(20):
        final = folder / submission_name(sub)
        try:
            os.link(temp, final)
            return final
        except FileExistsError:
            continue
    raise StorageError(f"{folder}: could not find a free file name")


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as exc:
        # Some file systems (network, FUSE) cannot fsync a folder; the file itself is on disk.
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
    finally:
        os.close(fd)


def _check_folder(folder: Path) -> None:
    if folder.is_symlink():
        raise StorageError(f"{folder}: is a symbolic link; submissions must live in a real folder")
    if folder.exists() and not folder.is_dir():
        raise StorageError(f"{folder}: is a file, but should be the submissions folder; move it away")
    if not folder.is_dir():
        raise StorageError(f"{folder}: the submissions folder does not exist; create it (mkdir {folder})")


def _explain(exc: OSError, folder: Path) -> str:
    if exc.errno == errno.ENOSPC:
        return f"{folder}: the disk is full; nothing was written"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{folder}: cannot write here (permission denied or read-only); nothing was written"
    return f"{folder}: cannot write: {exc.strerror or exc}; nothing was written"


def _read_back(read: Callable[[], YamlDoc]) -> Submission | None:
    """The submission that READ gives back, or None when it does not come back whole and clean."""
    try:
        doc = read()
    except YamlError:
        return None
    sub, problems = validate_model(Submission, doc, "<read back>")
    return None if problems or doc.problems else sub


def read_submission(path: Path) -> tuple[Submission | None, YamlDoc | None, list[Problem]]:
    """Read one submission file: the submission (None on errors), its YAML and the problems."""
    try:
        doc = read_yaml(path, MAX_SUBMISSION_BYTES, MAX_SUBMISSION_NODES)
    except YamlError as exc:
        return None, None, [exc.problem(path)]
    sub, problems = validate_model(Submission, doc, str(path))
    return sub, doc, doc.problems + problems


def list_submission_files(folder: Path) -> tuple[list[Path], list[Problem]]:
    """The submission files in FOLDER, sorted, and problems with anything else found there."""
    if folder.is_symlink():
        return [], [error(folder, None, "symlink", "the submissions folder is a symbolic link; it must be a real folder")]
    if not folder.exists():
        return [], []
    if not folder.is_dir():
        return [], [error(folder, None, "not-a-folder", "should be the submissions folder, but is a file")]
    files: list[Path] = []
    problems: list[Problem] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        return [], [error(folder, None, "unreadable", f"cannot list the folder: {exc.strerror or exc}")]
    for entry in entries:
        name = entry.name
        path = folder / name
        shown = _printable_name(name)
        if shown != name:  # the name itself would garble the terminal or our FILE:LINE lines
            problems.append(error(folder, None, "bad-file-name",
                                  f"the file name '{shown}' holds control characters or bytes that are not UTF-8; "
                                  "rename it (it was not read)"))
        elif name.startswith(TEMP_PREFIX):
            problems.append(warning(path, None, "leftover-temp",
                                    "temporary file left by an interrupted `record`; it is not a submission and can be deleted"))
        elif name.startswith("."):
            continue
        elif entry.is_symlink():
            problems.append(error(path, None, "symlink",
                                  "is a symbolic link; submissions must be regular files inside the submissions folder"))
        elif not name.endswith(".yaml"):
            problems.append(warning(path, None, "stray-file", "is not a .yaml file; it was ignored"))
        elif entry.is_dir(follow_symlinks=False):
            problems.append(error(path, None, "not-a-file", "is a directory, not a submission file"))
        elif not entry.is_file(follow_symlinks=False):  # a named pipe would block the reader
            problems.append(error(path, None, "not-a-file", "is not a regular file (a pipe, socket or device?)"))
        else:
            files.append(path)
    return files, problems


def _printable_name(name: str) -> str:
    """NAME with undecodable bytes and control characters spelled as escapes."""
    if name.isascii() and name.isprintable():  # every name `record` writes: nothing to escape
        return name
    out = []
    for char in name:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as os.fsdecode keeps it
            out.append(f"\\x{code - 0xDC00:02x}")
        elif BAD_IN_LINE.match(char):
            out.append(f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)
