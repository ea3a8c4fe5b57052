"""Benchmark giamngheo on synthetic workspaces of 1 000, 10 000 and 50 000 submissions.

Every measurement is a whole process, as a user meets it: start-up, imports, reading,
checking and output. Each is compared with a floor: the same work done the plainest way.

- `giamngheo --help` against a bare `python -c "import typer"`;
- `validate` and `status` against a bare loop that reads and parses the same files with
  PyYAML's C loader and does nothing else;
- `report` (an .xlsx) against `status --format json` on the same workspace: the report words
  the same numbers, so the writing is what it adds.

Usage: python bench/run.py [--sizes 1000,10000,50000] [--repeat 3] [--quick]
Run it with the interpreter of the environment giamngheo is installed in (.venv/bin/python);
that interpreter is also the one measured. Exit 0 when every measured command exited 0,
1 otherwise. Timings are reported, never asserted. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / "work"
RESULTS = ROOT / "bench" / "results.md"
QUICK_RESULTS = WORK / "results-quick.md"
SHIPPED_PLAN = ROOT / "data" / "plan_2017.yaml"
SEED = 2017
GENERATOR_VERSION = 2  # bump when the synthetic data changes, so old workspaces are rebuilt
MARKER = ".bench-workspace.json"
AS_OF = "11/12/2017"
TZ = dt.timezone(dt.timedelta(hours=7))
CHANGES_HEADING = "## Changes"
BUILD_FLAG = "--build-submissions"  # internal: FOLDER COUNT SEED, run in a child process

# The parse floor: read every file of the folder and parse it with libyaml through PyYAML's
# C loader, nothing else. It runs as its own process, like the commands it is compared with.
PARSE_FLOOR = """\
import os, sys, yaml
folder = sys.argv[1]
for name in sorted(os.listdir(folder)):
    if name.endswith(".yaml"):
        with open(os.path.join(folder, name), "rb") as f:
            yaml.load(f, Loader=yaml.CSafeLoader)
"""

# Runs one measured command: see measure_once. argv: RESULT_FILE CMD...
LAUNCHER = """\
import os, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
pid = os.posix_spawnp(cmd[0], cmd, os.environ)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - started
try:  # the launcher's own peak; not RUSAGE_SELF, which holds what its parent had before exec
    with open("/proc/self/status") as f:
        own = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    own = 0
with open(out, "w") as f:
    f.write(f"{seconds} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)} {own} {usage.ru_utime + usage.ru_stime}")
