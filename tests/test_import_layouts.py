"""`giamngheo import` of the sheets agencies really send: a department's results table and a table
of districts, found from their header rows, each cell that is wrong named as FILE:SHEET!CELL.

Every workbook is built in its test, part by part (tests/xlsxbuild.py), so that it can hold
what Excel writes and openpyxl cannot: formulas with their computed values, merged header
cells, hidden sheets. End to end, the imported figures go through `status` as recorded ones do.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner, Result
from xlsxbuild import Sheet, build, cells_row, formula, merges, num, row, sheet_xml, text

from giamngheo.cli import app
from giamngheo.model.submission import PROVINCE, Submission
from giamngheo.model.units import Units, load_units
from giamngheo.store.submissions import read_submission

REPO = Path(__file__).resolve().parents[1]
Run = Callable[..., Result]
SYT = ("--agency", "Sở Y tế", "--date", "08/12/2017", "--source", "245/BC-SYT")


@pytest.fixture(scope="module")
def units() -> Units:
    loaded, _, problems = load_units(REPO / "data" / "units.yaml")
    assert loaded is not None and problems == []
    return loaded


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace at tmp_path/data; the tests run from tmp_path so that messages show short paths."""
    folder = tmp_path / "data"
    (folder / "submissions").mkdir(parents=True)
    shutil.copyfile(REPO / "data" / "plan_2017.yaml", folder / "plan_2017.yaml")
    shutil.copyfile(REPO / "data" / "units.yaml", folder / "units.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GIAMNGHEO_DATA", raising=False)
    return folder


@pytest.fixture
def giamngheo(data: Path) -> Run:
    """Run a command in English (the tests read its English messages), in the workspace."""
    def run(*args: str) -> Result:
        options = ["--data-dir", "data", "--lang", "en", *(["--by", "Lan"] if args[0] in ("import", "record") else [])]
        return CliRunner().invoke(app, [*args, *options], env={"NO_COLOR": "1", "COLUMNS": "200"})
    return run


def stored(data: Path) -> list[Submission]:
    """The submissions in the workspace, read back from disk, by unit and agency."""
    subs = []
    for path in sorted((data / "submissions").glob("*.yaml")):
        sub, _, problems = read_submission(path)
        assert sub is not None and not problems, problems
        subs.append(sub)
    return sorted(subs, key=lambda s: (s.unit, s.agency, s.reported))


def status_rows(giamngheo: Run) -> tuple[dict[str, dict[str, object]], list[dict[str, object]]]:
    result = giamngheo("status", "--as-of", "12/12/2017", "--format", "json")
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    return {r["id"]: r for r in out["targets"]}, out.get("warnings", [])


# ---------------------------------------------------------------- a department's results table


def department_sheet(path: Path, rate_cached: str = "100.06746385623") -> Path:
    """Sở Y tế's table as such tables are made: title rows, a two-row header with merged cells,
    a heading row, figures by name and by id, a rate computed by a formula (its cached value
    with many decimals), attainment computed by formulas, and a total row merged across."""
    rows = "".join([
        row(1, text("A1", "SỞ Y TẾ THANH HOÁ")),
        row(2, text("A2", "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU GIẢM NGHÈO NĂM 2017")),
        row(3, text("A3", "(Kèm theo Báo cáo số 245/BC-SYT ngày 08/12/2017)")),
        row(5, text("A5", "STT"), text("B5", "Chỉ tiêu"), text("C5", "Đơn vị tính"), text("D5", "Năm 2017"),
            text("F5", "Tỷ lệ (%)")),
        row(6, text("D6", "Kế hoạch"), text("E6", "Thực hiện")),
        row(7, text("A7", "I"), text("B7", "Y tế")),
        row(8, num("A8", 1), text("B8", "Khẩu cận nghèo có thẻ và được hỗ trợ mua thẻ bảo hiểm y tế"), text("C8", "khẩu"),
            num("D8", 336478), num("E8", 340112), formula("F8", "E8/D8*100", "101.08000000000001")),
        row(9, num("A9", 2), text("B9", "bhyt-can-ngheo-ty-le"), text("C9", "%"), num("D9", "83.51"),
            formula("E9", "E8/407000*100", "83.566339066339058"), formula("F9", "E9/D9*100", rate_cached)),
        row(10, num("A10", 3), text("B10", "Hộ nghèo được hỗ trợ và có nhà tiêu hợp vệ sinh"), text("C10", "hộ"),
            num("D10", 48000), num("E10", 47000), formula("F10", "E10/D10*100", "97.916666666666671")),
        row(11, text("A11", "Tổng cộng"), formula("D11", "SUM(D8:D10)", "384561.51"),
            formula("E11", "SUM(E8:E10)", "387195.56633906634")),
    ])
    xml = sheet_xml(rows, merges("A1:F1", "A2:F2", "A3:F3", "A5:A6", "B5:B6", "C5:C6", "D5:E5", "F5:F6", "A11:C11"))
    return build(path, [Sheet("Biểu 1", xml)])


