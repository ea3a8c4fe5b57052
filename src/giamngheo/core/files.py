"""Reading and writing a file the user names, safely.

Reading: only a regular file, never more than a limit. O_NONBLOCK keeps open(2) from waiting
forever on a named pipe; the fstat then refuses it, as it refuses directories and devices
such as /dev/zero. Both the YAML reader and the sheet reader go through here, each with its
own words for what it expected.

Writing: whole or not at all. The bytes go to a temporary file in the same folder, are
flushed to disk, and only then take the file's name; a reader never sees half a file, and a
failure leaves nothing behind.
"""

from __future__ import annotations

import errno
import os
import secrets
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


def read_regular_file(path: Path, max_bytes: int, expected: Expected) -> bytes:
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
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise FileRefused.of("not-a-file", expected.folder)
        if not stat.S_ISREG(mode):
            raise FileRefused.of("not-a-file", msg("is not a regular file (a pipe, socket or device?)"))
        data = _read_up_to(fd, max_bytes + 1)
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


class WriteRefused(UserError):
    """A file the user named cannot be written; its one problem names the file and says why."""


def refuse_unwritable(path: Path, *, replace: bool = False) -> None:
    """Stop, before any work, when PATH cannot be a new file: a folder, a missing folder, or a file already there."""
    shown = str(path)
    if path.is_dir():
        raise WriteRefused.of("output-is-folder", msg("{path}: is a folder; give a file name", path=shown))
    if not replace and (path.exists() or path.is_symlink()):
        raise _exists(shown)
    if path.exists() and not path.is_file():  # a device or a pipe: never replaced by a file, not even with --force
        raise WriteRefused.of("output-not-a-file", msg("{path}: is not a regular file; give another name", path=shown))
    if not path.parent.is_dir():
        raise WriteRefused.of("output-folder-missing", msg("{path}: the folder {folder} does not exist; nothing was written",
                                                           path=shown, folder=str(path.parent)))


def write_whole(path: Path, data: bytes, *, replace: bool = False) -> None:
    """Write DATA as PATH, whole or not at all; an existing PATH is refused unless REPLACE."""
    refuse_unwritable(path, replace=replace)
    shown, folder = str(path), path.parent
    temp = folder / f".tmp-giamngheo-{secrets.token_hex(4)}.part"
    try:
        # O_EXCL: never over another file; mode 0o666 less the umask, as any new file gets.
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    except OSError as exc:
        raise WriteRefused.of(*_cannot_write(exc, shown)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _publish(temp, path, replace, shown)
        _sync_folder(folder)
    except OSError as exc:
        raise WriteRefused.of(*_cannot_write(exc, shown)) from None
    finally:
        try:
            temp.unlink(missing_ok=True)
        except OSError:  # pragma: no cover - best effort: a leftover .part file is harmless
            pass


def _publish(temp: Path, path: Path, replace: bool, shown: str) -> None:
    """Give TEMP the name PATH: rename(2) over an old file when REPLACE, else link(2), which cannot overwrite."""
    if replace:
        os.replace(temp, path)
        return
    try:
        os.link(temp, path)
    except FileExistsError:
        raise _exists(shown) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        # A file system without hard links (FAT, some network shares): check, then rename.
        if path.exists() or path.is_symlink():
            raise _exists(shown) from None
        os.replace(temp, path)


def _sync_folder(folder: Path) -> None:
    """Make the new name durable where the file system can (some cannot fsync a folder)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _exists(shown: str) -> WriteRefused:
    return WriteRefused.of("file-exists", msg("{path}: already exists; nothing was changed (use --force to replace it)",
                                              path=shown))


def _cannot_write(exc: OSError, shown: str) -> tuple[str, str]:
    if exc.errno == errno.ENOSPC:
        return "disk-full", msg("{path}: the disk is full; nothing was written", path=shown)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "read-only", msg("{path}: cannot write here (permission denied or read-only); nothing was written",
                                path=shown)
    return "cannot-write", msg("{path}: cannot write: {reason}; nothing was written", path=shown,
                               reason=exc.strerror or str(exc))