"""

# Who enters reports, in NFC, so the non-ASCII text paths of the reader are exercised.
RECORDERS = ["Nguyễn Thị Hoa", "Lê Văn Minh", "Trần Quốc Bảo", "Phạm Thu Trang", "Hoàng Đức Anh"]
NOTES = ["Số liệu sơ bộ, sẽ cập nhật sau rà soát.", "Theo báo cáo của UBND các huyện.",
         "Đã đối chiếu với số liệu của Cục Thống kê."]


def _import_project():  # type: ignore[no-untyped-def]
    """The parts of giamngheo the generator needs; a clear message when it is not installed."""
    try:
        from giamngheo.model.plan import load_plan
        from giamngheo.model.submission import Submission, dump_submission
        from giamngheo.store.submissions import submission_name
    except ImportError as exc:
        sys.exit(f"bench/run.py: cannot import giamngheo ({exc}); run it with the project's "
                 f"interpreter, e.g. .venv/bin/python bench/run.py")
    return load_plan, Submission, dump_submission, submission_name


# --- synthetic workspaces --------------------------------------------------------------


def ensure_workspace(count: int, seed: int, python: str) -> Path:
    """A workspace under bench/work with COUNT submissions; reused when its marker matches."""
    ws = WORK / f"ws-{count}"
    want = {"count": count, "seed": seed, "generator": GENERATOR_VERSION, "plan_sha256": _sha256(SHIPPED_PLAN)}
    marker = ws / MARKER
    if marker.is_file():
        try:
            have = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            have = None
        if have == want and sum(1 for _ in (ws / "submissions").iterdir()) == count:
            print(f"  reusing {_rel(ws)} ({count:,} files, seed {seed})", flush=True)
            return ws
    building = WORK / f"ws-{count}.building"
    shutil.rmtree(building, ignore_errors=True)
    (building / "submissions").mkdir(parents=True)
    shutil.copyfile(SHIPPED_PLAN, building / "plan_2017.yaml")
    started = time.perf_counter()
    # Built by the measured interpreter, with the giamngheo it will measure.
    subprocess.run([python, str(Path(__file__).resolve()), BUILD_FLAG, str(building / "submissions"), str(count), str(seed)],
                   check=True)
    (building / MARKER).write_text(json.dumps(want, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(ws, ignore_errors=True)
    building.rename(ws)
    print(f"  built {_rel(ws)}: {count:,} files in {time.perf_counter() - started:.1f} s", flush=True)
    return ws


def write_submissions(folder: Path, count: int, seed: int) -> None:
    """Write COUNT submission files into FOLDER, each one that `giamngheo record` could have written."""
    import random

    load_plan, Submission, dump_submission, submission_name = _import_project()
    plan, _, problems = load_plan(SHIPPED_PLAN)
    if plan is None:
        sys.exit("bench/run.py: the shipped plan does not load:\n" + "\n".join(map(str, problems)))
    rng = random.Random(seed)
    # Only tasks with no figures of their own can be marked done, as `record --done` requires.
    reporters = [(a, plan.indicators_of(a.id), [t.id for t in plan.assignments if a.id in t.agencies and not t.covers])
                 for a in plan.agencies]
    reporters = [r for r in reporters if r[1]]  # only agencies that have figures to give
    year = dt.date(2017, 1, 1)
    for n in range(count):
        agency, indicators, tasks = rng.choice(reporters)
        reported = year + dt.timedelta(days=rng.randrange(365))
        as_of = max(year, reported - dt.timedelta(days=rng.choice((0, 0, 0, 7, 15, 30))))
        chosen = rng.sample(indicators, rng.randint(min(2, len(indicators)), len(indicators)))
        values = {ind.id: synthetic_value(rng, ind) for ind in chosen}
        done = [rng.choice(tasks)] if tasks and rng.random() < 0.1 else []
        days_late = min(rng.choice((0, 0, 1, 2, 5)), (dt.date(2017, 12, 31) - reported).days)
        recorded_at = dt.datetime.combine(reported + dt.timedelta(days=days_late),
                                          dt.time(rng.randrange(7, 18), rng.randrange(60), rng.randrange(60)), TZ)
        sub = Submission(
            agency=agency.id, reported=reported, as_of=as_of,
            source=f"{rng.randint(1, 999)}/BC-{(agency.abbreviation or agency.id).replace(' ', '')}",
            values=values, done=done, note=rng.choice(NOTES) if rng.random() < 0.2 else None,
            recorded_at=recorded_at, recorded_by=rng.choice(RECORDERS),
        )
        if n < 50:
            _check_like_record(plan, sub)
        text = dump_submission(sub).encode("utf-8")
        while True:  # plain writes for speed; 'x' never overwrites, so a name clash just draws again
            try:
                with open(folder / submission_name(sub), "xb") as handle:
                    handle.write(text)
                break
            except FileExistsError:
                continue


def synthetic_value(rng, ind):  # type: ignore[no-untyped-def]
    """A plausible figure for IND: a percentage 0–100 with two decimals, or a whole count."""
    from decimal import Decimal

    if ind.is_rate:
        centre = float(ind.target)
        hundredths = round(rng.uniform(max(0.0, centre - 20), min(100.0, centre + 5)) * 100)
        return Decimal(max(0, min(10_000, hundredths))).scaleb(-2)
    return Decimal(rng.randint(0, int(ind.target * Decimal("1.2"))))


def _check_like_record(plan, sub) -> None:  # type: ignore[no-untyped-def]
    """The checks `giamngheo record` makes before it writes: no errors, and a faithful round trip."""
    from giamngheo.core.yamlsafe import parse_yaml
    from giamngheo.intake.record import check_new
    from giamngheo.model.fields import validate_model
    from giamngheo.model.submission import Submission, dump_submission

    doc = parse_yaml(dump_submission(sub), "<synthetic>")
    back, problems = validate_model(Submission, doc, "<synthetic>")
    problems += check_new(plan, sub)
    if problems or back != sub:
        sys.exit(f"bench/run.py: a synthetic submission would be refused by `record`: {problems or 'round trip differs'}")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


# --- measuring ---------------------------------------------------------------------------


@dataclass
class Run:
    """One measurement: the best wall time and peak RSS over its repeats, and whether all succeeded."""

    name: str
    files: int | None
    seconds: float
    cpu: float
    peak_mb: float
    failed: str | None = None


def measure_once(cmd: list[str]) -> tuple[float, float, float, int, float, str]:
    """Run CMD once: wall seconds, CPU seconds, peak RSS in MB, exit code, the launcher's own peak, stderr's tail.

    Peak memory is the child's ru_maxrss, and getting it for one run takes care:
    - getrusage(RUSAGE_CHILDREN) is cumulative: its ru_maxrss is the largest of every child
      ever waited for, so it cannot isolate one run. os.wait4(pid) returns the rusage of that
      one child alone (with any descendants it waited for).
    - Linux counts in a child's ru_maxrss what it held between fork and exec, i.e. the peak
      of the process that started it (subprocess and posix_spawn use vfork, which shares it).
      Started from this script, which has imported much, `python -c pass` would read ~20 MB.
    So each run goes through LAUNCHER, a fresh bare interpreter (~8 MB, less than any Python
    process it starts can use) that spawns CMD, waits for it with os.wait4, and writes the
    wall time, the child's ru_maxrss and exit status, and its own peak to a result file.
    The wall time is taken inside the launcher, so its own start-up is not counted.
    (/usr/bin/time -f %M does the same in C; this needs nothing beyond Python.)
    """
    with tempfile.TemporaryDirectory(prefix="giamngheo-bench-") as tmp:
        result, err_path = Path(tmp) / "result", Path(tmp) / "stderr"
        with open(err_path, "wb") as err:
            launched = subprocess.run([sys.executable, "-c", LAUNCHER, str(result), *cmd], check=False, env=child_env(),
                                      stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT)
        tail = err_path.read_bytes()[-2000:].decode("utf-8", "replace")
        if launched.returncode != 0 or not result.is_file():
            return 0.0, 0.0, 0.0, launched.returncode or 1, 0.0, tail
        seconds, child_kib, code, own_kib, cpu = result.read_text().split()
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return float(seconds), float(cpu), int(child_kib) / scale, int(code), int(own_kib) / scale, tail


def child_env() -> dict[str, str]:
    """The environment of measured commands: ours, but with bytecode caching allowed.

    With PYTHONDONTWRITEBYTECODE set (some sandboxes and CI images set it), an editable
    install recompiles every giamngheo module on every run, a cost no installed copy has
    (pip writes the .pyc files). The warm-up run then leaves them for the measured runs.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def measure_all(plan: list[tuple[str, int | None, list[str]]], repeat: int) -> dict[tuple[str, int | None], Run]:
    """Run each (name, files, command) of PLAN REPEAT times; keep the least time, CPU and peak memory of each.

    The rounds are interleaved (every command once, then every command again), so that a
    burst of load from elsewhere on the machine hits a command and its floor alike, rather
    than all the runs of one of them.
    """
    samples: dict[tuple[str, int | None], list[tuple[float, float, float]]] = {(n, f): [] for n, f, _ in plan}
    failed: dict[tuple[str, int | None], Run] = {}
    for round_ in range(1, repeat + 1):
        print(f"  round {round_} of {repeat}", flush=True)
        for name, files, cmd in plan:
            key = (name, files)
            if key in failed:
                continue
            seconds, cpu, peak, code, launcher_mb, tail = measure_once(cmd)
            if code != 0:
                print(f"  FAILED {name}: exit {code}\n    $ {' '.join(cmd)}\n{_indent(tail)}", flush=True)
                failed[key] = Run(name, files, seconds, cpu, peak, failed=f"exit {code}")
                continue
            if peak <= launcher_mb + 0.5:
                print(f"  warning: {name}: its peak memory reads no more than the launcher's ({launcher_mb:.1f} MB), "
                      f"so it may be the launcher's", file=sys.stderr, flush=True)
            samples[key].append((seconds, cpu, peak))
    runs: dict[tuple[str, int | None], Run] = {}
    for name, files, _ in plan:
        key = (name, files)
        if key in failed:
            runs[key] = failed[key]
            continue
        times, cpus, peaks = zip(*samples[key])
        runs[key] = run = Run(name, files, min(times), min(cpus), min(peaks))
        print(f"  {name:<24} {files or '':>6} {run.seconds:8.3f} s  (CPU {run.cpu:7.3f} s) {run.peak_mb:7.1f} MB", flush=True)
    return runs


