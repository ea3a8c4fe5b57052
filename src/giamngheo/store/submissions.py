"""Submission files: listing them, reading one, and storing a new one whole or not at all.

A file appears whole or not at all: it is written to a temporary file in the same folder,
flushed to disk and read back, then published with link(2), which cannot overwrite an
existing file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path

from giamngheo.core.messages import msg
from giamngheo.core.problems import Problem, UserError, error, warning
from giamngheo.core.text import escaped
from giamngheo.core.yamlsafe import YamlDoc, YamlError, parse_yaml_bytes, read_yaml, read_yaml_bytes
from giamngheo.model.fields import validate_model
from giamngheo.model.submission import Submission, dump_submission

TEMP_PREFIX = ".tmp-"
TEMP_SUFFIX = ".part"
MAX_SUBMISSION_BYTES = 256_000
MAX_SUBMISSION_NODES = 5_000


class StorageError(UserError):
    """The submissions folder cannot be written; the message says why and where."""


def submission_name(sub: Submission) -> str:
    """A fresh file name built only from the report date, the agency id and a random suffix."""
    return f"{sub.reported.isoformat()}_{sub.agency}_{secrets.token_hex(4)}.yaml"


def write_submission(sub: Submission, folder: Path) -> Path:
    """Store SUB as a new file in FOLDER and return its path; nothing is written on failure."""
    check_folder(folder)
    payload = dump_submission(sub).encode("utf-8")
    try:
        fd, temp_name = _make_temp(folder)
    except OSError as exc:
        raise StorageError.of(*_explain(exc, folder)) from None
    temp = Path(temp_name)
    final: Path | None = None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        # What the disk now holds must read back as SUB, before anyone can see it.
        if _read_back(temp) != sub:
            raise StorageError.of("round-trip", msg(
                "the submission does not survive a round trip through YAML; nothing was written"))
        final = _publish(temp, folder, sub)
        fsync_folder(folder)
    except OSError as exc:
        if final is not None:  # published but maybe not durable: take it back, as the message says
            _remove(final)
        raise StorageError.of(*_explain(exc, folder)) from None
    finally:
        _remove(temp)
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
    raise StorageError.of("no-free-name", msg("{folder}: could not find a free file name", folder=str(folder)))


def fsync_folder(folder: Path) -> None:
    """Make the names in FOLDER durable (where the file system can)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as exc:
        # Some file systems (network, FUSE) cannot fsync a folder; the file itself is on disk.
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
    finally:
        os.close(fd)


def check_folder(folder: Path) -> None:
    """Refuse a submissions folder that is missing, a file or a symbolic link."""
    if folder.is_symlink():
        raise StorageError.of("symlink", msg("{folder}: is a symbolic link; submissions must live in a real folder",
                                          folder=str(folder)))
    if folder.exists() and not folder.is_dir():
        raise StorageError.of("not-a-folder", msg("{folder}: is a file, but should be the submissions folder; move it away",
                                               folder=str(folder)))
    if not folder.is_dir():
        raise StorageError.of("missing-folder", msg(
            "{folder}: the submissions folder does not exist; create it (mkdir {folder})", folder=str(folder)))


def _explain(exc: OSError, folder: Path) -> tuple[str, str]:
    if exc.errno == errno.ENOSPC:
        return "disk-full", msg("{folder}: the disk is full; nothing was written", folder=str(folder))
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "read-only", msg("{folder}: cannot write here (permission denied or read-only); nothing was written",
                                folder=str(folder))
    return "cannot-write", msg("{folder}: cannot write: {reason}; nothing was written",
                               folder=str(folder), reason=exc.strerror or str(exc))


def _read_back(path: Path) -> Submission | None:
    """The submission PATH holds, or None when it does not come back whole and clean."""
    try:
        doc = read_yaml(path, MAX_SUBMISSION_BYTES, MAX_SUBMISSION_NODES)
    except YamlError:
        return None
    sub, problems = validate_model(Submission, doc, str(path))
    return None if problems or doc.problems else sub


def read_submission(path: Path) -> tuple[Submission | None, YamlDoc | None, list[Problem]]:
    """Read one submission file: the submission (None on errors), its YAML and the problems."""
    raw, problems = read_regular_submission(path)
    if raw is None:
        return None, None, problems
    return submission_from_bytes(path, raw)


def read_regular_submission(path: Path) -> tuple[bytes | None, list[Problem]]:
    """The bytes of one submission file, or None and why it cannot be read."""
    try:
        return read_yaml_bytes(path, MAX_SUBMISSION_BYTES), []
    except YamlError as exc:
        return None, [exc.problem(path)]


def submission_from_bytes(path: Path, raw: bytes) -> tuple[Submission | None, YamlDoc | None, list[Problem]]:
    """The submission the bytes RAW of PATH hold: the submission (None on errors), its YAML and the problems."""
    try:
        doc = parse_yaml_bytes(raw, str(path), MAX_SUBMISSION_NODES)
    except YamlError as exc:
        return None, None, [exc.problem(path)]
    sub, problems = validate_model(Submission, doc, str(path))
    return sub, doc, doc.problems + problems


def list_submission_files(folder: Path) -> tuple[list[Path], list[Problem]]:
    """The submission files in FOLDER, sorted, and problems with anything else found there."""
    if folder.is_symlink():
        return [], [error(folder, None, "symlink", msg("the submissions folder is a symbolic link; it must be a real folder"))]
    if not folder.exists():
        return [], []
    if not folder.is_dir():
        return [], [error(folder, None, "not-a-folder", msg("should be the submissions folder, but is a file"))]
    files: list[Path] = []
    problems: list[Problem] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        return [], [error(folder, None, "unreadable", msg("cannot list the folder: {reason}",
                                                          reason=exc.strerror or str(exc)))]
    for entry in entries:
        name = entry.name
        path = folder / name
        shown = escaped(name)
        if shown != name:  # the name itself would garble the terminal or our FILE:LINE lines
            problems.append(error(folder, None, "bad-file-name", msg(
                "the file name '{name}' holds control characters or bytes that are not UTF-8; rename it (it was not read)",
                name=shown)))
        elif name.startswith(TEMP_PREFIX):
            problems.append(warning(path, None, "leftover-temp", msg(
                "temporary file left by an interrupted `record`; it is not a submission and can be deleted")))
        elif name.startswith("."):
            continue
        elif entry.is_symlink():
            problems.append(error(path, None, "symlink", msg(
                "is a symbolic link; submissions must be regular files inside the submissions folder")))
        elif not name.endswith(".yaml"):
            problems.append(warning(path, None, "stray-file", msg("is not a .yaml file; it was ignored")))
        elif entry.is_dir(follow_symlinks=False):
            problems.append(error(path, None, "not-a-file", msg("is a directory, not a submission file")))
        elif not entry.is_file(follow_symlinks=False):  # a named pipe would block the reader
            problems.append(error(path, None, "not-a-file", msg("is not a regular file (a pipe, socket or device?)")))
        else:
            files.append(path)
    return files, problems
