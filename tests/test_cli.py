"""The command line as a user meets it: help, the plan's reports in every format, and finding the data."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from giamngheo.cli import app

pytestmark = pytest.mark.usefixtures("english_messages")  # problems in the catalogue's own words

REPO = Path(__file__).resolve().parents[1]
Run = Callable[..., Result]
COMMANDS = [c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands]  # type: ignore[union-attr]


def cells(stdout: str, key: str, column: int = 0) -> list[str]:
    """The cells of the one plain-table row holding KEY in COLUMN (cells are set apart by 2+ spaces)."""
    rows = [re.split(r"\s{2,}", line.strip()) for line in stdout.splitlines()]
    found = [row for row in rows if len(row) > column and row[column] == key]
    assert len(found) == 1, f"{len(found)} rows hold {key!r} in column {column}"
    return found[0]


def csv_rows(stdout: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(stdout)))


# ---------------------------------------------------------------- help


def test_the_commands_are_the_ones_documented() -> None:
    assert {"plan", "indicators", "agencies", "tasks", "validate", "schema", "init", "record", "submissions",
            "history"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(run: Run, command: str) -> None:
    result = run(command, "--help")
    assert (result.exit_code, result.stderr) == (0, "")
    assert f"giamngheo {command}" in result.stdout
    assert "Example" in result.stdout
    vietnamese = run(command, "--help", env={"GIAMNGHEO_LANG": "vi"})  # the default language's help
    assert (vietnamese.exit_code, vietnamese.stderr) == (0, "")
    assert f"giamngheo {command}" in vietnamese.stdout
    assert "Ví dụ" in vietnamese.stdout


def test_the_main_help_lists_every_command(run: Run) -> None:
    result = run("--help")
    assert result.exit_code == 0
    listed = {line.split()[0] for line in result.stdout.splitlines() if line.startswith("  ") and line.split()}
    assert set(COMMANDS) <= listed


# ---------------------------------------------------------------- the plan's reports


def test_plan_summary_plain(workspace: Path, run: Run) -> None:
    result = run("plan", "--format", "plain", "--lang", "vi", "--data-dir", "data")
    assert (result.exit_code, result.stderr) == (0, "")
    out = result.stdout
    assert cells(out, "Số hiệu") == ["Số hiệu", "35/KH-UBND"]
    assert cells(out, "Ngày ban hành") == ["Ngày ban hành", "07/03/2017"]
    assert cells(out, "Căn cứ") == ["Căn cứ", "289-QĐ/TU; 159/KH-UBND; 25/QĐ-UBND"]
    assert cells(out, "Chỉ tiêu") == ["Chỉ tiêu", "17"]
    assert cells(out, "Cơ quan") == ["Cơ quan", "13"]
    assert cells(out, "Nhiệm vụ có thời hạn") == ["Nhiệm vụ có thời hạn", "12"]
    assert cells(out, "bhyt-can-ngheo") == ["bhyt-can-ngheo", "336.478", "83,51%", "402.919", "khẩu"]
    assert cells(out, "nha-tieu") == ["nha-tieu", "48.267", "46,68%", "103.400", "hộ"]
    assert out.endswith("Kế hoạch không nêu mẫu số; đây là số lượng ÷ tỷ lệ, để thấy chỗ các cặp không khớp nhau.\n")


def test_plan_summary_in_english(workspace: Path, run: Run) -> None:
    result = run("plan", "--lang", "en", "--format", "plain", "--data-dir", "data")
    assert result.exit_code == 0
    assert cells(result.stdout, "Issued") == ["Issued", "2017-03-07"]
    assert cells(result.stdout, "nuoc-sach") == ["nuoc-sach", "86,391", "82.73%", "104,425", "households"]


def test_plan_summary_csv_and_json_carry_machine_numbers(workspace: Path, run: Run) -> None:
    as_csv = run("plan", "--format", "csv", "--lang", "vi", "--data-dir", "data")
    assert as_csv.exit_code == 0
    rows = csv_rows(as_csv.stdout)
    # stable keys and ISO dates whatever the language, so a script can read them
    assert ["number", "Số hiệu", "35/KH-UBND"] in rows and ["date", "Ngày ban hành", "2017-03-07"] in rows
    assert ["period_end", "Period to", "2017-12-31"] in csv_rows(run("plan", "-f", "csv", "--lang", "en", "--data-dir", "data").stdout)
    # csv holds one table: the pairs' denominators are the second
    pairs = run("plan", "--format", "csv", "--part", "implied_denominators", "--data-dir", "data")
    assert (pairs.exit_code, pairs.stderr) == (0, "")
    rows = csv_rows(pairs.stdout)
    assert rows[0] == ["pair", "count", "rate", "implied", "unit"]
    assert ["tiep-can-thong-tin", "5322", "5.02", "106016", "households"] in rows
    as_json = run("plan", "--format", "json", "--data-dir", "data")
    payload = json.loads(as_json.stdout)
    assert payload["implied_denominators"][0] == {
        "pair": "bhyt-can-ngheo", "count": 336478, "rate": 83.51, "implied": 402919, "unit": "persons"}


def test_indicators_plain_vietnamese_and_english(workspace: Path, run: Run) -> None:
    vi = run("indicators", "--format", "plain", "--lang", "vi", "--data-dir", "data")
    assert (vi.exit_code, vi.stderr) == (0, "")
    assert cells(vi.stdout, "nha-o") == [
        "nha-o", "II.2.c", "Hộ nghèo được hỗ trợ nhà ở kiên cố (tối thiểu 8m²/người)", "14.996", "hộ", "tăng", "không"]
    assert cells(vi.stdout, "ty-le-ho-ngheo") == [
        "ty-le-ho-ngheo", "II.1", "Tỷ lệ hộ nghèo chung cả tỉnh", "8,49", "%", "giảm", "không"]
    assert cells(vi.stdout, "nha-o-qd48") == [  # a part of nha-o, shown under it
        "nha-o-qd48", "II.2.c", "└ Hỗ trợ theo Quyết định 48/2014/QĐ-TTg (nhà ở phòng, tránh bão, lụt)", "1.641", "hộ",
        "tăng", "không"]
    en = run("indicators", "--lang", "en", "--format", "plain", "--data-dir", "data")
    assert cells(en.stdout, "nha-o")[3:7] == ["14,996", "households", "increase", "no"]
    assert cells(en.stdout, "pcgd-tieu-hoc")[3:5] == ["99.90", "%"]
    assert cells(en.stdout, "tre-em-di-hoc")[3:7] == ["2,570", "children", "increase", "yes"]


def test_indicators_csv_and_json(workspace: Path, run: Run) -> None:
    rows = csv_rows(run("indicators", "--format", "csv", "--lang", "vi", "--data-dir", "data").stdout)
    assert rows[0] == ["id", "group", "name", "target", "unit", "direction", "approximate", "pair"]
    assert rows[1] == ["ty-le-ho-ngheo", "II.1", "Tỷ lệ hộ nghèo chung cả tỉnh", "8.49", "percent", "decrease", "false", ""]
    assert ["nha-tieu", "II.2.d", "Hộ nghèo được hỗ trợ và có nhà tiêu hợp vệ sinh", "48267", "households", "increase",
            "false", "nha-tieu"] in rows
    assert len(rows) == 18
    payload = json.loads(run("indicators", "--format", "json", "--lang", "en", "--data-dir", "data").stdout)
    nha_o = next(row for row in payload["indicators"] if row["id"] == "nha-o")
    assert nha_o == {"id": "nha-o", "group": "II.2.c", "name": "Poor households supported with solid housing (at least 8 m² a person)",
                     "target": 14996, "unit": "households", "direction": "increase", "approximate": False, "pair": None}
    assert [(row["id"], row["target"]) for row in payload["indicators"][:2]] == [("ty-le-ho-ngheo", 8.49), ("tre-em-di-hoc", 2570)]


def test_agencies_in_each_format(workspace: Path, run: Run) -> None:
    plain = run("agencies", "--format", "plain", "--data-dir", "data")
    assert plain.exit_code == 0
    assert cells(plain.stdout, "so-ldtbxh") == [
        "so-ldtbxh", "Sở Lao động - Thương binh và Xã hội", "Sở LĐ-TB&XH",
        "Department of Labour, Invalids and Social Affairs (DOLISA)", "8", "1"]
    rows = csv_rows(run("agencies", "--format", "csv", "--data-dir", "data").stdout)
    assert rows[0] == ["id", "name", "abbreviation", "name_en", "tasks", "targets"]
    assert ["so-y-te", "Sở Y tế", "", "Department of Health", "3", "6"] in rows
    assert len(rows) == 14
    payload = json.loads(run("agencies", "--format", "json", "--data-dir", "data").stdout)
    assert payload["agencies"][-1] == {"id": "so-nganh-lien-quan", "name": "Các sở, ban, ngành có liên quan",
                                       "abbreviation": None, "name_en": "Other departments and agencies concerned",
                                       "tasks": 3, "targets": 0}


def test_tasks_of_one_agency_in_each_format(workspace: Path, run: Run) -> None:
    plain = run("tasks", "--agency", "Sở Y tế", "--format", "plain", "--lang", "vi", "--data-dir", "data")
    assert (plain.exit_code, plain.stderr) == (0, "")
    report = cells(plain.stdout, "yte-bao-cao", column=1)
    assert report[:4] == ["V.3", "yte-bao-cao", "so-y-te", "chủ trì"]
    assert report[-3:] == ["10/12/2017", "trước ngày 10/12/2017", "ubnd-tinh qua so-ldtbxh"]
    assert cells(plain.stdout, "yte-nuoc-ve-sinh", column=1)[3] == "phối hợp"
    payload = json.loads(run("tasks", "--agency", "so-y-te", "--format", "json", "--lang", "vi", "--data-dir", "data").stdout)
    assert [(t["id"], t["role"], t["due"], t["wording"], t["reports_to"]) for t in payload["tasks"]] == [
        ("yte-chi-tieu", "lead", None, None, None),
        ("yte-nuoc-ve-sinh", "support", None, None, None),
        ("yte-bao-cao", "lead", "2017-12-10", "trước ngày 10/12/2017", "ubnd-tinh qua so-ldtbxh"),
    ]
    rows = csv_rows(run("tasks", "--format", "csv", "--lang", "en", "--data-dir", "data").stdout)
    assert rows[0] == ["item", "id", "agencies", "role", "task", "due", "wording", "reports_to"]
    assert len(rows) == 37
    phan_mem = next(row for row in rows if row[1] == "ldtbxh-phan-mem")
    assert phan_mem[5:7] == ["2017-05-31", "thời gian hoàn thành trước tháng 6/2017"]
    assert next(row for row in rows if row[1] == "gddt-bao-cao")[7] == "ubnd-tinh via so-ldtbxh"


def test_tasks_of_an_ambiguous_agency(workspace: Path, run: Run) -> None:
    result = run("tasks", "--agency", "UBND", "--data-dir", "data")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "giamngheo: error: 'UBND' matches several agencies: ubnd-tinh (UBND tỉnh Thanh Hoá); "
        "ubnd-huyen (UBND các huyện, thị xã, thành phố). Type more of the name, or an id\n")


# ---------------------------------------------------------------- where the data is


def test_init_makes_a_workspace_once(tmp_path: Path, run: Run) -> None:
    result = run("init", "bao-cao-2017")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "Created bao-cao-2017/data/plan_2017.yaml and bao-cao-2017/data/submissions/\n"
    data = tmp_path / "bao-cao-2017" / "data"
    assert (data / "plan_2017.yaml").read_bytes() == (REPO / "data" / "plan_2017.yaml").read_bytes()
    assert list((data / "submissions").iterdir()) == []
    assert run("validate", "--data-dir", "bao-cao-2017/data").exit_code == 0

    with (data / "plan_2017.yaml").open("a", encoding="utf-8") as plan:
        plan.write("# sửa đổi của tôi\n")
    edited = (data / "plan_2017.yaml").read_bytes()
    again = run("init", "bao-cao-2017")
    assert (again.exit_code, again.stdout) == (1, "")
    assert again.stderr == (
        "giamngheo: error: bao-cao-2017/data/plan_2017.yaml: a workspace is already there; nothing was changed\n")
    assert (data / "plan_2017.yaml").read_bytes() == edited


def test_a_data_dir_without_a_plan_is_refused(tmp_path: Path, run: Run) -> None:
    (tmp_path / "empty").mkdir()
    result = run("plan", "--data-dir", "empty")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("giamngheo: error: --data-dir empty: the folder has no plan (plan_YYYY.yaml, such as plan_2017.yaml); "
                             "`giamngheo init DIR` makes a workspace in DIR/data\n")
    missing = run("validate", "--data-dir", "nowhere")
    assert (missing.exit_code, missing.stderr) == (1, "giamngheo: error: --data-dir nowhere: no such folder\n")


def plan_number(stdout: str) -> str:
    return next(row[2] for row in csv_rows(stdout) if row and row[0] == "number")


@pytest.fixture
def other_plan(tmp_path: Path) -> Path:
    """A second workspace whose plan carries another number, to tell which plan was read."""
    folder = tmp_path / "khac"
    folder.mkdir()
    text = (REPO / "data" / "plan_2017.yaml").read_text(encoding="utf-8")
    assert text.count("number: 35/KH-UBND") == 1
    (folder / "plan_2017.yaml").write_text(text.replace("number: 35/KH-UBND", "number: 99/KH-UBND"), encoding="utf-8")
    return folder


def test_giamngheo_data_is_honoured(other_plan: Path, run: Run) -> None:
    result = run("plan", "--format", "csv", "--part", "plan", env={"GIAMNGHEO_DATA": str(other_plan)})
    assert (result.exit_code, result.stderr) == (0, "")
    assert plan_number(result.stdout) == "99/KH-UBND"
    missing = run("plan", env={"GIAMNGHEO_DATA": "nowhere"})
    assert (missing.exit_code, missing.stderr) == (1, "giamngheo: error: GIAMNGHEO_DATA nowhere: no such folder\n")


def test_data_dir_wins_over_giamngheo_data(workspace: Path, other_plan: Path, run: Run) -> None:
    result = run("plan", "--format", "csv", "--data-dir", "data", env={"GIAMNGHEO_DATA": str(other_plan)})
    assert plan_number(result.stdout) == "35/KH-UBND"


def test_local_data_folder_then_bundled_plan(tmp_path: Path, other_plan: Path, run: Run) -> None:
    bundled = run("plan", "--format", "csv")  # no ./data here: the plan shipped with giamngheo
    assert (bundled.exit_code, plan_number(bundled.stdout)) == (0, "35/KH-UBND")
    other_plan.rename(tmp_path / "data")
    local = run("plan", "--format", "csv")
    assert (local.exit_code, plan_number(local.stdout)) == (0, "99/KH-UBND")


def test_version(run: Run) -> None:
    from giamngheo import __version__

    result = run("--version")
    assert (result.exit_code, result.stdout) == (0, f"giamngheo {__version__}\n")


def test_init_gives_editors_the_schemas_the_plan_names(tmp_path: Path, run: Run) -> None:
    assert run("init", "ws").exit_code == 0
    first_line = (tmp_path / "ws/data/plan_2017.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../schema/plan.schema.json"
    assert json.loads((tmp_path / "ws/schema/plan.schema.json").read_text(encoding="utf-8"))["title"] == "Plan"
    assert json.loads((tmp_path / "ws/schema/submission.schema.json").read_text(encoding="utf-8"))["title"] == "Submission"