def test_a_realistic_department_sheet_is_imported_to_the_exact_figures(data: Path, giamngheo: Run) -> None:
    department_sheet(Path("bao-cao.xlsx"))

    result = giamngheo("import", "bao-cao.xlsx", *SYT, "--format", "plain")

    assert result.exit_code == 0, result.stderr
    [sub] = stored(data)
    assert (sub.agency, sub.unit, sub.reported, sub.as_of, sub.source, sub.recorded_by) == (
        "so-y-te", PROVINCE, dt.date(2017, 12, 8), dt.date(2017, 12, 8), "245/BC-SYT", "Lan")
    assert sub.values == {"bhyt-can-ngheo": Decimal("340112"), "bhyt-can-ngheo-ty-le": Decimal("83.57"),
                          "nha-tieu": Decimal("47000")}
    assert sub.bases == {}
    assert sub.imported is not None
    assert (sub.imported.file, sub.imported.sheet, sub.imported.row) == ("bao-cao.xlsx", "Biểu 1", 8)
    assert len(sub.imported.sha256) == 64
    assert result.stderr == (
        "bao-cao.xlsx:'Biểu 1'!D10: warning: column D \"Kế hoạch\": 48,000 differs from the plan's target for "
        "nha-tieu, 48,267\n"
        "bao-cao.xlsx:'Biểu 1'!A6: note: column A \"STT\": row numbers, not read\n"
        "bao-cao.xlsx:'Biểu 1'!C6: note: column C \"Đơn vị tính\": not read; the plan gives each indicator's unit\n"
        "bao-cao.xlsx:'Biểu 1'!E7: note: column E \"Thực hiện\": empty, so the row 'Y tế' gives no figure; not read\n"
        "bao-cao.xlsx:'Biểu 1'!E9: note: column E \"Thực hiện\": 83.5663390663391 rounded to 83.57, the precision of "
        "bhyt-can-ngheo-ty-le's target\n"
        "bao-cao.xlsx:'Biểu 1'!B11: note: column B \"Chỉ tiêu\": the total row 'Tổng cộng' is not read; totals are "
        "worked out from the figures\n")
    assert "Read bao-cao.xlsx, sheet 'Biểu 1' as a department's results table." in result.stdout
    assert "Stored 1 report, 3 figures" in result.stdout


def test_an_attainment_that_disagrees_is_warned_and_never_stored(data: Path, giamngheo: Run) -> None:
    department_sheet(Path("bao-cao.xlsx"), rate_cached="95")

    result = giamngheo("import", "bao-cao.xlsx", *SYT, "--format", "json")

    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert [(w["cell"], w["code"], w["message"]) for w in out["warnings"]] == [
        ("'Biểu 1'!F9", "attained-differs", 'column F "Tỷ lệ (%)": 95% differs from 83.57 ÷ 83.51 = 100.07%; the '
                                            "figure stored is 83.57"),
        ("'Biểu 1'!D10", "plan-differs", "column D \"Kế hoạch\": 48,000 differs from the plan's target for nha-tieu, "
                                         "48,267")]
    assert [n["code"] for n in out["notes"]] == ["column-not-read", "column-not-read", "no-figure", "rounded",
                                                 "total-row"]
    assert result.stderr == ""  # JSON carries them
    assert stored(data)[0].values["bhyt-can-ngheo-ty-le"] == Decimal("83.57")


def test_a_header_of_two_rows_without_merges_reads_as_one(data: Path, giamngheo: Run) -> None:
    build(Path("hai-dong.xlsx"), [Sheet("Sheet1", sheet_xml(
        cells_row(1, ["BÁO CÁO KẾT QUẢ NĂM 2017"])
        + cells_row(2, ["STT", "Chỉ tiêu", "Năm 2017", None, "Tỷ lệ (%)"])
        + cells_row(3, [None, None, "Kế hoạch", "Thực hiện"])
        + cells_row(4, [1, "nha-o-qd22", 10063, 9870, 98.08])))])

    result = giamngheo("import", "hai-dong.xlsx", "--agency", "so-xay-dung", "--date", "09/12/2017", "--source",
                       "310/BC-SXD")

    assert (result.exit_code, result.stderr) == (0, 'hai-dong.xlsx:Sheet1!A3: note: column A "STT": row numbers, '
                                                    "not read\n")
    [sub] = stored(data)
    assert (sub.values, sub.imported.row if sub.imported else None) == ({"nha-o-qd22": Decimal("9870")}, 4)


