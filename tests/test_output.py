"""How output fits where it goes: a narrow terminal, a csv for Excel, one table at a time, and a
command run outside any workspace."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

Run = Callable[..., Result]
RECORD = ("record", "so-xay-dung", "--date", "08/12/2017", "--source", "512/BC-SXD", "--data-dir", "data")


@pytest.fixture
def recorded(workspace: Path, run: Run) -> Path:
    """The workspace with one figure of five digits, which a narrow table used to split."""
    assert run(*RECORD, "nha-o=14.611").exit_code == 0
    return workspace


def table_at(run: Run, width: int, *extra: str) -> str:
    result = run("status", "--as-of", "11/12/2017", "--format", "table", "--data-dir", "data", *extra,
                 env={"COLUMNS": str(width), "NO_COLOR": "1"})
    assert (result.exit_code, result.stderr) == (0, "")
    return result.stdout


@pytest.mark.parametrize("width", [80, 100, 120, 140])
def test_numbers_dates_and_headings_never_break_at_any_width(recorded: Path, run: Run, width: int) -> None:
    shown = table_at(run, width)
    assert max(len(line) for line in shown.splitlines()) <= width
    assert all(line.endswith(("│", "┃", "┓", "┩", "┘")) for line in shown.splitlines() if line.startswith(("│", "┃", "┏")))
    assert re.search(r"│ +14\.611 hộ │", shown)  # the figure and its unit on one line
    assert "08/12/2017" in shown or "11/12/2017" in shown
    for word in ("Actual", "Goal", "Status", "attained"):
        assert word in shown  # no heading split into "Actua" / "l"


def test_a_narrow_terminal_leaves_out_the_secondary_columns_and_says_so(recorded: Path, run: Run) -> None:
    narrow = table_at(run, 80)
    targets = narrow.split("Đã ẩn")[0]
    assert "Nguồn" not in targets and "Cơ quan" not in targets
    assert "Đã ẩn để vừa màn hình 80 cột: Cũ (ngày), Cơ quan, Nguồn; dùng --wide để hiện\n" in narrow
    wide = table_at(run, 80, "--wide")
    assert "Nguồn" in wide and "Đã ẩn" not in wide
    assert "Đã ẩn" not in table_at(run, 140)


def test_csv_holds_one_table_and_names_the_others(recorded: Path, run: Run) -> None:
    result = run("status", "--as-of", "11/12/2017", "--format", "csv", "--data-dir", "data")
    assert result.exit_code == 0
    assert result.stderr == ("giamngheo: cảnh báo: mỗi tệp csv chỉ chứa một bảng: đây là bảng 'targets'; "
                             "dùng --part reports|undated để lấy bảng khác\n")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][:3] == ["group", "id", "name"] and all(len(r) == len(rows[0]) for r in rows)
    reports = run("status", "--as-of", "11/12/2017", "--format", "csv", "--part", "reports", "--data-dir", "data")
    assert (reports.exit_code, reports.stderr) == (0, "")
    assert reports.stdout.splitlines()[0].startswith("item,agency,task,")


def test_excel_csv_starts_with_a_byte_order_mark(recorded: Path, run: Run) -> None:
    result = run("status", "--as-of", "11/12/2017", "--excel", "--part", "targets", "--data-dir", "data")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith("\ufeffgroup,id,name,")
    assert "\nII.2.c,nha-o,Hộ nghèo được hỗ trợ nhà ở kiên cố (tối thiểu 8m²/người),14996,households,14611," in result.stdout


@pytest.mark.parametrize(("args", "expected"), [
    (("--part", "nope"), "giamngheo: error: --part nope: the output has the tables targets, reports, undated\n"),
    (("--excel", "--format", "json"), "giamngheo: error: --excel writes csv; it cannot go with --format json\n"),
])
def test_output_options_that_cannot_be_met_are_refused(workspace: Path, run: Run, args: tuple[str, ...],
                                                       expected: str) -> None:
    result = run("status", "--data-dir", "data", "--lang", "en", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", expected)


def test_outside_a_workspace_one_line_says_the_bundled_plan_is_shown(
        run: Run, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    outside = tmp_path_factory.mktemp("elsewhere")
    monkeypatch.chdir(outside)
    result = run("status", "--as-of", "11/12/2017", "--lang", "en")
    assert result.exit_code == 0
    assert result.stderr == (f"giamngheo: warning: no workspace at or above {outside}: showing the bundled plan, "
                             "read-only, with no reports (`giamngheo init DIR` makes a workspace)\n")
    assert "Targets" in result.stdout
