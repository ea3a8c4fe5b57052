"""The parse cache never lies: every command prints the same with and without it, whatever
happens to the files between runs, when two processes write it at once, or when one is killed."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from giamngheo.checks.submission import _is_clean, check_submission
from giamngheo.cli import app
from giamngheo.core.yamlsafe import YamlDoc
from giamngheo.model.plan import Plan, load_plan
from giamngheo.model.submission import PROVINCE, Stored
from giamngheo.store.cache import CACHE_DIR, CACHE_FILE

REPO = Path(__file__).resolve().parents[1]
Run = Callable[..., Result]
RECORDS = [
    ["so-y-te", "--date", "08/12/2017", "--source", "245/BC-SYT", "bhyt-can-ngheo=340.112", "bhyt-can-ngheo-ty-le=84,1"],
    ["Sở Xây dựng", "--date", "09/12/2017", "--as-of", "30/11/2017", "--source", "310/BC-SXD",
     "nha-o-qd22=9.870", "nha-o-qd48=1.641", "nha-o-qd33=3.100"],
    ["ubnd-huyen", "--unit", "Mường Lát", "--date", "10/12/2017", "--source", "55/BC-UBND", "nha-tieu=1.200",
     "--base", "nha-tieu-ty-le=2.600"],
    ["so-ldtbxh", "--date", "28/09/2017", "--source", "1200/SLĐTBXH", "--done", "ldtbxh-tap-huan"],
]
# Every command that reads submissions, in every format it has.
COMMANDS = [
    [cmd, "--format", fmt, *extra]
    for cmd, extra in (("status", ["--as-of", "12/12/2017"]), ("status", ["--by", "unit", "--as-of", "12/12/2017"]),
                       ("overdue", ["--as-of", "12/12/2017"]), ("submissions", []), ("history", ["nha-o-qd22"]))
    for fmt in ("plain", "markdown", "csv", "json", "table")
] + [["validate"], ["validate", "--format", "json"], ["plans", "--format", "json"]]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    (data / "submissions").mkdir(parents=True)
    shutil.copyfile(REPO / "data" / "plan_2017.yaml", data / "plan_2017.yaml")
    for args in RECORDS:
        result = CliRunner().invoke(app, ["record", *args, "--by", "Lan", "--data-dir", str(data), "--format", "json"])
        assert result.exit_code == 0, result.output
    return data


def outputs(data: Path, cached: bool) -> list[tuple[int, str, str]]:
    env = {"NO_COLOR": "1", "COLUMNS": "120", "GIAMNGHEO_NO_CACHE": None if cached else "1"}
    results = [CliRunner().invoke(app, [*cmd, "--data-dir", str(data)], env=env) for cmd in COMMANDS]
    return [(r.exit_code, r.stdout, r.stderr) for r in results]


def test_deleting_the_cache_changes_no_output(data: Path) -> None:
    uncached = outputs(data, cached=False)
    assert not (data / CACHE_DIR).exists()
    cold = outputs(data, cached=True)  # the first run builds the cache
    assert (data / CACHE_DIR / CACHE_FILE).is_file()
    warm = outputs(data, cached=True)
    shutil.rmtree(data / CACHE_DIR)
    rebuilt = outputs(data, cached=True)
    assert cold == warm == rebuilt == uncached
    assert all(code == 0 for code, _, _ in uncached)


def test_a_corrupt_cache_is_ignored_and_rebuilt(data: Path) -> None:
    expected = outputs(data, cached=False)
    outputs(data, cached=True)
    (data / CACHE_DIR / CACHE_FILE).write_bytes(b"not a database at all" * 100)
    assert outputs(data, cached=True) == expected
    with sqlite3.connect(data / CACHE_DIR / CACHE_FILE) as db:  # rebuilt as a real database
        assert db.execute("SELECT count(*) FROM records").fetchone() == (len(RECORDS),)


def test_a_cache_of_another_version_is_rebuilt(data: Path) -> None:
    expected = outputs(data, cached=False)
    outputs(data, cached=True)
    with sqlite3.connect(data / CACHE_DIR / CACHE_FILE) as db:
        db.execute("UPDATE meta SET value = '0.0.0' WHERE key = 'giamngheo'")
        db.execute("UPDATE records SET record = '[\"lies\"]'")
    assert outputs(data, cached=True) == expected


def test_a_damaged_row_is_read_from_its_file(data: Path) -> None:
    expected = outputs(data, cached=False)
    outputs(data, cached=True)
    with sqlite3.connect(data / CACHE_DIR / CACHE_FILE) as db:
        db.execute("UPDATE records SET record = '[1, 2]'")
    assert outputs(data, cached=True) == expected


def test_a_read_only_workspace_works_without_a_cache(data: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    expected = outputs(data, cached=False)
    data.chmod(0o555)
    try:
        assert outputs(data, cached=True) == expected
    finally:
        data.chmod(0o755)


SUBMISSION = """\
schema_version: 2
plan: 2017
agency: {agency}
unit: {unit}
reported: 2017-12-{day:02d}
as_of: 2017-12-{day:02d}
source: {source}
values:
  {indicator}: {value}
