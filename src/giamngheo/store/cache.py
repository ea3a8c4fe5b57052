"""A parse cache that never lies: the checked form of each submission file, keyed by its bytes.

A row holds a file's name, the hash of its bytes and its record; it is used only for a file
of that name whose bytes have that hash. The rows are read in name order, beside the sorted
listing of the folder, so that a run holds one row at a time and asks the database once.

The files stay the only source of truth. Every run still reads and hashes every file; the
cache only saves parsing and the schema checks of a file whose bytes it has seen before.
Checks that depend on the plan or on the day are never cached: they run on every command.

The cache is an SQLite database in `.cache/` inside the data folder (git-ignored). SQLite
makes it safe against two processes writing at once and against a process killed
mid-write. Anything unexpected — a missing, corrupt or read-only file, another giamngheo
version, a lock held too long — makes the cache step aside: the run parses the files
itself, and the cache is rebuilt when it can be.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path

from giamngheo import __version__
from giamngheo.model.submission import NO_BASES, Stored, Submission

CACHE_DIR = ".cache"
CACHE_FILE = "submissions.sqlite"
FORMAT = 4  # the layout of a row and of a record below; bump it when either changes (4: where an import came from)
_BUSY_SECONDS = 0.5  # another process writing: wait this long, then do without


class SubmissionCache:
    """The cached records of a data folder's submissions, by the hash of each file's bytes."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / CACHE_DIR / CACHE_FILE
        self._db: sqlite3.Connection | None = None
        self._new: dict[str, tuple[bytes, str]] = {}
        self._rows: Iterator[tuple[str, bytes, str]] = iter(())
        self._row: tuple[str, bytes, str] | None = None
        self._stored = 0  # rows in the database when it was opened
        self._matched = 0  # rows whose file was asked for
        self._open()

    def _open(self) -> None:
        try:
            if self.path.is_symlink() or (self.path.exists() and not self.path.is_file()):
                return  # never follow or write through anything but a plain file of our own
            self.path.parent.mkdir(exist_ok=True)
            db = sqlite3.connect(self.path, timeout=_BUSY_SECONDS, isolation_level=None)
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            meta = dict(db.execute("SELECT key, value FROM meta"))
            wanted = {"format": str(FORMAT), "giamngheo": __version__}
            if meta != wanted:  # new, or written by another version: start again
                with _transaction(db):
                    db.execute("DROP TABLE IF EXISTS records")
                    db.execute("CREATE TABLE records (name TEXT PRIMARY KEY, sha BLOB NOT NULL, record TEXT NOT NULL)")
                    db.execute("DELETE FROM meta")
                    db.executemany("INSERT INTO meta VALUES (?, ?)", wanted.items())
            self._stored = db.execute("SELECT count(*) FROM records").fetchone()[0]
            self._rows = iter(db.execute("SELECT name, sha, record FROM records ORDER BY name"))
            self._db = db
        except (sqlite3.Error, OSError):
            self._discard()

    def _discard(self) -> None:
        """Do without the cache; remove a file SQLite cannot read, so that the next run rebuilds it."""
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None
        with contextlib.suppress(OSError):
            if self.path.is_file() and not self.path.is_symlink() and not _is_database(self.path):
                self.path.unlink()

    def get(self, sha: bytes, folder: Path, name: str) -> Stored | None:
        """The record of the file NAME, when the cache holds one made from bytes that hash to SHA.

        Files must be asked for in name order (the order of the folder's listing).
        """
        try:
            while self._row is None or self._row[0] < name:
                self._row = next(self._rows, None) or ("\U0010ffff", b"", "")
        except sqlite3.Error:
            self._discard()
            return None
        row_name, row_sha, text = self._row
        if row_name != name:
            return None
        self._matched += 1
        if row_sha != sha:
            return None
        try:
            return decode(text, folder, name)
        except (ValueError, TypeError, KeyError, ArithmeticError):  # a damaged row: parse the file instead
            return None

    def put(self, sha: bytes, name: str, sub: Submission) -> None:
        """Remember the record of the file NAME (bytes hashing to SHA), which read and checked cleanly."""
        self._new[name] = (sha, encode(sub))

    def save(self, live: Iterable[str]) -> None:
        """Write the new records, and forget those of files that are gone; never fail the command."""
        if self._db is None:
            return
        keep = set(live)
        stale = self._stored > self._matched  # rows of files that are gone
        if not self._new and not stale:
            return
        try:
            self._rows = iter(())  # finish reading before writing
            with _transaction(self._db):
                self._db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?, ?)",
                                     ((name, sha, text) for name, (sha, text) in self._new.items()))
                if stale:
                    gone = [name for (name,) in self._db.execute("SELECT name FROM records") if name not in keep]
                    self._db.executemany("DELETE FROM records WHERE name = ?", ((name,) for name in gone))
        except sqlite3.Error:
            pass  # busy or read-only: the next run tries again
        finally:
            self._new = {}

    def close(self) -> None:
        """Close the database."""
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None


@contextlib.contextmanager
def _transaction(db: sqlite3.Connection):  # type: ignore[no-untyped-def]
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _is_database(path: Path) -> bool:
    """True when PATH starts like an SQLite database (a locked one is left alone)."""
    with open(path, "rb") as handle:
        return handle.read(16) == b"SQLite format 3\x00"


def encode(sub: Submission) -> str:
    """SUB as one compact JSON row: numbers as exact decimal text, dates in ISO form."""
    return json.dumps([
        sub.schema_version, sub.plan, sub.agency, sub.unit, sub.reported.isoformat(), sub.as_of.isoformat(), sub.source,
        [[k, str(v)] for k, v in sub.values.items()], [[k, str(v)] for k, v in sub.bases.items()], list(sub.done),
        sub.note, sub.recorded_at.isoformat(), sub.recorded_by, sub.final,
        [sub.imported.sha256, sub.imported.sheet] if sub.imported is not None else None,
    ], ensure_ascii=False, separators=(",", ":"))


def decode(text: str, folder: Path, name: str) -> Stored:
    """The Stored record of a row made by `encode`, for the file NAME in FOLDER."""
    (_, plan, agency, unit, reported, as_of, source, values, bases, done, note, recorded_at, recorded_by,
     final, imported) = json.loads(text)
    intern = sys.intern  # ids and names recur in every record: keep one copy of each
    return Stored(
        plan, intern(agency), intern(unit), dt.date.fromisoformat(reported), dt.date.fromisoformat(as_of), intern(source),
        {intern(k): Decimal(v) for k, v in values}, {intern(k): Decimal(v) for k, v in bases} if bases else NO_BASES,
        tuple(intern(t) for t in done), note, dt.datetime.fromisoformat(recorded_at), intern(recorded_by), folder, name,
        final is True, (intern(imported[0]), imported[1]) if imported else None)