def _indent(text: str) -> str:
    return "\n".join("    | " + line for line in text.rstrip().splitlines())


# --- reporting ---------------------------------------------------------------------------


def machine(python: str) -> dict[str, str]:
    """What the figures were measured on."""
    probe = ("import sys, yaml; print(sys.version.split()[0]); print(yaml.__version__); "
             "print(getattr(yaml, '__with_libyaml__', False))")
    out = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=False).stdout.split()
    version, pyyaml, libyaml = (out + ["?", "?", "?"])[:3]
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True, check=False).stdout.strip() or "?"
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "src"],
                           capture_output=True, text=True, check=False).stdout.strip()
    return {
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %z"),
        "machine": f"{platform.system()} {platform.machine()}, nproc {cpus}" + (f", {model}" if model else ""),
        "python": f"{version} ({python})",
        "pyyaml": f"{pyyaml}, " + ("with libyaml (C loader)" if libyaml == "True" else "WITHOUT libyaml (pure Python)"),
        "giamngheo": commit + (" + uncommitted changes in src/" if dirty else ""),
    }


def ratio(a: Run, b: Run | None) -> str:
    if b is None or a.failed or b.failed or b.seconds <= 0:
        return "—"
    return f"{a.seconds / b.seconds:.2f}×"


def render(runs: dict[tuple[str, int | None], Run], sizes: list[int], repeat: int, info: dict[str, str]) -> str:
    """The results as markdown: the main table, then the linearity check."""
    lines = [
        "# giamngheo benchmark results", "",
        f"- date: {info['date']}",
        f"- machine: {info['machine']}",
        f"- python: {info['python']}",
        f"- PyYAML: {info['pyyaml']}",
        f"- giamngheo: {info['giamngheo']}",
        f"- best of {repeat} interleaved run(s) each; every figure is a whole process (start-up included): wall time, "
        f"CPU time (user + system) and peak memory (maximum resident set, ru_maxrss); ratios are of wall time",
        "",
        "| measurement | files | time (s) | CPU (s) | peak memory (MB) | time × floor | memory × floor | floor |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]

    def row(run: Run | None, floor: Run | None, floor_name: str) -> None:
        if run is None:
            return
        files = f"{run.files:,}" if run.files is not None else ""
        if run.failed:
            lines.append(f"| {run.name} | {files} | FAILED ({run.failed}) | | | | | |")
            return
        mem = f"{run.peak_mb / floor.peak_mb:.2f}×" if floor and not floor.failed and floor is not run else "—"
        lines.append(f"| {run.name} | {files} | {run.seconds:.3f} | {run.cpu:.3f} | {run.peak_mb:.1f} | "
                     f"{ratio(run, floor) if floor is not run else '—'} | {mem} | {floor_name if floor is not run else ''} |")

    typer_floor = runs.get(("import typer", None))
    row(typer_floor, typer_floor, "")
    row(runs.get(("giamngheo --help", None)), typer_floor, "import typer")
    for n in sizes:
        floor = runs.get(("parse floor", n))
        row(floor, floor, "")
        row(runs.get(("validate", n)), floor, "parse floor")
        row(runs.get(("status --format json", n)), floor, "parse floor")
        row(runs.get(("report (xlsx)", n)), runs.get(("status --format json", n)), "status --format json")

    lines += ["", "## Linearity", "",
              "Time per file: the whole run divided by the number of files (start-up included, so it falls "
              "as the size grows), and the marginal cost of each file between one size and the next "
              "(start-up cancels out). Cost is linear when the marginal cost stays flat.", "",
              "| measurement | files | ms per file (whole run) | ms per file (marginal, from the previous size) |",
              "| --- | ---: | ---: | ---: |"]
    for name in ("parse floor", "validate", "status --format json"):
        prev: Run | None = None
        for n in sizes:
            run = runs.get((name, n))
            if run is None or run.failed:
                continue
            marginal = "—"
            if prev is not None and run.files and prev.files and run.files > prev.files:
                marginal = f"{(run.seconds - prev.seconds) / (run.files - prev.files) * 1000:.4f}"
            lines.append(f"| {name} | {n:,} | {run.seconds / n * 1000:.4f} | {marginal} |")
            prev = run
    return "\n".join(lines) + "\n"


def write_results(path: Path, text: str) -> None:
    """Write TEXT to PATH, keeping a hand-written '## Changes' section already in the file."""
    kept = ""
    if path.is_file():
        old = path.read_text(encoding="utf-8")
        at = old.find("\n" + CHANGES_HEADING)
        if at >= 0:
            kept = "\n" + old[at + 1:]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + kept, encoding="utf-8")