recorded_at: 2017-12-{day:02d}T09:00:00+07:00
recorded_by: Lan
"""
FILES = st.builds(
    lambda agency_indicator, unit, day, value, source: SUBMISSION.format(
        agency=agency_indicator[0], indicator=agency_indicator[1], unit=unit, day=day, value=value, source=source),
    st.sampled_from([("so-xay-dung", "nha-o-qd22"), ("so-y-te", "bhyt-can-ngheo"), ("so-y-te", "nha-o"),
                     ("so-nnptnt", "nha-tieu-ty-le"), ("ubnd-huyen", "nha-o-qd33")]),
    st.sampled_from([PROVINCE, "muong-lat", "nhu-xuan", "khong-co"]),
    st.integers(1, 12), st.sampled_from(["0", "95", "3100", "84.1", "101", "-1", "1.5", "x"]),
    st.sampled_from(["1/BC", "'=HYPERLINK()'", "Sở Y tế"]),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["add", "edit", "remove"]), st.integers(0, 5), FILES), min_size=1, max_size=8))
def test_random_edits_between_runs_agree_with_no_cache(data: Path, steps: list[tuple[str, int, str]]) -> None:
    """Files are added, edited and removed between runs; each cached run prints what an uncached one does."""
    folder = data / "submissions"
    for action, n, text in steps:
        path = folder / f"2017-12-0{n}_test_{n:08x}.yaml"
        if action == "remove":
            path.unlink(missing_ok=True)
        else:
            path.write_text(text, encoding="utf-8")
        for cmd in (["status", "--format", "json", "--as-of", "12/12/2017"], ["validate", "--format", "json"]):
            cached = CliRunner().invoke(app, [*cmd, "--data-dir", str(data)])
            fresh = CliRunner().invoke(app, [*cmd, "--data-dir", str(data)], env={"GIAMNGHEO_NO_CACHE": "1"})
            assert (cached.exit_code, cached.stdout, cached.stderr) == (fresh.exit_code, fresh.stdout, fresh.stderr)


WRITER = textwrap.dedent("""
    import sys
    from giamngheo.cli import main
    sys.argv = ["giamngheo", "validate", "--format", "json", "--data-dir", sys.argv[1]]
    main()
""")


def test_processes_writing_the_cache_at_once_never_corrupt_it(data: Path) -> None:
    expected = outputs(data, cached=False)
    folder = data / "submissions"
    template = (next(folder.glob("*so-y-te*"))).read_text(encoding="utf-8")
    for n in range(40):  # enough new files that every process has records to write
        (folder / f"2017-12-08_so-y-te_{n:08x}.yaml").write_text(
            template.replace("340112", str(340000 + n)), encoding="utf-8")
    expected = outputs(data, cached=False)
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(data)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE) for _ in range(6)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    with sqlite3.connect(data / CACHE_DIR / CACHE_FILE) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert outputs(data, cached=True) == expected


def test_a_process_killed_while_writing_leaves_a_cache_the_next_run_can_use(data: Path) -> None:
    folder = data / "submissions"
    template = (next(folder.glob("*so-y-te*"))).read_text(encoding="utf-8")
    for n in range(300):
        (folder / f"2017-12-08_so-y-te_{n:08x}.yaml").write_text(
            template.replace("340112", str(340000 + n)), encoding="utf-8")
    expected = outputs(data, cached=False)
    for delay in (0.05, 0.2, 0.4, 0.8):
        shutil.rmtree(data / CACHE_DIR, ignore_errors=True)
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(data)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)
        assert outputs(data, cached=True) == expected


# ---------------------------------------------------------------- the fast path of the checks


@pytest.fixture(scope="module")
def plan() -> Plan:
    loaded, _, _ = load_plan(REPO / "data" / "plan_2017.yaml")
    assert loaded is not None
    return loaded


@settings(max_examples=400, deadline=None)
@given(agency=st.sampled_from(["so-y-te", "so-xay-dung", "ubnd-huyen", "so-ldtbxh", "khong-co"]),
       unit=st.sampled_from([PROVINCE, "muong-lat"]), year=st.sampled_from([2017, 2018]),
       values=st.dictionaries(st.sampled_from(["nha-o", "bhyt-can-ngheo", "bhyt-can-ngheo-ty-le", "ty-le-ho-ngheo", "x"]),
                              st.sampled_from([Decimal(0), Decimal(5), Decimal("5.5"), Decimal(-1), Decimal(101),
                                               Decimal("99.9"), Decimal("3.0")]), max_size=3),
       done=st.lists(st.sampled_from(["yte-bao-cao", "ldtbxh-tap-huan", "x"]), max_size=2),
       days=st.tuples(st.integers(-400, 40), st.integers(0, 3), st.integers(0, 3)))
def test_the_fast_path_agrees_with_the_full_check(plan: Plan, agency: str, unit: str, year: int,
                                                  values: dict[str, Decimal], done: list[str],
                                                  days: tuple[int, int, int]) -> None:
    as_of = dt.date(2017, 12, 1) + dt.timedelta(days=days[0])
    reported = as_of + dt.timedelta(days=days[1])
    recorded = dt.datetime.combine(reported + dt.timedelta(days=days[2]), dt.time(9), dt.timezone.utc)
    sub = Stored(year, agency, unit, reported, as_of, "1/BC", values, {}, tuple(done), None, recorded, "Lan",
                 Path("s"), "f.yaml")
    full = check_submission(sub, YamlDoc(None, {}), "f.yaml", plan, dt.date(2017, 12, 20))
    assert _is_clean(sub, plan, dt.date(2017, 12, 20), None) <= (full == [])