def test_a_name_must_name_one_indicator(data: Path, giamngheo: Run) -> None:
    build(Path("mo-ho.xlsx"), [Sheet("Sheet1", sheet_xml(
        cells_row(1, ["STT", "Chỉ tiêu", "Kế hoạch 2017", "Thực hiện"])
        + cells_row(2, [1, "Tỷ lệ hộ nghèo được hỗ trợ", 46, 47]) + cells_row(3, [2, "số trẻ em đi học", 2570, 2400])
        + cells_row(4, [3, "Tỷ lệ hộ nghèo", 8.49, 8.1])))])

    result = giamngheo("import", "mo-ho.xlsx", "--agency", "so-ldtbxh", "--date", "08/12/2017", "--source", "1/BC")

    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        "mo-ho.xlsx:Sheet1!B2: error: column B \"Chỉ tiêu\": 'Tỷ lệ hộ nghèo được hỗ trợ' matches several indicators: "
        "nha-tieu-ty-le (Tỷ lệ hộ nghèo được hỗ trợ và có nhà tiêu hợp vệ sinh); nuoc-sach-ty-le (Tỷ lệ hộ nghèo được hỗ trợ nước sinh hoạt hợp vệ sinh); tiep-can-thong-tin-ty-le (Tỷ lệ hộ "
        "nghèo được hỗ trợ tiếp cận các dịch vụ thông tin và truyền thông). Type more of the name, or an id",
        "mo-ho.xlsx:Sheet1!B3: error: column B \"Chỉ tiêu\": unknown indicator 'số trẻ em đi học' (did you mean "
        "tre-em-di-hoc: Trẻ em trong độ tuổi không được đi học được hỗ trợ tiếp tục đi học?)"]
    assert stored(data) == []  # row 4 is right ("Tỷ lệ hộ nghèo" is the id ty-le-ho-ngheo, accented), but not stored


def test_a_department_csv_names_its_rows_and_columns(data: Path, giamngheo: Run) -> None:
    Path("syt.csv").write_text(
        "BÁO CÁO KẾT QUẢ NĂM 2017;;;;;\r\n;;;;;\r\nSTT;Chỉ tiêu;Đơn vị tính;Kế hoạch 2017;Thực hiện;Tỷ lệ (%)\r\n"
        "1;bhyt-can-ngheo;khẩu;336.478;340.112;101,08\r\n2;bhyt-can-ngheo-ty-le;%;83,51;1,5,2;\r\n"
        "3;nha-o;hộ;14.996;1;\r\nCộng;;;;;\r\n", encoding="utf-8")

    result = giamngheo("import", "syt.csv", *SYT)

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "syt.csv:5: error: column E \"Thực hiện\": '1,5,2' is not a percentage; type a number from 0 to 100 with ',' "
        "or '.' as the decimal mark, such as 8,49 or 8.49%",
        "syt.csv:6: error: column E \"Thực hiện\": so-y-te may not report nha-o: the plan gives it to so-xay-dung "
        "(Sở Xây dựng), and to the districts for their own units. To enter another agency's figure, record it under "
        "that agency with its document (--source)"]


def test_a_districts_own_department_table_is_about_its_unit(data: Path, giamngheo: Run) -> None:
    build(Path("muong-lat.xlsx"), [Sheet("Sheet1", sheet_xml(
        cells_row(1, ["BÁO CÁO CỦA UBND HUYỆN MƯỜNG LÁT"])
        + cells_row(3, ["STT", "Chỉ tiêu", "Kế hoạch 2017", "Thực hiện", "Mẫu số"])
        + cells_row(4, [1, "nha-tieu", 1200, 1210]) + cells_row(5, [2, "nha-tieu-ty-le", 40, 41.5, 2916])))])

    result = giamngheo("import", "muong-lat.xlsx", "--agency", "ubnd-huyen", "--unit", "Muong Lat", "--date",
                       "08/12/2017", "--source", "55/BC-UBND")

    assert result.exit_code == 0, result.stderr
    [sub] = stored(data)
    assert (sub.unit, sub.values, sub.bases) == (
        "muong-lat", {"nha-tieu": Decimal("1210"), "nha-tieu-ty-le": Decimal("41.5")}, {"nha-tieu-ty-le": Decimal("2916")})
    assert "warning" not in result.stderr  # a district's Kế hoạch is its own, not the province's target


