"""Faults: concurrent writers, a writer killed at any moment, a folder that cannot be written.

A submission file appears whole or not at all (submissions.write_submission: temporary file,
fsync, link(2)). These tests hold that promise against real processes and against simulated
failures of the file system, and check that nothing already stored is ever changed.
"""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from childtime import HANG_AFTER
from giamngheo.store.submissions import TEMP_PREFIX, read_submission

pytestmark = pytest.mark.usefixtures("english_messages")  # problems in the catalogue's own words

SHIPPED_PLAN = Path(__file__).resolve().parents[1] / "data" / "plan_2017.yaml"
STORED = """\
# giamngheo submission, written by `giamngheo record`. Do not edit: record a correction instead.
agency: so-y-te
as_of: 2017-11-30
done: []
recorded_at: '2017-12-01T09:00:00+07:00'
recorded_by: Nguyễn Văn An
reported: 2017-11-30
schema_version: 1
source: 230/BC-SYT
values:
  bhyt-can-ngheo: 330000
"""
SEED = int(os.environ.get("GIAMNGHEO_FAULT_SEED", "20171208"))


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A workspace of the shipped plan and one submission already stored."""
    data = tmp_path / "data"
    (data / "submissions").mkdir(parents=True)
    shutil.copyfile(SHIPPED_PLAN, data / "plan_2017.yaml")
    (data / "submissions" / "2017-11-30_so-y-te_00000000.yaml").write_text(STORED, encoding="utf-8")
    return data


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ROOT, byte for byte."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def record_args(ws: Path, source: str, figure: int = 340112) -> list[str]:
    return ["record", "so-y-te", "--date", "08/12/2017", "--source", source, "--by", "fault test",
            f"bhyt-can-ngheo={figure}", "--data-dir", str(ws)]


def child_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("GIAMNGHEO_DATA", "GIAMNGHEO_DEBUG")}


def run_cli(*args: str, timeout: float = HANG_AFTER) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "giamngheo", *args], capture_output=True, text=True,
                          timeout=timeout, env=child_env(), stdin=subprocess.DEVNULL)


def assert_every_yaml_is_a_whole_submission(ws: Path) -> list[Path]:
    """Each *.yaml in submissions/ reads as a valid, complete submission; return them."""
    files = sorted((ws / "submissions").glob("*.yaml"))
    for path in files:
        sub, _, problems = read_submission(path)
        assert sub is not None and problems == [], f"{path.name} is not a whole submission: {problems}\n{path.read_text()}"
    return files


def assert_validate_reads_them_all(ws: Path, count: int) -> None:
    """`validate` exits 0, counts COUNT submissions, and warns of nothing but leftover temporary files."""
    done = run_cli("validate", "--format", "json", "--data-dir", str(ws))
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert report["checked"]["submissions"] == count
    for problem in report["problems"]:
        assert problem["file"] == str(ws / "plan_2017.yaml") or problem["code"] == "leftover-temp", problem


def assert_status_reads_them_all(ws: Path) -> None:
    """`status`, where it exists, reads every file and leaves none out."""
    done = run_cli("status", "--format", "json", "--as-of", "2017-12-11", "--data-dir", str(ws))
    if done.returncode == 2 and "No such command" in done.stderr:
        return  # status is not there yet
    assert done.returncode == 0, done.stderr
    json.loads(done.stdout)
    assert "left out" not in done.stderr, done.stderr


# ------------------------------------------------------------ (a) many writers


def test_fifty_concurrent_records_leave_fifty_whole_files(ws: Path) -> None:
    before = snapshot(ws)
    procs = [subprocess.Popen([sys.executable, "-m", "giamngheo", *record_args(ws, f"{i}/BC-SYT", 340000 + i)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env(),
                              stdin=subprocess.DEVNULL)
             for i in range(50)]
    for proc in procs:
        _, err = proc.communicate(timeout=HANG_AFTER)
        assert proc.returncode == 0 and "Traceback" not in err, err
    files = assert_every_yaml_is_a_whole_submission(ws)
    assert len(files) == 51
    sources = sorted(read_submission(f)[0].source for f in files)  # type: ignore[union-attr]
    assert sources == sorted([f"{i}/BC-SYT" for i in range(50)] + ["230/BC-SYT"])
    assert not list((ws / "submissions").glob(TEMP_PREFIX + "*")), "a finished record left its temporary file"
    assert {k: v for k, v in snapshot(ws).items() if k in before} == before
    assert_validate_reads_them_all(ws, 51)
    assert_status_reads_them_all(ws)


# ------------------------------------------------------------ (b) killed writers

class SlowDisk:
    """A file on a slow disk: writes go out 32 bytes at a time, with a pause after each."""

    def __init__(self, handle: Any) -> None:
        self._handle = handle

    def write(self, data: bytes) -> int:
        for start in range(0, len(data), 32):
            self._handle.write(data[start:start + 32])
            self._handle.flush()
            time.sleep(0.001)
        return len(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)

    def __enter__(self) -> SlowDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()


def _on_a_slow_disk() -> None:
    """Make this process's file writes slow, and fsync take 10 ms."""
    import builtins

    def slow(real: Callable[..., Any]) -> Callable[..., Any]:
        def opener(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            handle = real(file, mode, *args, **kwargs)
            return SlowDisk(handle) if any(c in mode for c in "wax+") else handle
        return opener

    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        time.sleep(0.010)
        real_fsync(fd)

    builtins.open, os.fdopen, os.fsync = slow(builtins.open), slow(os.fdopen), fsync  # type: ignore[assignment]


def fork_record(ws: Path, source: str) -> int:
    """Start `giamngheo record` in a forked child on a slow disk; its pid.

    The fork skips Python's start-up, so a kill lands in the command itself (reading the
    workspace, checking, writing). The slow disk makes writing a submission last tens of
    milliseconds instead of microseconds, so kills land inside it too, where a writer that
    is not atomic would leave half a file.
    """
    pid = os.fork()
    if pid:
        return pid
    code: object = 1
    try:  # the child: never return into pytest
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        sys.stdout = sys.stderr = open(1, "w", encoding="utf-8", closefd=False)
        _on_a_slow_disk()
        sys.argv = ["giamngheo", *record_args(ws, source)]
        from giamngheo.cli import main

        main()
        code = 0
    except SystemExit as exc:
        code = exc.code
    finally:
        os._exit(code if isinstance(code, int) else 1)


def kill_batch(ws: Path, sources: list[str], delays: list[float]) -> list[tuple[int | None, float]]:
    """Records started together, each SIGKILLed DELAY seconds after its start (unless it ended).

    For each: its exit code (None when the kill ended it) and how long it ran.
    """
    running = {fork_record(ws, source): (time.monotonic(), delay) for source, delay in zip(sources, delays)}
    order = list(running)
    ended: dict[int, tuple[int | None, float]] = {}
    while len(ended) < len(order):
        now = time.monotonic()
        for pid, (start, delay) in running.items():
            if pid in ended:
                continue
            if now >= start + delay:
                os.kill(pid, signal.SIGKILL)
                _, status = os.waitpid(pid, 0)
            else:
                reaped, status = os.waitpid(pid, os.WNOHANG)
                if not reaped:
                    continue
            ended[pid] = (None if os.WIFSIGNALED(status) else os.WEXITSTATUS(status), time.monotonic() - start)
        time.sleep(0.001)
    return [ended[pid] for pid in order]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork(2)")
def test_a_killed_record_never_leaves_a_partial_submission(ws: Path) -> None:
    before = snapshot(ws)
    # First a batch left to finish, to learn how long a record runs here, ten at a time.
    calibration = kill_batch(ws, [f"calibration.{n}/BC-SYT" for n in range(10)], [float("inf")] * 10)
    assert [code for code, _ in calibration] == [0] * 10
    longest = max(seconds for _, seconds in calibration)
    # Then the trials, ten at a time, each killed at a random moment of such a run.
    rng = random.Random(SEED)
    codes: list[int | None] = []
    for batch in range(10):
        sources = [f"{batch}.{n}/BC-SYT" for n in range(10)]
        codes += [code for code, _ in kill_batch(ws, sources, [rng.uniform(0, longest) for _ in sources])]
    killed, finished = codes.count(None), codes.count(0)
    assert killed + finished == len(codes), f"a record failed on its own (seed {SEED}): {codes}"
    assert killed > 0, f"no kill landed while a record ran (seed {SEED})"
    files = assert_every_yaml_is_a_whole_submission(ws)
    assert 11 + finished <= len(files) <= 11 + len(codes)  # a record killed after link(2) leaves a whole file
    assert {k: v for k, v in snapshot(ws).items() if k in before} == before
    assert_validate_reads_them_all(ws, len(files))
    assert_status_reads_them_all(ws)


# ------------------------------------------------- (c) a folder that cannot be written


def chmod_stops_writes(folder: Path) -> bool:
    """False when running as root (or with CAP_DAC_OVERRIDE): chmod 0o555 then stops nothing."""
    probe = folder / ".probe"
    try:
        probe.write_bytes(b"")
    except PermissionError:
        return True
    probe.unlink()
    return False


def test_a_read_only_folder_is_refused_with_one_line(ws: Path) -> None:
    folder = ws / "submissions"
    before = snapshot(ws)
    folder.chmod(0o555)
    try:
        if not chmod_stops_writes(folder):
            pytest.skip("running as root: chmod 0o555 does not stop writes; "
                        "test_a_folder_that_refuses_writes_is_reported_and_left_alone simulates it")
        done = run_cli(*record_args(ws, "246/BC-SYT"))
    finally:
        folder.chmod(0o755)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and str(folder) in done.stderr, done.stderr
    assert snapshot(ws) == before


@pytest.fixture
def record_in_process(ws: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], Result]:
    """`giamngheo record …` run in-process, so the file system can be made to fail under it."""
    from giamngheo.cli import app

    monkeypatch.delenv("GIAMNGHEO_DATA", raising=False)
    return lambda: CliRunner().invoke(app, record_args(ws, "246/BC-SYT"))


