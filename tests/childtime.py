"""Running a child process and measuring the CPU time it used, not the time the machine took.

A promise such as "finishes within 2 seconds" is about the work a command does. On a busy
machine (a 2-core laptop at load average 20) a run that does 0.3 s of work can take 3 s of
wall-clock time, so tests measure the child's own CPU time, as `os.wait4` reports it when the
child is reaped. A wall-clock limit stays, far longer, only to stop a child that really hangs
(blocked on a pipe, or sleeping), so that one bad case fails one test instead of the run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

# Wall-clock seconds after which a child is taken to hang, however loaded the machine is.
HANG_AFTER = 300.0
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass(frozen=True)
class Measured:
    """What one child did. RETURNCODE is None when it was killed for hanging or for using more
    than its CPU limit (HUNG says which), else its exit code (negative: the signal that ended it)."""

    returncode: int | None
    stdout: bytes
    stderr: bytes
    cpu: float  # user + system seconds of the child itself
    wall: float
    hung: bool = False  # killed after HANG_AFTER wall-clock seconds (else, when killed: over its CPU limit)


def cpu_so_far(pid: int) -> float | None:
    """The CPU seconds a running child has used so far (Linux /proc), or None where that cannot be read."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None
    # After the command name: state is field 3, utime 14 and stime 15 (1-based, man 5 proc).
    return (int(fields[11]) + int(fields[12])) / _TICKS


def wait_measured(pid: int, *, cpu_limit: float | None = None, hang_after: float = HANG_AFTER) -> tuple[int | None, float, float, bool]:
    """Reap child PID: (exit code or None when killed, CPU seconds, wall seconds, hung).

    The child is killed when it has run HANG_AFTER wall-clock seconds, or (where /proc tells)
    once it has used more than twice CPU_LIMIT seconds of CPU: the promise is broken by then,
    and waiting for the rest would only slow the suite.
    """
    start = time.monotonic()
    pause, next_look = 0.001, start + 0.25
    killed, hung = False, False
    while True:
        reaped, status, usage = os.wait4(pid, 0 if killed else os.WNOHANG)
        if reaped:
            cpu = usage.ru_utime + usage.ru_stime
            code = None if killed else os.waitstatus_to_exitcode(status)
            return code, cpu, time.monotonic() - start, hung
        now = time.monotonic()
        if now - start > hang_after:
            hung = killed = True
        elif cpu_limit is not None and now >= next_look:
            next_look = now + 0.25
            used = cpu_so_far(pid)
            killed = used is not None and used > 2 * cpu_limit
        if killed:
            os.kill(pid, signal.SIGKILL)
            continue
        time.sleep(pause)
        pause = min(pause * 2, 0.02)


def run_measured(argv: Sequence[str], *, env: Mapping[str, str] | None = None, cwd: str | Path | None = None,
                 cpu_limit: float | None = None, hang_after: float = HANG_AFTER) -> Measured:
    """Run ARGV with stdin from /dev/null and its output kept, measuring its CPU time."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(list(argv), stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env, cwd=cwd)
        code, cpu, wall, hung = wait_measured(proc.pid, cpu_limit=cpu_limit, hang_after=hang_after)
        proc.returncode = code if code is not None else -signal.SIGKILL  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        return Measured(code, out.read(), err.read(), cpu, wall, hung)


def forked_measured(child: Callable[[int, int], None], *, cpu_limit: float | None = None,
                    hang_after: float = HANG_AFTER) -> Measured:
    """Run CHILD(stdout_fd, stderr_fd) in a forked copy of this process, measuring its CPU time.

    CHILD must end the process with os._exit; should it return or raise, the child exits 1
    here, so that it never goes back into the test runner. Call it only while no other thread
    runs: a fork copies one thread.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        pid = os.fork()
        if pid == 0:
            try:
                child(out.fileno(), err.fileno())
            finally:
                os._exit(1)
        code, cpu, wall, hung = wait_measured(pid, cpu_limit=cpu_limit, hang_after=hang_after)
        out.seek(0)
        err.seek(0)
        return Measured(code, out.read(), err.read(), cpu, wall, hung)