def test_a_department_table_typed_without_accents_with_headings_and_list_marks(data: Path, giamngheo: Run) -> None:
    """Sở Xây dựng's table as it is often typed: headers without accents and in short forms, a row
    numbering the columns, a section heading merged across the whole table, figures typed as text
    the Vietnamese way, and the parts of a whole marked as a list (-, +, a))."""
    rows = "".join([
        row(1, text("A1", "SO XAY DUNG THANH HOA")),
        row(3, text("A3", "Số TT"), text("B3", "Chi tieu"), text("C3", "DVT"), text("D3", "KH giao nam 2017"),
            text("E3", "Uoc TH nam 2017"), text("F3", "TH/KH (%)")),
        cells_row(4, ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)=(5)/(4)"]),
        row(5, text("A5", "I"), text("B5", "NHÀ Ở")),
        cells_row(6, [1, "Hộ nghèo được hỗ trợ nhà ở kiên cố", "hộ", "14.996", "14.611", "97,43"]),
        cells_row(7, [None, "Trong đó:"]),
        cells_row(8, ["a)", "- Hỗ trợ theo Quyết định 22/2013/QĐ-TTg", "hộ", "10.063", "9.870"]),
        cells_row(9, ["b)", "+ Hỗ trợ theo Quyết định 48/2014/QĐ-TTg", "hộ", 1641, "1.641", 100]),
        cells_row(10, ["c)", "c) Hỗ trợ theo Quyết định 33/2015/QĐ-TTg", "hộ", "3.292", "3.100"]),
    ])
    build(Path("sxd.xlsx"), [Sheet("Biểu 01", sheet_xml(rows, merges("B5:F5")))])

    result = giamngheo("import", "sxd.xlsx", "--agency", "So Xay dung", "--date", "09/12/2017", "--source",
                       "310/BC-SXD")

    assert result.exit_code == 0, result.stderr
    [sub] = stored(data)
    assert sub.values == {"nha-o": Decimal("14611"), "nha-o-qd22": Decimal("9870"), "nha-o-qd48": Decimal("1641"),
                          "nha-o-qd33": Decimal("3100")}
    assert result.stderr.splitlines() == [
        "sxd.xlsx:'Biểu 01'!A3: note: column A \"Số TT\": row numbers, not read",
        "sxd.xlsx:'Biểu 01'!C3: note: column C \"DVT\": not read; the plan gives each indicator's unit",
        "sxd.xlsx:'Biểu 01'!A4: note: row 4 numbers the columns; not read",
        "sxd.xlsx:'Biểu 01'!B5: note: column B \"Chi tieu\": 'NHÀ Ở' is a heading merged across the table, not a "
        "figure; not read",
        "sxd.xlsx:'Biểu 01'!E7: note: column E \"Uoc TH nam 2017\": empty, so the row 'Trong đó:' gives no figure; "
        "not read"]


# ---------------------------------------------------------------- a table of districts


def districts_sheet(path: Path, units: Units, count: int, *, total: bool = True) -> tuple[Path, int]:
    """One row per unit for the first COUNT units, giving their Decision-33 housing, and a total row."""
    rows = [cells_row(1, ["STT", "Huyện, thị xã, thành phố", "nha-o-qd33"])]
    for n, unit in enumerate(units.units[:count], start=1):
        rows.append(cells_row(n + 1, [n, unit.name, 100 + n]))
    figure_sum = sum(100 + n for n in range(1, count + 1))
    if total:
        rows.append(cells_row(count + 2, [None, "Tổng cộng", figure_sum]))
    return build(path, [Sheet("Huyện", sheet_xml("".join(rows)))]), figure_sum


def test_all_27_units_of_a_districts_table_give_the_province_sum(data: Path, giamngheo: Run, units: Units) -> None:
    _, total = districts_sheet(Path("nha-o.xlsx"), units, 27)

    result = giamngheo("import", "nha-o.xlsx", "--agency", "ubnd-huyen", "--date", "10/12/2017", "--source", "7/BC")

    assert result.exit_code == 0, result.stderr
    assert len(stored(data)) == 27
    assert result.stderr.splitlines()[-1] == (
        "nha-o.xlsx:'Huyện'!B29: note: column B \"Huyện, thị xã, thành phố\": the row 'Tổng cộng' is a total for the "
        "province, not read; the province's total is worked out from the units' figures")
    rows, _ = status_rows(giamngheo)
    assert (rows["nha-o-qd33"]["value"], rows["nha-o-qd33"]["basis"], rows["nha-o-qd33"]["coverage"]) == (
        total, "units", "27/27")
    assert rows["nha-o-qd33"]["status"] != "partial"


def test_three_units_give_a_partial_sum(data: Path, giamngheo: Run, units: Units) -> None:
    _, total = districts_sheet(Path("nha-o.xlsx"), units, 3, total=False)

    result = giamngheo("import", "nha-o.xlsx", "--agency", "ubnd-huyen", "--date", "10/12/2017", "--source", "7/BC")

    assert result.exit_code == 0, result.stderr
    rows, _ = status_rows(giamngheo)
    assert (rows["nha-o-qd33"]["value"], rows["nha-o-qd33"]["coverage"], rows["nha-o-qd33"]["status"]) == (
        total, "3/27", "partial")


