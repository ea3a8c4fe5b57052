"""Storing a batch of submissions all or nothing: when one cannot be written, none is kept."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from giamngheo.core.messages import msg
from giamngheo.model.submission import Submission
from giamngheo.store.submissions import StorageError, write_submission


def write_batch(subs: Sequence[Submission], folder: Path) -> list[Path]:
    """Store every submission in FOLDER, or none: files already written are removed when one write fails."""
    written: list[Path] = []
    try:
        for sub in subs:
            written.append(write_submission(sub, folder))
    except StorageError as exc:
        left = _remove(written)
        if left:
            tail = msg("; could not remove {files}: delete them by hand", files=", ".join(map(str, left)))
        elif written:
            tail = msg("; nothing was kept (the {n} report(s) already stored were removed)", n=len(written))
        else:
            tail = msg("; nothing was kept")
        raise StorageError.of(exc.code, msg(
            "import stopped at report {n} of {total}: {reason}{tail}",
            n=len(written) + 1, total=len(subs), reason=exc.message, tail=tail)) from None
    except BaseException:
        _remove(written)  # interrupted (Ctrl-C …): leave no half batch behind
        raise
    return written


def _remove(paths: list[Path]) -> list[Path]:
    """Delete PATHS; return those that could not be deleted."""
    left = []
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            left.append(path)
    return left