def oserror(code: int) -> Callable[..., object]:
    def fail(*args: object, **kwargs: object) -> object:
        raise OSError(code, os.strerror(code))

    return fail


def assert_refused_and_untouched(result: Result, ws: Path, before: dict[str, bytes], words: str) -> None:
    """Exit 1, one line on stderr naming the folder and saying WORDS, and nothing changed or left."""
    folder = ws / "submissions"
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 1, result.output
    assert result.stderr.count("\n") == 1, result.stderr
    assert str(folder) in result.stderr and words in result.stderr, result.stderr
    assert result.stdout == ""
    assert snapshot(ws) == before
    assert not list(folder.glob(TEMP_PREFIX + "*")), "a temporary file was left behind"


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES, errno.EPERM])
def test_a_folder_that_refuses_writes_is_reported_and_left_alone(
    ws: Path, record_in_process: Callable[[], Result], monkeypatch: pytest.MonkeyPatch, code: int,
) -> None:
    before = snapshot(ws)
    monkeypatch.setattr(tempfile, "mkstemp", oserror(code))
    assert_refused_and_untouched(record_in_process(), ws, before, "cannot write here")


def test_a_folder_that_turns_read_only_before_publishing_keeps_nothing(
    ws: Path, record_in_process: Callable[[], Result], monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = snapshot(ws)
    monkeypatch.setattr(os, "link", oserror(errno.EROFS))  # the temporary file exists by then
    assert_refused_and_untouched(record_in_process(), ws, before, "cannot write here")


class HalfWriter:
    """A file that takes half of what it is given, then reports the disk full, as write(2) does."""

    def __init__(self, handle: object) -> None:
        self.handle = handle

    def write(self, data: bytes) -> int:
        self.handle.write(data[: len(data) // 2])  # type: ignore[attr-defined]
        self.handle.flush()  # type: ignore[attr-defined]
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str) -> object:
        return getattr(self.handle, name)

    def __enter__(self) -> HalfWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()  # type: ignore[attr-defined]


def test_a_full_disk_while_writing_leaves_no_temporary_file(
    ws: Path, record_in_process: Callable[[], Result], monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = snapshot(ws)
    real_fdopen = os.fdopen

    def fdopen(fd: int, mode: str = "r", *args: object, **kwargs: object) -> object:
        handle = real_fdopen(fd, mode, *args, **kwargs)  # type: ignore[call-overload]
        return HalfWriter(handle) if "w" in mode else handle

    monkeypatch.setattr(os, "fdopen", fdopen)
    assert_refused_and_untouched(record_in_process(), ws, before, "the disk is full")


@pytest.mark.parametrize("step", ["fsync", "link"])
def test_a_full_disk_at_fsync_or_link_leaves_nothing(
    ws: Path, record_in_process: Callable[[], Result], monkeypatch: pytest.MonkeyPatch, step: str,
) -> None:
    # NFS reports a full disk at fsync; ext4 at link when the folder itself must grow.
    before = snapshot(ws)
    monkeypatch.setattr(os, step, oserror(errno.ENOSPC))
    assert_refused_and_untouched(record_in_process(), ws, before, "the disk is full")


def _fail_on_folders(code: int) -> Callable[[int], None]:
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(code, os.strerror(code))
        real_fsync(fd)

    return fsync


def test_a_folder_fsync_error_takes_the_published_file_back(
    ws: Path, record_in_process: Callable[[], Result], monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The file was linked, but the folder entry may not be on disk: the message says nothing
    # was written, so nothing may remain.
    before = snapshot(ws)
    monkeypatch.setattr(os, "fsync", _fail_on_folders(errno.EIO))
    assert_refused_and_untouched(record_in_process(), ws, before, "nothing was written")


def test_a_file_system_that_cannot_fsync_folders_still_records(
    ws: Path, record_in_process: Callable[[], Result], monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Some network and FUSE file systems answer EINVAL to fsync on a folder.
    monkeypatch.setattr(os, "fsync", _fail_on_folders(errno.EINVAL))
    result = record_in_process()
    assert result.exit_code == 0, result.output
    assert len(assert_every_yaml_is_a_whole_submission(ws)) == 2