def test_a_department_figure_beside_the_district_sum_is_warned(data: Path, giamngheo: Run, units: Units) -> None:
    _, total = districts_sheet(Path("nha-o.xlsx"), units, 27)
    assert giamngheo("import", "nha-o.xlsx", "--agency", "ubnd-huyen", "--date", "10/12/2017", "--source",
                     "7/BC").exit_code == 0
    build(Path("sxd.xlsx"), [Sheet("Sheet1", sheet_xml(
        cells_row(1, ["STT", "Chỉ tiêu", "Kế hoạch 2017", "Thực hiện"]) + cells_row(2, [1, "nha-o-qd33", 3292, 3292])))])
    assert giamngheo("import", "sxd.xlsx", "--agency", "so-xay-dung", "--date", "11/12/2017", "--source",
                     "310/BC-SXD").exit_code == 0

    rows, warnings = status_rows(giamngheo)

    assert (rows["nha-o-qd33"]["value"], rows["nha-o-qd33"]["basis"], rows["nha-o-qd33"]["units_total"]) == (
        3292, "reported", total)
    assert [(w["code"], w["message"]) for w in warnings] == [(
        "province-not-units", f"nha-o-qd33: the province-wide figure 3,292 and the total of 27/27 units "
                              f"{total:,} differ by more than 1%")]


def test_bases_give_the_province_rate(data: Path, giamngheo: Run) -> None:
    # Checked by hand: (1.200 + 2.300 + 980) ÷ (2.600 + 5.000 + 2.400) = 4.480 ÷ 10.000 = 44,80%.
    build(Path("nha-tieu.xlsx"), [Sheet("Sheet1", sheet_xml(
        cells_row(1, ["Đơn vị", "nha-tieu", "Số hộ nghèo (mẫu số nha-tieu-ty-le, nuoc-sach-ty-le)", "nuoc-sach"])
        + cells_row(2, ["Như Xuân", "1.200", 2600, 2000]) + cells_row(3, ["Mường Lát", 2300, 5000, 4000])
        + cells_row(4, ["Quan Hóa", 980, "2.400", 1800])))])

    result = giamngheo("import", "nha-tieu.xlsx", "--agency", "ubnd-huyen", "--date", "08/12/2017", "--source", "1/BC")

    assert result.exit_code == 0, result.stderr
    muong_lat = next(s for s in stored(data) if s.unit == "muong-lat")
    assert (muong_lat.values, muong_lat.bases) == (
        {"nha-tieu": Decimal("2300"), "nuoc-sach": Decimal("4000")},
        {"nha-tieu-ty-le": Decimal("5000"), "nuoc-sach-ty-le": Decimal("5000")})
    rows, _ = status_rows(giamngheo)
    assert (rows["nha-tieu-ty-le"]["value"], rows["nha-tieu-ty-le"]["coverage"]) == (44.8, "3/27")
    assert rows["nuoc-sach-ty-le"]["value"] == 78.0  # 7.800 ÷ 10.000


def test_a_districts_table_skips_its_numbering_row_and_merged_headings(data: Path, giamngheo: Run) -> None:
    rows = "".join([
        cells_row(1, ["STT", "Tên đơn vị", "nha-o-qd33"]),
        cells_row(2, ["A", "B", 1]),
        row(3, text("A3", "I. CÁC HUYỆN NGHÈO 30a")),
        cells_row(4, [1, "H. Mường Lát", 120]),
        cells_row(5, [2, "Huyen Quan Hoa", 95]),
    ])
    build(Path("huyen.xlsx"), [Sheet("Sheet1", sheet_xml(rows, merges("A3:C3")))])

    result = giamngheo("import", "huyen.xlsx", "--agency", "ubnd-huyen", "--date", "10/12/2017", "--source", "7/BC")

    assert result.exit_code == 0, result.stderr
    assert [(s.unit, s.values) for s in stored(data)] == [
        ("muong-lat", {"nha-o-qd33": Decimal("120")}), ("quan-hoa", {"nha-o-qd33": Decimal("95")})]
    assert result.stderr.splitlines() == [
        "huyen.xlsx:Sheet1!A1: note: column A \"STT\": row numbers, not read",
        "huyen.xlsx:Sheet1!A2: note: row 2 numbers the columns; not read",
        "huyen.xlsx:Sheet1!B3: note: column B \"Tên đơn vị\": 'I. CÁC HUYỆN NGHÈO 30a' is a heading merged across "
        "the table, not a figure; not read"]