# --- main ----------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,50000", help="comma-separated numbers of submission files")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the best is kept (default 3)")
    parser.add_argument("--quick", action="store_true",
                        help=f"only 1 000 files, 1 run each; results go to {_rel(QUICK_RESULTS)}")
    parser.add_argument("--seed", type=int, default=SEED, help=f"random seed of the synthetic data (default {SEED})")
    parser.add_argument("--python", default=sys.executable, help="the interpreter to measure (default: this one)")
    parser.add_argument("--output", type=Path, help=f"where to write the results (default {_rel(RESULTS)})")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.repeat = "1000", 1
    try:
        args.sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes {args.sizes!r}: give numbers separated by commas, such as 1000,10000")
    if not args.sizes or min(args.sizes) <= 0 or args.repeat < 1:
        parser.error("--sizes needs positive numbers and --repeat at least 1")
    args.sizes = sorted(set(args.sizes))
    args.output = args.output or (QUICK_RESULTS if args.quick else RESULTS)
    return args


def main(argv: list[str]) -> int:
    if argv[:1] == [BUILD_FLAG]:
        folder, count, seed = argv[1:4]
        write_submissions(Path(folder), int(count), int(seed))
        return 0
    args = parse_args(argv)
    py = args.python
    print(f"Workspaces (seed {args.seed}):", flush=True)
    workspaces = {n: ensure_workspace(n, args.seed, py) for n in args.sizes}
    smallest = str(workspaces[args.sizes[0]])
    print("Warming up (untimed: bytecode and file caches)", flush=True)
    for cmd in (["validate", "--data-dir", smallest], ["status", "--format", "json", "--as-of", AS_OF, "--data-dir", smallest]):
        subprocess.run([py, "-m", "giamngheo", *cmd], env=child_env(), cwd=ROOT, check=False,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print(f"Measuring with {py}, best of {args.repeat}:", flush=True)
    plan: list[tuple[str, int | None, list[str]]] = [
        ("import typer", None, [py, "-c", "import typer"]),
        ("giamngheo --help", None, [py, "-m", "giamngheo", "--help"]),
    ]
    for n, ws in workspaces.items():
        plan += [
            ("parse floor", n, [py, "-c", PARSE_FLOOR, str(ws / "submissions")]),
            ("validate", n, [py, "-m", "giamngheo", "validate", "--data-dir", str(ws)]),
            ("status --format json", n,
             [py, "-m", "giamngheo", "status", "--format", "json", "--as-of", AS_OF, "--data-dir", str(ws)]),
            ("report (xlsx)", n,
             [py, "-m", "giamngheo", "report", "--as-of", AS_OF, "--force", "-o", str(WORK / f"report-{n}.xlsx"),
              "--data-dir", str(ws)]),
        ]
    runs = measure_all(plan, args.repeat)
    text = render(runs, args.sizes, args.repeat, machine(py))
    write_results(args.output, text)
    print("\n" + text)
    print(f"Written to {_rel(args.output)}")
    failed = [f"{r.name}" + (f" ({r.files:,} files)" if r.files else "") for r in runs.values() if r.failed]
    if failed:
        print(f"bench/run.py: {len(failed)} measured command(s) failed: {', '.join(failed)}. If `validate` "
              f"refuses the synthetic files after a change to the submission format, delete {_rel(WORK)}/ "
              f"to rebuild them.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
