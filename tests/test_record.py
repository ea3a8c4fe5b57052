"""Recording a report: what the analyst types, what is stored, and what is refused (leaving no trace)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from childtime import HANG_AFTER

from giamngheo.intake.lookup import LookupFailed, find_agency, find_indicator
from giamngheo.core.formats import format_number
from giamngheo.model.plan import Plan, load_plan
from giamngheo.intake.record import build_submission, record
from giamngheo.model.submission import Submission
from giamngheo.store.submissions import read_submission

pytestmark = pytest.mark.usefixtures("english_messages")  # problems in the catalogue's own words

REPO = Path(__file__).resolve().parents[1]
Run = Callable[..., Result]


@pytest.fixture(scope="module")
def plan() -> Plan:
    loaded, _, _ = load_plan(REPO / "data" / "plan_2017.yaml")
    assert loaded is not None
    return loaded


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every entry under FOLDER by relative name, with the bytes of each file."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else b"<dir>") for p in sorted(folder.rglob("*"))}


def stored_files(data: Path) -> list[Path]:
    return sorted((data / "submissions").iterdir())


# ---------------------------------------------------------------- recording and reading back


def test_record_then_read_back(workspace: Path, run: Run) -> None:
    result = run("record", "so-y-te", "--date", "08/12/2017", "--as-of", "30/11/2017", "--source", "245/BC-SYT",
                 "--by", "Nguyễn Thị Lan", "--note", "Số liệu sơ bộ",
                 "bhyt-can-ngheo=340.112", "bhyt-can-ngheo-ty-le=84,1", "--data-dir", "data", "--lang", "vi")
    assert (result.exit_code, result.stderr) == (0, "")
    [path] = stored_files(workspace)
    assert path.name.startswith("2017-12-08_so-y-te_") and path.suffix == ".yaml"
    assert result.stdout.endswith(
        "Sở Y tế — 245/BC-SYT, báo cáo ngày 08/12/2017, số liệu đến ngày 30/11/2017\n"
        f"Đã lưu vào data/submissions/{path.name}\n")
    table = {row[0]: row[1:] for row in (re.split(r"\s{2,}", line.strip()) for line in result.stdout.splitlines())}
    assert table["bhyt-can-ngheo"] == ["Khẩu cận nghèo có thẻ và được hỗ trợ mua thẻ bảo hiểm y tế", "340.112", "khẩu"]
    assert table["bhyt-can-ngheo-ty-le"] == ["Tỷ lệ khẩu cận nghèo có thẻ bảo hiểm y tế", "84,1", "%"]

    sub, _, problems = read_submission(path)
    assert problems == []
    assert sub is not None
    assert (sub.agency, sub.reported, sub.as_of, sub.source, sub.note, sub.recorded_by, sub.done) == (
        "so-y-te", dt.date(2017, 12, 8), dt.date(2017, 11, 30), "245/BC-SYT", "Số liệu sơ bộ", "Nguyễn Thị Lan", [])
    assert sub.values == {"bhyt-can-ngheo": Decimal(340112), "bhyt-can-ngheo-ty-le": Decimal("84.1")}
    assert sub.recorded_at.tzinfo is not None


def test_record_prints_machine_json(workspace: Path, run: Run) -> None:
    result = run("record", "Sở Xây dựng", "--date", "2017-12-09", "--source", "1234/SXD-QLN", "--by", "Lan",
                 "nha-o=14.996", "--format", "json", "--data-dir", "data", "--lang", "vi")
    assert (result.exit_code, result.stderr) == (0, "")
    [path] = stored_files(workspace)
    assert json.loads(result.stdout) == {
        "recorded": [{"indicator": "nha-o", "name": "Hộ nghèo được hỗ trợ nhà ở kiên cố (tối thiểu 8m²/người)",
                      "value": 14996, "unit": "households"}],
        "file": f"data/submissions/{path.name}",
        "agency": "so-xay-dung",
        "reported": "2017-12-09",
        "as_of": "2017-12-09",
        "source": "1234/SXD-QLN",
    }


@pytest.mark.parametrize(("query", "agency"), [
    ("so-y-te", "so-y-te"),
    ("Sở Y tế", "so-y-te"),
    ("So Y te", "so-y-te"),
    ("sở y tế", "so-y-te"),
    ("SỞ Y TẾ", "so-y-te"),
    ("Department of Health", "so-y-te"),
    ("Sở LĐ-TB&XH", "so-ldtbxh"),          # the abbreviation
    ("LĐTBXH", "so-ldtbxh"),
    ("DOLISA", "so-ldtbxh"),
    ("Sở GD&ĐT", "so-gddt"),
    ("So Nong nghiep", "so-nnptnt"),
    ("UBND tỉnh Thanh Hoá", "ubnd-tinh"),   # the tone mark on the a ...
    ("UBND tỉnh Thanh Hóa", "ubnd-tinh"),   # ... or on the o: both are in official use
    ("Uỷ ban Mặt trận Tổ quốc Việt Nam tỉnh", "mttq-tinh"),
    ("Ban Dân tộc", "ban-dan-toc"),
])
def test_agencies_are_found_by_id_abbreviation_or_name(plan: Plan, query: str, agency: str) -> None:
    assert find_agency(plan, query) == agency


@pytest.mark.parametrize(("query", "indicator"), [
    ("bhyt-can-ngheo", "bhyt-can-ngheo"),
    ("ty le ho ngheo", "ty-le-ho-ngheo"),
    ("Tỷ lệ hộ nghèo chung cả tỉnh", "ty-le-ho-ngheo"),
    ("Tỷ lệ hộ nghèo được hỗ trợ và có nhà tiêu hợp vệ sinh", "nha-tieu-ty-le"),
    ("Province-wide poverty rate", "ty-le-ho-ngheo"),
])
def test_indicators_are_found_by_id_or_name(plan: Plan, query: str, indicator: str) -> None:
    assert find_indicator(plan, query) == indicator


@pytest.mark.parametrize(("query", "message"), [
    ("ubnd", "'ubnd' matches several agencies: ubnd-tinh (UBND tỉnh Thanh Hoá); "
             "ubnd-huyen (UBND các huyện, thị xã, thành phố). Type more of the name, or an id"),
    ("Sở", "'Sở' matches several agencies: so-ldtbxh (Sở Lao động - Thương binh và Xã hội); "
           "so-gddt (Sở Giáo dục và Đào tạo); so-y-te (Sở Y tế); so-xay-dung (Sở Xây dựng); "
           "so-nnptnt (Sở Nông nghiệp và Phát triển nông thôn); so-tttt (Sở Thông tin và Truyền thông); "
           "so-khdt (Sở Kế hoạch và Đầu tư); so-tai-chinh (Sở Tài chính); "
           "so-nganh-lien-quan (Các sở, ban, ngành có liên quan). Type more of the name, or an id"),
    ("So Y tee", "unknown agency 'So Y tee' (did you mean so-y-te: Sở Y tế?)"),
    ("Bộ Quốc phòng", "unknown agency 'Bộ Quốc phòng'; `giamngheo agencies` lists them"),  # nothing close: no suggestion
    ("", "no agency given"),
])
def test_names_that_find_no_single_agency(plan: Plan, query: str, message: str) -> None:
    with pytest.raises(LookupFailed) as caught:
        find_agency(plan, query)
    assert str(caught.value) == message


def test_an_accentless_name_records_for_the_agency_it_names(workspace: Path, run: Run) -> None:
    result = run("record", "So Y te", "--date", "08/12/2017", "--source", "245/BC-SYT", "--by", "Lan",
                 "bhyt-can-ngheo=340112", "--data-dir", "data")
    assert result.exit_code == 0
    [path] = stored_files(workspace)
    sub, _, _ = read_submission(path)
    assert sub is not None and sub.agency == "so-y-te"


# ---------------------------------------------------------------- refusals leave nothing behind

OK = ["--source", "245/BC-SYT", "--by", "Lan"]  # what every refused command below gets right
REFUSED = [
    (["so-y-te", *OK, "bhyt-can-ngheo=nhiều"],
     "bhyt-can-ngheo=nhiều: 'nhiều' is not a whole number; a count takes digits with '.' or ',' between thousands, "
     "such as 14.996 or 14996"),
    (["so-y-te", *OK, "bhyt-can-ngheo=-5"], "bhyt-can-ngheo=-5: '-5' is negative; a count must be 0 or more"),
    (["so-xay-dung", *OK, "nha-o=10,5"],
     "nha-o=10,5: '10,5' is not a whole number; a count takes digits with '.' or ',' between thousands, "
     "such as 14.996 or 14996"),
    (["so-y-te", *OK, "bhyt-can-ngheo-ty-le=101%"],
     "bhyt-can-ngheo-ty-le=101%: '101%' is over 100; a percentage lies between 0 and 100"),
    (["so-y-te", *OK, "bhyt-can-ngheo-ty-le=NaN"],
     "bhyt-can-ngheo-ty-le=NaN: 'NaN' is not a percentage; type a number from 0 to 100 with ',' or '.' as the "
     "decimal mark, such as 8,49 or 8.49%"),
    (["so-y-te", *OK, "--date", "30/02/2017", "bhyt-can-ngheo=1"], "--date: '30/02/2017' is not a real date"),
    (["so-y-te", *OK, "--as-of", "31/04/2017", "bhyt-can-ngheo=1"], "--as-of: '31/04/2017' is not a real date"),
    (["Sở Y khoa", *OK, "bhyt-can-ngheo=1"],
     "AGENCY Sở Y khoa: unknown agency 'Sở Y khoa'; `giamngheo agencies` lists them"),
    (["ubnd", *OK, "bhyt-can-ngheo=1"],
     "AGENCY ubnd: 'ubnd' matches several agencies: ubnd-tinh (UBND tỉnh Thanh Hoá); "
     "ubnd-huyen (UBND các huyện, thị xã, thành phố). Type more of the name, or an id"),
    (["so-y-te", *OK, "bhyt-ngheo=1"],
     "bhyt-ngheo=1: unknown indicator 'bhyt-ngheo' (did you mean bhyt-can-ngheo: "
     "Khẩu cận nghèo có thẻ và được hỗ trợ mua thẻ bảo hiểm y tế?)"),
    (["so-y-te", *OK, "bhyt-can-ngheo=1", "bhyt-can-ngheo=2"], "bhyt-can-ngheo=2: 'bhyt-can-ngheo' is given twice"),
    (["so-y-te", *OK, "bhyt-can-ngheo"],
     "'bhyt-can-ngheo': write each figure as INDICATOR=VALUE, such as bhyt-can-ngheo=340.112"),
    (["so-y-te", *OK, "--done", "xd-bao-cao"], "task 'xd-bao-cao' is not assigned to 'so-y-te'"),
    (["so-y-te", *OK, "--done", "yte-bao-cao", "--done", "yte-bao-cao"],
     "--done yte-bao-cao: 'yte-bao-cao' is given twice"),
    (["so-y-te", *OK], "nothing to record: give INDICATOR=VALUE figures or --done TASK"),
    (["so-y-te", "--source", "245/BC-SYT\x01", "--by", "Lan", "bhyt-can-ngheo=1"],
     "--source holds the invisible or unprintable character U+0001; remove it"),
    (["so-y-te", "--source", "x" * 301, "--by", "Lan", "bhyt-can-ngheo=1"],
     "--source is 301 characters long; at most 300 are allowed"),
    (["so-y-te", *OK, "--note", "Số liệu \u202eđã duyệt", "bhyt-can-ngheo=1"],
     "--note holds the invisible or unprintable character U+202E; remove it"),
    (["so-y-te", *OK, "--note", "x" * 2001, "bhyt-can-ngheo=1"],
     "--note is 2,001 characters long; at most 2,000 are allowed"),
    (["so-y-te", "--source", "245/BC-SYT", "--by", "Lan\nAnh", "bhyt-can-ngheo=1"],
     "--by holds the invisible or unprintable character U+000A; remove it"),
]


@pytest.mark.parametrize(("args", "message"), REFUSED, ids=[m.split(":")[0][:40] for _, m in REFUSED])
def test_refused_input_says_why_and_writes_nothing(workspace: Path, run: Run, args: list[str], message: str) -> None:
    earlier = run("record", "so-y-te", "--date", "01/12/2017", *OK, "bhyt-can-ngheo=300.000", "--data-dir", "data")
    assert earlier.exit_code == 0
    before = snapshot(workspace)
    result = run("record", *args, "--data-dir", "data")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"giamngheo: error: {message}\n")
    assert snapshot(workspace) == before


def test_missing_source_is_refused(workspace: Path, run: Run) -> None:
    before = snapshot(workspace)
    result = run("record", "so-y-te", "--by", "Lan", "bhyt-can-ngheo=1", "--data-dir", "data")
    assert (result.exit_code, result.stderr) == (
        1, "giamngheo: error: --source is required: the number of the agency's report, such as 245/BC-SYT\n")
    blank = run("record", "so-y-te", "--by", "Lan", "--source", "  ", "bhyt-can-ngheo=1", "--data-dir", "data")
    assert (blank.exit_code, blank.stderr) == (
        1, "giamngheo: error: --source is empty: give the report's number, such as 245/BC-SYT\n")
    assert snapshot(workspace) == before


def test_a_report_dated_after_today_is_refused(workspace: Path, run: Run) -> None:
    before = snapshot(workspace)
    first_day = dt.datetime.now().astimezone().date()
    result = run("record", "so-y-te", "--date", "2999-01-01", "--source", "245/BC-SYT", "--by", "Lan",
                 "bhyt-can-ngheo=1", "--data-dir", "data")
    last_day = dt.datetime.now().astimezone().date()
    assert result.exit_code == 1
    assert result.stderr in {f"giamngheo: error: --date 2999-01-01 is after today ({day.isoformat()})\n"
                             for day in (first_day, last_day)}
    assert snapshot(workspace) == before


def test_every_mistake_is_reported_at_once(workspace: Path, run: Run) -> None:
    result = run("record", "so-y-te", "--source", "245/BC-SYT", "--by", "Lan", "bhyt-can-ngheo=-1",
                 "bhyt-can-ngheo-ty-le=200", "--data-dir", "data")
    assert result.exit_code == 1
    assert result.stderr == (
        "giamngheo: error: bhyt-can-ngheo=-1: '-1' is negative; a count must be 0 or more\n"
        "giamngheo: error: bhyt-can-ngheo-ty-le=200: '200' is over 100; a percentage lies between 0 and 100\n"
    )
    assert stored_files(workspace) == []


# ---------------------------------------------------------------- round trip

printable = st.text(st.characters(codec="utf-8").filter(str.isprintable), min_size=1, max_size=60)
counts = st.integers(min_value=0, max_value=10**12)
percents = st.integers(min_value=0, max_value=6).flatmap(lambda places: st.decimals(min_value=0, max_value=100, places=places))
NOW = dt.datetime(2017, 12, 9, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    count=counts, rate=percents, lang=st.sampled_from(["vi", "en"]),
    source=printable.filter(lambda s: s.strip()), note=st.none() | printable, by=printable.filter(lambda s: s.strip()),
)
def test_what_is_recorded_is_what_is_read_back(plan: Plan, count: int, rate: Decimal, lang: str, source: str,
                                               note: str | None, by: str) -> None:
    sub = build_submission(
        plan, agency="Sở Y tế", reported=dt.date(2017, 12, 8), source=source,
        values=[("bhyt-can-ngheo", format_number(count, lang)), ("bhyt-can-ngheo-ty-le", format_number(rate, lang))],
        note=note, by=by, now=NOW,
    )
    assert sub.values == {"bhyt-can-ngheo": Decimal(count), "bhyt-can-ngheo-ty-le": rate}
    assert sub.source == unicodedata.normalize("NFC", " ".join(source.split()))
    assert sub.note == (unicodedata.normalize("NFC", note.strip()) if note and note.strip() else None)
    with tempfile.TemporaryDirectory() as folder:
        path = record(plan, sub, Path(folder))
        back, _, problems = read_submission(path)
    assert problems == []
    assert back == sub
    assert isinstance(back, Submission)


# ---------------------------------------------------------------- corrections and history


def test_a_correction_supersedes_but_keeps_the_first_record(workspace: Path, run: Run) -> None:
    for value in ("340.112", "341.000"):
        result = run("record", "so-y-te", "--date", "08/12/2017", "--source", "245/BC-SYT", "--by", "Lan",
                     f"bhyt-can-ngheo={value}", "--data-dir", "data")
        assert result.exit_code == 0
    assert len(stored_files(workspace)) == 2
    history = run("history", "bhyt-can-ngheo", "--format", "json", "--data-dir", "data")
    assert history.exit_code == 0
    rows = json.loads(history.stdout)["history"]
    assert [(r["value"], r["state"], r["as_of"]) for r in rows] == [
        (340112, "superseded", "2017-12-08"), (341000, "current", "2017-12-08")]
    plain = run("history", "bhyt-can-ngheo", "--data-dir", "data", "--lang", "vi")
    rows = [re.split(r"\s{2,}", line) for line in plain.stdout.splitlines() if line.startswith("08/12/2017")]
    assert [row[2:6] for row in rows] == [
        ["340.112", "so-y-te", "245/BC-SYT", "đã thay thế"], ["341.000", "so-y-te", "245/BC-SYT", "hiện hành"]]
    assert run("validate", "--data-dir", "data").exit_code == 0


# ---------------------------------------------------------------- many at once


def test_twenty_records_at_the_same_moment_all_land(workspace: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "GIAMNGHEO_DATA"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "giamngheo", "record", "so-y-te", "--date", "08/12/2017", "--source", f"{n}/BC-SYT",
             "--by", f"may-{n}", f"bhyt-can-ngheo={n}", "--format", "json", "--data-dir", str(workspace)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=workspace.parent,
        )
        for n in range(20)
    ]
    outcomes = []
    for proc in procs:
        out, err = proc.communicate(timeout=HANG_AFTER)  # only a hang: CPU time is not promised here
        outcomes.append((proc.returncode, err, out))
    assert [(code, err) for code, err, _ in outcomes] == [(0, b"")] * 20
    files = stored_files(workspace)
    assert len(files) == 20
    subs = [read_submission(path) for path in files]
    assert [problems for _, _, problems in subs] == [[]] * 20
    assert sorted(sub.values["bhyt-can-ngheo"] for sub, _, _ in subs if sub) == [Decimal(n) for n in range(20)]
    assert sorted(json.loads(out)["file"] for _, _, out in outcomes) == sorted(str(f) for f in files)
    check = subprocess.run([sys.executable, "-m", "giamngheo", "validate", "--lang", "en", "--data-dir", str(workspace)],
                           capture_output=True, text=True, env=env)
    assert check.returncode == 0
    assert check.stdout == "1 plan, 20 submissions, 17 targets, 13 agencies, 36 tasks checked: 0 errors, 3 warnings.\n"


# ---------------------------------------------------------------- places that are refused


@pytest.mark.parametrize("target", ["../elsewhere", "real"])  # outside the workspace, and inside it
def test_a_symlinked_submissions_folder_is_refused(tmp_path: Path, workspace: Path, run: Run, target: str) -> None:
    real = (workspace / target).resolve()
    real.mkdir()
    (workspace / "submissions").rmdir()
    (workspace / "submissions").symlink_to(real, target_is_directory=True)
    result = run("record", "so-y-te", "--source", "245/BC-SYT", "--by", "Lan", "bhyt-can-ngheo=1", "--data-dir", "data")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "giamngheo: error: data/submissions: is a symbolic link; submissions must live in a real folder\n")
    assert list(real.iterdir()) == []


def test_a_submission_the_reader_would_refuse_is_never_written(tmp_path: Path) -> None:
    from giamngheo.model.submission import Submission
    from giamngheo.store.submissions import StorageError, write_submission

    # Built past the checks on purpose: a bidi override that the reader refuses.
    sub = Submission.model_construct(
        schema_version=1, agency="so-y-te", reported=dt.date(2017, 12, 8), as_of=dt.date(2017, 12, 8),
        source="245\u202e/BC", values={"bhyt-can-ngheo": Decimal(1)}, done=[], note=None,
        recorded_at=dt.datetime(2017, 12, 9, tzinfo=dt.timezone.utc), recorded_by="Lan")
    with pytest.raises(StorageError, match="does not survive a round trip"):
        write_submission(sub, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_the_bundled_plan_is_read_only(tmp_path: Path, run: Run) -> None:
    assert not (tmp_path / "data").exists()
    bundled = REPO / "data" / "submissions"
    before = snapshot(bundled) if bundled.exists() else None
    result = run("record", "so-y-te", "--source", "245/BC-SYT", "--by", "Lan", "bhyt-can-ngheo=1")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "giamngheo: error: no workspace here: the bundled plan is read-only. Run `giamngheo init DIR` to make one "
        "in DIR/data, then use --data-dir DIR/data or run from DIR\n")
    assert (snapshot(bundled) if bundled.exists() else None) == before


def test_a_missing_submissions_folder_is_named_with_the_way_to_make_it(workspace: Path, run: Run) -> None:
    (workspace / "submissions").rmdir()
    result = run("record", "so-y-te", "--source", "245/BC-SYT", "--by", "Lan", "bhyt-can-ngheo=1", "--data-dir", "data")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("giamngheo: error: data/submissions: the submissions folder does not exist; "
                             "create it (mkdir data/submissions)\n")
    assert not (workspace / "submissions").exists()