def test_a_districts_table_names_each_bad_cell(data: Path, giamngheo: Run) -> None:
    build(Path("sai.xlsx"), [Sheet("Sheet1", sheet_xml(
        cells_row(1, ["Địa bàn", "nha-o-qd33", "Mẫu số nha-o", "bhyt", "Mẫu số nha-tieu-ty-le"])
        + cells_row(2, ["Mường Lát", 1.5, None, None, 0]) + cells_row(3, ["Thanh Hoá", 3])))])

    result = giamngheo("import", "sai.xlsx", "--agency", "ubnd-huyen", "--date", "08/12/2017", "--source", "1/BC")

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "sai.xlsx:Sheet1!C1: error: column C \"Mẫu số nha-o\": 'nha-o' is a count; a base (mẫu số) belongs to a rate, "
        "such as ty-le-ho-ngheo",
        "sai.xlsx:Sheet1!D1: error: column D \"bhyt\": 'bhyt' matches several indicators: bhyt-can-ngheo (Khẩu cận "
        "nghèo có thẻ và được hỗ trợ mua thẻ bảo hiểm y tế); bhyt-can-ngheo-ty-le (Tỷ lệ khẩu cận nghèo có thẻ bảo "
        "hiểm y tế). Type more of the name, or an id"]
    Path("sai.xlsx").unlink()
    build(Path("sai.xlsx"), [Sheet("Sheet1", sheet_xml(
        cells_row(1, ["Địa bàn", "nha-o-qd33", "Mẫu số nha-tieu-ty-le"])
        + cells_row(2, ["Mường Lát", 1.5, 0]) + cells_row(3, ["Thanh Hoá", 3]) + cells_row(4, ["Quan Hóa", 4])
        + cells_row(5, ["Quan Hoá", 5])))])

    result = giamngheo("import", "sai.xlsx", "--agency", "ubnd-huyen", "--date", "08/12/2017", "--source", "1/BC")

    assert result.stderr.splitlines() == [
        "sai.xlsx:Sheet1!B2: error: column B \"nha-o-qd33\": 1.5 is not a whole number of households; a count cannot "
        "have decimals (to type 340.112 the Vietnamese way, format the cell as Text)",
        "sai.xlsx:Sheet1!C2: error: column C \"Mẫu số nha-tieu-ty-le\": 0 is not above 0; a base (mẫu số) counts "
        "households or people",
        "sai.xlsx:Sheet1!A3: error: column A \"Địa bàn\": 'Thanh Hoá' matches several units: toan-tinh (Toàn tỉnh "
        "Thanh Hoá); tp-thanh-hoa (Thành phố Thanh Hoá). Type more of the name, or an id",
        "sai.xlsx:Sheet1!B5: error: column B \"nha-o-qd33\": nha-o-qd33 of ubnd-huyen for Huyện Quan Hóa as of "
        "2017-12-08 is already given at Sheet1!B4; give each figure once per sheet"]
    assert stored(data) == []


# ---------------------------------------------------------------- layouts and options


def test_the_layout_is_found_or_forced(data: Path, giamngheo: Run) -> None:
    build(Path("bang.xlsx"), [Sheet("Sheet1", sheet_xml(
        cells_row(1, ["Chỉ tiêu", "Thực hiện"]) + cells_row(2, ["nha-o-qd22", 9870])))])
    forced = giamngheo("import", "bang.xlsx", "--layout", "districts", "--agency", "so-xay-dung", "--date",
                       "09/12/2017", "--source", "310/BC-SXD")
    assert (forced.exit_code, forced.stderr) == (1, (
        "bang.xlsx: error: no header row in the first 20 rows: a table of districts needs a column Địa bàn (unit) and "
        "a column per indicator, headed by its id or name; `giamngheo import --help` shows each layout\n"))
    found = giamngheo("import", "bang.xlsx", "--agency", "so-xay-dung", "--date", "09/12/2017", "--source",
                      "310/BC-SXD", "--format", "json")
    assert found.exit_code == 0, found.stderr
    assert json.loads(found.stdout)["layout"] == "department"


