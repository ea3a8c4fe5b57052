"""Reading a file the user names, safely: only a regular file, never more than a limit.

O_NONBLOCK keeps open(2) from waiting forever on a named pipe; the fstat then refuses it, as
it refuses directories and devices such as /dev/zero. Both the YAML reader and the sheet
reader go through here, each with its own words for what it expected.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from giamngheo.core.messages import msg
from giamngheo.core.problems import UserError, error


@dataclass(frozen=True)
class Expected:
    """How a reader words what it expected to find: a missing file, a folder, a file too large."""

    missing: str
    folder: str
    too_large: Callable[[int], str]  # given the limit in bytes


class FileRefused(UserError):
    """A file that cannot be read at all; its one problem has no file yet (the caller knows it)."""


def read_regular_file(path: Path | str, max_bytes: int, expected: Expected) -> bytes:
    """The bytes of PATH, refusing anything but a regular file, and a file of more than MAX_BYTES."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise FileRefused.of("missing-file", expected.missing) from None
    except IsADirectoryError:
        raise FileRefused.of("not-a-file", expected.folder) from None
    except OSError as exc:
        raise FileRefused.of("unreadable", _cannot_read(exc)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise FileRefused.of("not-a-file", expected.folder)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused.of("not-a-file", msg("is not a regular file (a pipe, socket or device?)"))
        data = _read_up_to(fd, max_bytes + 1)  # to the end, and one byte past the limit is enough to refuse
    except OSError as exc:
        raise FileRefused.of("unreadable", _cannot_read(exc)) from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise FileRefused.of("too-large", expected.too_large(max_bytes))
    return data


def _cannot_read(exc: OSError) -> str:
    return msg("cannot read: {reason}", reason=exc.strerror or str(exc))


def _read_up_to(fd: int, size: int) -> bytes:
    """Up to SIZE bytes of FD, read to the end as a buffered file would, without making one per file."""
    chunks = []
    while size > 0:
        chunk = os.read(fd, size)
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def write_new_file(path: Path, data: bytes, force: bool = False) -> None:
    """Write DATA to PATH whole or not at all: a temporary file beside it, flushed, then renamed.

    An existing PATH is replaced only with FORCE; on any failure nothing is left behind.
    """
    import tempfile

    if path.is_dir():
        raise UserError.of("not-a-file", msg("{path}: is a folder; give a file name", path=str(path)))
    if not force and (path.exists() or path.is_symlink()):
        raise UserError.of("file-exists", msg("{path}: already exists; nothing was changed (--force replaces it)",
                                              path=str(path)))
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, temp = tempfile.mkstemp(prefix=".tmp-", suffix=".part", dir=folder)
    except OSError as exc:
        raise UserError.of("cannot-write", msg("{path}: cannot write: {reason}; nothing was written", path=str(path),
                                               reason=exc.strerror or str(exc))) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if force:
            os.replace(temp, path)
        else:
            os.link(temp, path)  # fails rather than replace a file made meanwhile
    except FileExistsError:
        raise UserError.of("file-exists", msg("{path}: already exists; nothing was changed (--force replaces it)",
                                              path=str(path))) from None
    except OSError as exc:
        raise UserError.of("cannot-write", msg("{path}: cannot write: {reason}; nothing was written", path=str(path),
                                               reason=exc.strerror or str(exc))) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)