def test_report_fields_come_from_columns_or_options_never_both(data: Path, giamngheo: Run) -> None:
    Path("a.csv").write_text("Chỉ tiêu;Giá trị;Ngày báo cáo\nnha-o-qd22;9.870;09/12/2017\n", encoding="utf-8")

    missing = giamngheo("import", "a.csv")
    twice = giamngheo("import", "a.csv", "--agency", "Sở Xây dựng", "--source", "310/BC-SXD", "--date", "09/12/2017")
    unknown = giamngheo("import", "a.csv", "--agency", "Sở Du lịch", "--unit", "Hà Nội", "--source", "1/BC")
    right = giamngheo("import", "a.csv", "--agency", "Sở Xây dựng", "--source", "310/BC-SXD")

    assert [line.split("; the headers")[0] for line in missing.stderr.splitlines()] == [
        "a.csv:1: error: missing column Cơ quan (agency): add it, or give --agency",
        "a.csv:1: error: missing column Số văn bản (source): add it, or give --source"]
    assert twice.stderr == ('a.csv:1: error: column C "Ngày báo cáo": gives the report date of each row; leave out '
                            "--date\n")
    assert unknown.stderr.splitlines() == [
        "giamngheo: error: --agency Sở Du lịch: unknown agency 'Sở Du lịch'; `giamngheo agencies` lists them",
        "giamngheo: error: --unit Hà Nội: unknown unit 'Hà Nội'; `giamngheo units` lists them"]
    assert right.exit_code == 0, right.stderr
    [sub] = stored(data)
    assert (sub.agency, sub.source, sub.reported, sub.values) == (
        "so-xay-dung", "310/BC-SXD", dt.date(2017, 12, 9), {"nha-o-qd22": Decimal("9870")})


def test_the_help_shows_each_layout(giamngheo: Run) -> None:
    result = CliRunner().invoke(app, ["import", "--help"], env={"COLUMNS": "120", "GIAMNGHEO_LANG": "en"})
    assert result.exit_code == 0
    for words in ("figures", "department", "districts", "STT | Chỉ tiêu | Đơn vị tính | Kế hoạch 2017 | Thực hiện",
                  "Mẫu số RATE", "--again", "--sheet", "Example: `giamngheo import"):
        assert words in result.stdout, words


# ---------------------------------------------------------------- importing the same file twice


def test_the_same_file_twice_is_refused_unless_asked(data: Path, giamngheo: Run, units: Units) -> None:
    districts_sheet(Path("nha-o.xlsx"), units, 3, total=False)
    args = ("import", "nha-o.xlsx", "--agency", "ubnd-huyen", "--date", "10/12/2017", "--source", "7/BC")
    assert giamngheo(*args).exit_code == 0
    first = sorted(p.name for p in (data / "submissions").iterdir())

    again = giamngheo(*args)
    dry = giamngheo(*args, "--dry-run")

    assert (again.exit_code, again.stdout) == (1, "")
    assert again.stderr.startswith("nha-o.xlsx: error: this file was imported before, with the same content (SHA-256 ")
    for name in first:
        assert f"data/submissions/{name}" in again.stderr
    assert again.stderr.endswith("; nothing was stored. To store it again, add --again\n")
    assert dry.stderr == again.stderr
    assert sorted(p.name for p in (data / "submissions").iterdir()) == first
    # A copy under another name is the same file; a changed one is not.
    shutil.copyfile("nha-o.xlsx", "copy.xlsx")
    assert giamngheo("import", "copy.xlsx", *args[2:]).exit_code == 1
    assert giamngheo(*args, "--again").exit_code == 0
    assert len(list((data / "submissions").iterdir())) == 6


def test_another_sheet_of_the_same_file_is_another_import(data: Path, giamngheo: Run) -> None:
    def sheet(value: int) -> str:
        return sheet_xml(cells_row(1, ["Chỉ tiêu", "Thực hiện"]) + cells_row(2, ["nha-o-qd22", value]))

    build(Path("hai.xlsx"), [Sheet("Tháng 11", sheet(9000)), Sheet("Tháng 12", sheet(9870))])
    for month, day in (("Tháng 11", "30/11/2017"), ("Tháng 12", "09/12/2017")):
        result = giamngheo("import", "hai.xlsx", "--sheet", month, "--agency", "so-xay-dung", "--date", day,
                           "--source", f"{month}/BC")
        assert result.exit_code == 0, result.stderr
    assert [s.imported.sheet for s in stored(data) if s.imported] == ["Tháng 11", "Tháng 12"]


# ---------------------------------------------------------------- the templates


@pytest.mark.parametrize("layout", ["department", "districts"])
def test_each_template_filled_in_imports(data: Path, giamngheo: Run, layout: str) -> None:
    result = giamngheo("template", "mau.xlsx", "--layout", layout, "--agency", "so-y-te")
    assert (result.exit_code, result.stdout) == (0, "Template written: mau.xlsx\n")
    book = openpyxl.load_workbook("mau.xlsx")
    sheet = book["Số liệu"]
    if layout == "department":
        assert [c.value for c in sheet[4]] == ["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch 2017", "Thực hiện",
                                               "Tỷ lệ (%)", "Mẫu số", "Ghi chú"]
        names = [sheet.cell(row=r, column=2).value for r in range(5, sheet.max_row + 1)]
        assert names == ["Khẩu cận nghèo có thẻ và được hỗ trợ mua thẻ bảo hiểm y tế",
                         "Tỷ lệ khẩu cận nghèo có thẻ bảo hiểm y tế", "Hộ nghèo được hỗ trợ và có nhà tiêu hợp vệ sinh",
                         "Tỷ lệ hộ nghèo được hỗ trợ và có nhà tiêu hợp vệ sinh",
                         "Hộ nghèo được hỗ trợ nước sinh hoạt hợp vệ sinh",
                         "Tỷ lệ hộ nghèo được hỗ trợ nước sinh hoạt hợp vệ sinh"]
        sheet["E5"], sheet["E6"] = "340.112", "84,1"
    else:
        assert [c.value for c in sheet[1]] == ["STT", "Địa bàn", "bhyt-can-ngheo", "bhyt-can-ngheo-ty-le", "nha-tieu",
                                               "nha-tieu-ty-le", "nuoc-sach", "nuoc-sach-ty-le",
                                               "Mẫu số bhyt-can-ngheo-ty-le", "Mẫu số nha-tieu-ty-le",
                                               "Mẫu số nuoc-sach-ty-le"]
        assert [sheet.cell(row=r, column=2).value for r in (2, 3, 28)] == [
            "Thành phố Thanh Hoá", "Thị xã Bỉm Sơn", "Huyện Tĩnh Gia"]
        sheet["E3"], sheet["J3"] = "1.210", "2.916"
    book.save("mau.xlsx")

    result = giamngheo("import", "mau.xlsx", "--agency", "so-y-te", "--date", "08/12/2017", "--source", "245/BC-SYT")

    assert result.exit_code == 0, result.stderr
    [sub] = stored(data)
    if layout == "department":
        assert (sub.unit, sub.values) == (PROVINCE, {"bhyt-can-ngheo": Decimal("340112"),
                                                     "bhyt-can-ngheo-ty-le": Decimal("84.1")})
    else:
        assert (sub.unit, sub.values, sub.bases) == (
            "bim-son", {"nha-tieu": Decimal("1210")}, {"nha-tieu-ty-le": Decimal("2916")})


def test_import_template_writes_the_same_workbook_as_the_template_command(data: Path, giamngheo: Run) -> None:
    for name, command in (("a.xlsx", ("template", "a.xlsx")), ("b.xlsx", ("import", "--template", "b.xlsx"))):
        result = giamngheo(*command, "--layout", "districts")
        assert (result.exit_code, result.stdout) == (0, f"Template written: {name}\n")
    a, b = (openpyxl.load_workbook(n) for n in ("a.xlsx", "b.xlsx"))
    assert [[c.value for r in ws.iter_rows() for c in r] for ws in a.worksheets] == [
        [c.value for r in ws.iter_rows() for c in r] for ws in b.worksheets]


def test_a_template_never_holds_a_live_formula(data: Path, giamngheo: Run) -> None:
    plan = data / "plan_2017.yaml"
    text_ = plan.read_text(encoding="utf-8")
    assert "name: Sở Y tế\n" in text_
    plan.write_text(text_.replace("name: Sở Y tế\n", "name: '=HYPERLINK(\"http://x\",\"Sở Y tế\")'\n", 1)
                    .replace("name: Tỷ lệ hộ nghèo chung cả tỉnh\n", "name: '+Tỷ lệ hộ nghèo chung cả tỉnh'\n", 1),
                    encoding="utf-8")
    assert giamngheo("validate").exit_code == 0, giamngheo("validate").stderr

    for layout in ("figures", "department", "districts"):
        result = giamngheo("template", f"{layout}.xlsx", "--layout", layout)
        assert result.exit_code == 0, result.stderr
        book = openpyxl.load_workbook(f"{layout}.xlsx")
        risky = [c for ws in book.worksheets for r in ws.iter_rows() for c in r
                 if isinstance(c.value, str) and c.value[:1] in "=+-@\t\r"]
        assert risky, layout  # the names are in the list sheet, at least
        assert all(c.data_type == "s" and c.quotePrefix for c in risky), layout


def test_where_an_import_came_from_needs_schema_version_2() -> None:
    from pydantic import ValidationError

    fields = dict(agency="so-y-te", reported=dt.date(2017, 12, 8), as_of=dt.date(2017, 12, 8), source="1/BC",
                  values={"bhyt-can-ngheo": Decimal(1)}, recorded_at=dt.datetime(2017, 12, 8, tzinfo=dt.timezone.utc),
                  recorded_by="Lan", imported={"sha256": "0" * 64, "file": "a.xlsx", "sheet": "Sheet1", "row": 2})
    assert Submission(**fields).imported is not None  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="imported needs schema_version: 2"):
        Submission(schema_version=1, **fields)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Submission(**{**fields, "imported": {"sha256": "not a hash", "file": "a.xlsx", "row": 2}})  # type: ignore[arg-type]
