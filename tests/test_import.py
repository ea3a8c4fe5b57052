"""`giamngheo import` of the one-row-per-figure layout: sheets in, one submission per agency and
date out, all or nothing, each mistake at its cell; and what every layout shares (files that
cannot be read, the row limit, a failed write, the template, reading cells)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from giamngheo.intake import sheets as importing
from giamngheo.intake.sheets import _cell_value
from giamngheo.model.submission import Submission
from giamngheo.store.submissions import read_submission

pytestmark = pytest.mark.usefixtures("english_messages")  # problems in the catalogue's own words

PLAN = Path(__file__).resolve().parents[1] / "data" / "plan_2017.yaml"
VI_HEADER = "Cơ quan;Chỉ tiêu;Giá trị;Ngày báo cáo;Số liệu đến ngày;Số văn bản;Ghi chú"


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace at tmp_path/data; the tests run from tmp_path so messages show short paths."""
    folder = tmp_path / "data"
    (folder / "submissions").mkdir(parents=True)
    shutil.copyfile(PLAN, folder / "plan_2017.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GIAMNGHEO_DATA", raising=False)
    return folder


@pytest.fixture
def giamngheo(data: Path) -> Callable[..., Result]:
    """Run `giamngheo ARGS… --data-dir data` in-process, stdout and stderr apart."""
    from giamngheo.cli import app

    def run(*args: str) -> Result:
        return CliRunner().invoke(app, [*args, "--data-dir", "data"])

    return run


def write_csv(name: str, lines: list[str], *, bom: bool = False) -> Path:
    """A CSV file in the current folder, written as Excel writes one."""
    path = Path(name)
    path.write_bytes(("\ufeff" if bom else "").encode() + "\r\n".join(lines).encode("utf-8") + b"\r\n")
    return path


def write_xlsx(name: str, rows: list[list[object]], formats: dict[str, str] | None = None) -> Path:
    """An .xlsx file whose first sheet holds ROWS; FORMATS gives number formats by cell (D3: '0.0%')."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for ref, fmt in (formats or {}).items():
        sheet[ref].number_format = fmt
    book.save(name)
    return Path(name)


def stored(data: Path) -> list[Submission]:
    """The submissions in the workspace, read back from disk, in report order."""
    subs = []
    for path in sorted((data / "submissions").glob("*.yaml")):
        sub, _, problems = read_submission(path)
        assert sub is not None and not problems, problems
        subs.append(sub)
    return sorted(subs, key=lambda s: (s.reported, s.agency, s.as_of))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under FOLDER with its bytes, to show that nothing changed (the parse cache aside:
    reading the workspace may rebuild it)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".cache" not in p.parts}


# ---------------------------------------------------------------------------- good sheets


def test_semicolon_csv_with_vietnamese_headers_and_numbers(data: Path, giamngheo: Callable[..., Result]) -> None:
    sheet = write_csv("thang-12.csv", [
        VI_HEADER,
        "Sở Y tế;bhyt-can-ngheo;340.112;08/12/2017;30/11/2017;245/BC-SYT;số liệu sơ bộ",
        "so y te;Tỷ lệ khẩu cận nghèo có thẻ bảo hiểm y tế;84,1;08/12/2017;30/11/2017;245/BC-SYT;",
        ";;;;;;",
        "Sở Xây dựng;nha-o;14.996;2017-12-10;;12/BC-SXD;",
    ], bom=True)

    result = giamngheo("import", str(sheet), "--by", "Lan", "--format", "plain", "--lang", "en")

    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    health, housing = stored(data)
    assert (health.agency, health.reported, health.as_of, health.source, health.note, health.recorded_by) == (
        "so-y-te", dt.date(2017, 12, 8), dt.date(2017, 11, 30), "245/BC-SYT", "số liệu sơ bộ", "Lan")
    assert health.values == {"bhyt-can-ngheo": Decimal("340112"), "bhyt-can-ngheo-ty-le": Decimal("84.1")}
    assert str(health.values["bhyt-can-ngheo-ty-le"]) == "84.1"
    assert (housing.agency, housing.reported, housing.as_of, housing.note) == (
        "so-xay-dung", dt.date(2017, 12, 10), dt.date(2017, 12, 10), None)
    assert housing.values == {"nha-o": Decimal("14996")}
    assert "Stored 2 reports, 3 figures" in result.stdout
    for name in (p.name for p in (data / "submissions").iterdir()):
        assert name in result.stdout


def test_comma_csv_with_english_headers(data: Path, giamngheo: Callable[..., Result]) -> None:
    sheet = write_csv("december.csv", [
        "agency,indicator,value,date,as_of,source,note",
        'so-ldtbxh,ty-le-ho-ngheo,"8,49%",08/12/2017,,101/BC-LĐTBXH,',
        'so-gddt,tre-em-di-hoc,"2,570",08/12/2017,,88/BC-SGDĐT,',
    ])

    result = giamngheo("import", str(sheet), "--by", "Lan")

    assert result.exit_code == 0, result.stderr
    assert sorted((sub.agency, sub.values) for sub in stored(data)) == [
        ("so-gddt", {"tre-em-di-hoc": Decimal("2570")}), ("so-ldtbxh", {"ty-le-ho-ngheo": Decimal("8.49")})]


def test_xlsx_with_number_date_and_text_cells(data: Path, giamngheo: Callable[..., Result]) -> None:
    sheet = write_xlsx("bao-cao.xlsx", [
        ["STT", "Cơ quan (agency)", "Chỉ tiêu (indicator)", "Giá trị (value)", "Ngày báo cáo (date)",
         "Số liệu đến ngày (as_of)", "Văn bản", "Ghi chú"],
        [1, "Sở Y tế", "bhyt-can-ngheo", 340112, dt.datetime(2017, 12, 8), dt.date(2017, 11, 30), "245/BC-SYT", None],
        [2, "Sở Y tế", "bhyt-can-ngheo-ty-le", 84.1, dt.datetime(2017, 12, 8), dt.date(2017, 11, 30), "245/BC-SYT", None],
        [3, "Sở NN&PTNT", "nuoc-sach", "86.391", "10/12/2017", None, "7/BC-SNN", "nước sạch"],
        [4, "Sở NN&PTNT", "nuoc-sach-ty-le", 0.8273, "10/12/2017", None, "7/BC-SNN", "nước sạch"],
        [5, "Sở NN&PTNT", "nha-tieu", 48267.0, "10/12/2017", None, "7/BC-SNN", "nhà tiêu"],
        [6, "Sở NN&PTNT", "nha-tieu-ty-le", "46,7", "10/12/2017", None, "7/BC-SNN", None],
        [7, "Sở GD&ĐT", "pcgd-tieu-hoc", 99.9, "2017-12-11", None, 311, None],
    ], formats={"D5": "0.00%"})

    result = giamngheo("import", str(sheet), "--by", "Lan")

    assert result.exit_code == 0, result.stderr
    health, farming, education = stored(data)
    assert health.values == {"bhyt-can-ngheo": Decimal("340112"), "bhyt-can-ngheo-ty-le": Decimal("84.1")}
    assert (health.reported, health.as_of) == (dt.date(2017, 12, 8), dt.date(2017, 11, 30))
    # 0.8273 in a cell formatted as a percentage is what Excel shows as 82,73%.
    assert farming.values == {"nuoc-sach": Decimal("86391"), "nuoc-sach-ty-le": Decimal("82.73"),
                              "nha-tieu": Decimal("48267"), "nha-tieu-ty-le": Decimal("46.7")}
    assert farming.note == "nước sạch; nhà tiêu"
    assert {k: str(v) for k, v in farming.values.items()} == {
        "nuoc-sach": "86391", "nuoc-sach-ty-le": "82.73", "nha-tieu": "48267", "nha-tieu-ty-le": "46.7"}
    assert education.values == {"pcgd-tieu-hoc": Decimal("99.9")} and education.source == "311"
    written = {p.read_text(encoding="utf-8") for p in (data / "submissions").iterdir()}
    assert any("bhyt-can-ngheo-ty-le: 84.1\n" in text for text in written)


def test_rows_of_one_agency_with_different_as_of_dates_are_separate_reports(
        data: Path, giamngheo: Callable[..., Result]) -> None:
    sheet = write_csv("hai-ky.csv", [
        VI_HEADER,
        "so-y-te;bhyt-can-ngheo;330.000;08/12/2017;31/10/2017;245/BC-SYT;",
        "so-y-te;bhyt-can-ngheo;340.112;08/12/2017;30/11/2017;245/BC-SYT;",
    ])

    assert giamngheo("import", str(sheet)).exit_code == 0
    assert [(s.as_of, s.values["bhyt-can-ngheo"]) for s in stored(data)] == [
        (dt.date(2017, 10, 31), Decimal("330000")), (dt.date(2017, 11, 30), Decimal("340112"))]


def test_dry_run_writes_nothing(data: Path, giamngheo: Callable[..., Result]) -> None:
    sheet = write_csv("thu.csv", [VI_HEADER, "so-y-te;bhyt-can-ngheo;340.112;08/12/2017;;245/BC-SYT;"])
    before = snapshot(data)

    result = giamngheo("import", str(sheet), "--dry-run", "--format", "plain", "--lang", "en")

    assert result.exit_code == 0, result.stderr
    assert snapshot(data) == before
    assert "Would be stored" in result.stdout
    assert "Dry run: 1 report, 1 figure would be stored; nothing was written" in result.stdout
    assert "340,112" in result.stdout


# ---------------------------------------------------------------------------- bad sheets


def test_every_bad_csv_row_is_listed_and_nothing_is_written(data: Path, giamngheo: Callable[..., Result]) -> None:
    assert giamngheo("import", str(write_csv("truoc.csv", [
        VI_HEADER, "so-xay-dung;nha-o;100;01/12/2017;;1/BC-SXD;"]))).exit_code == 0
    sheet = write_csv("sai.csv", [
        VI_HEADER,
        "Sở Y tế;bhyt-can-ngheo;340.112;08/12/2017;;245/BC-SYT;",
        "Sở Y tê;nha-o;1,5;08/12/2017;;245/BC-SYT;",
        "Sở Du lịch;bhyt-can-ngheo-ty-le;120;31/02/2017;;245/BC-SYT;",
        ";;;;;;",
        "so-y-te;bhyt;;08/12/2099;;;",
        "so-y-te;bhyt-can-ngheo;340.113;08/12/2017;;245/BC-SYT;",
    ])
    before = snapshot(data)

    result = giamngheo("import", str(sheet))

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "sai.csv:3: error: column C \"Giá trị\": '1,5' is not a whole number; a count takes digits with '.' or ',' "
        "between thousands, such as 14.996 or 14996\n"
        "sai.csv:4: error: column A \"Cơ quan\": unknown agency 'Sở Du lịch'; `giamngheo agencies` lists them\n"
        "sai.csv:4: error: column C \"Giá trị\": '120' is over 100; a percentage lies between 0 and 100\n"
        "sai.csv:4: error: column D \"Ngày báo cáo\": '31/02/2017' is not a real date\n"
        "sai.csv:6: error: column B \"Chỉ tiêu\": 'bhyt' matches several indicators: bhyt-can-ngheo (Khẩu cận nghèo "
        "có thẻ và được hỗ trợ mua thẻ bảo hiểm y tế); bhyt-can-ngheo-ty-le (Tỷ lệ khẩu cận nghèo có thẻ bảo hiểm "
        "y tế). Type more of the name, or an id\n"
        "sai.csv:6: error: column C \"Giá trị\": is empty\n"
        f"sai.csv:6: error: column D \"Ngày báo cáo\": 2099-12-08 is after today ({dt.date.today().isoformat()})\n"
        "sai.csv:6: error: column F \"Số văn bản\": is empty\n"
        "sai.csv:7: error: column C \"Giá trị\": bhyt-can-ngheo of so-y-te for Toàn tỉnh Thanh Hoá as of 2017-12-08 "
        "is already given at row 2; give each figure once per sheet\n"
    )
    assert snapshot(data) == before


def test_every_bad_xlsx_row_is_listed_and_nothing_is_written(data: Path, giamngheo: Callable[..., Result]) -> None:
    sheet = write_xlsx("sai.xlsx", [
        ["agency", "indicator", "value", "date", "source", None],
        ["so-xay-dung", "nha-o", 1.5, dt.datetime(2017, 12, 8), "12/BC-SXD"],
        ["so-xay-dung", "nha-o-qd22", True, dt.datetime(2017, 12, 8), "12/BC-SXD"],
        ["so-xay-dung", "nha-o-qd48", 10, 20171208, dt.datetime(2017, 12, 1)],
        ["so-xay-dung", "nha-o-qd33", -3, dt.datetime(2017, 12, 8), "12/BC-SXD", "xem lại"],
        ["so-xay-dung", "nha-o-qd33", 3, dt.datetime(2017, 12, 8), "12/BC-SXD"],
    ])
    before = snapshot(data)

    result = giamngheo("import", str(sheet))

    assert result.exit_code == 1
    assert result.stderr == (
        'sai.xlsx:Sheet!C2: error: column C "value": 1.5 is not a whole number of households; a count cannot have '
        "decimals (to type 340.112 the Vietnamese way, format the cell as Text)\n"
        'sai.xlsx:Sheet!C3: error: column C "value": TRUE is not a number\n'
        'sai.xlsx:Sheet!D4: error: column D "date": 20171208 is not a date; type dd/mm/yyyy (08/12/2017) or format '
        'the cell as a date\n'
        'sai.xlsx:Sheet!E4: error: column E "source": 01/12/2017 is a date, not text; format the column as Text '
        "and type it again\n"
        "sai.xlsx:Sheet!C5: error: column C \"value\": '-3' is negative; a count must be 0 or more\n"
        "sai.xlsx:Sheet!F5: error: column F: has a value but no header\n"
    )
    assert snapshot(data) == before


def test_a_report_too_long_once_its_rows_are_joined_points_at_its_rows(
        data: Path, giamngheo: Callable[..., Result]) -> None:
    sheet = write_csv("dai.csv", [
        VI_HEADER,
        f"so-y-te;bhyt-can-ngheo;1;08/12/2017;;245/BC-SYT;{'a' * 1500}",
        f"so-y-te;bhyt-can-ngheo-ty-le;2;08/12/2017;;245/BC-SYT;{'b' * 1500}",
        f"so-xay-dung;nha-o;3;08/12/2017;;{'x' * 301};",
    ])

    result = giamngheo("import", str(sheet))

    assert result.exit_code == 1
    first, second = result.stderr.splitlines()
    assert first.startswith('dai.csv:2: error: column G "Ghi chú": ') and first.endswith(" (rows 2, 3 together)")
    assert "2,000" in first
    assert second.startswith('dai.csv:4: error: column F "Số văn bản": ') and "300" in second
    assert not any((data / "submissions").iterdir())


HEADERS = ("Cơ quan (agency), Địa bàn (unit) (optional), Chỉ tiêu (indicator), Giá trị (value), Mẫu số (base) "
           "(optional), Ngày báo cáo (date), Số liệu đến ngày (as_of) (optional), Số văn bản (source), "
           "Ghi chú (note) (optional)")


@pytest.mark.parametrize(("lines", "expected"), [
    (["Cơ quan;Chỉ tiêu;Giá trị;Ngày;Số văn bản;Đơn vị tính"],
     "sheet.csv:1: error: column D \"Ngày\": unknown header\n"
     "sheet.csv:1: error: column F \"Đơn vị tính\": unknown header\n"
     f"sheet.csv:1: error: missing column Ngày báo cáo (date): add it, or give --date; the headers are {HEADERS}\n"),
    (["agency,indicator,value,date,source,source"],
     'sheet.csv:1: error: column F "source": source is already column E "source"\n'),
    ([VI_HEADER, ";;;;;;"], "sheet.csv: error: the sheet has headers but no figures\n"),
    (["Báo cáo tháng 12", "Cơ quan;Ngày"],
     "sheet.csv: error: no header row in the first 20 rows: one row per figure needs the columns Chỉ tiêu (indicator) "
     "and Giá trị (value); a department's table needs the columns Chỉ tiêu and Thực hiện; a table of districts needs "
     "a column Địa bàn (unit) and a column per indicator, headed by its id or name; `giamngheo import --help` shows "
     "each layout\n"),
])
def test_bad_headers(data: Path, giamngheo: Callable[..., Result], lines: list[str], expected: str) -> None:
    result = giamngheo("import", str(write_csv("sheet.csv", lines)))

    assert (result.exit_code, result.stderr) == (1, expected)


@pytest.mark.parametrize(("make", "expected"), [
    (lambda: Path("missing.xlsx"), "missing.xlsx: error: no such file\n"),
    (lambda: Path("data"), "data: error: is a folder; give a .xlsx or .csv file\n"),
    (lambda: _touch("old.xls", b"\xd0\xcf\x11\xe0"), "old.xls: error: only .xlsx and .csv sheets can be imported; "
                                                       "in Excel choose Save As → 'Excel Workbook (*.xlsx)'\n"),
    (lambda: _touch("broken.xlsx", b"PK\x03\x04 not really a zip"),
     "broken.xlsx: error: cannot be read as an Excel workbook (File is not a zip file); is it damaged, "
     "password-protected, or another format named .xlsx?\n"),
    (lambda: _touch("old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
     "old.xlsx: error: is an old .xls workbook or a password-protected one; in Excel save it, unprotected, as "
     "'Excel Workbook (*.xlsx)'\n"),
    (lambda: _touch("cp1258.csv", "agency\nThanh Hoá\n".encode("cp1258")),
     "cp1258.csv:2: error: is not UTF-8 text; in Excel choose Save As → 'CSV UTF-8 (Comma delimited) (*.csv)'\n"),
    (lambda: _touch("empty.csv", b""), "empty.csv: error: the sheet is empty; it should hold a header row and figures\n"),
    (lambda: write_xlsx("empty.xlsx", []),
     "empty.xlsx: error: sheet 'Sheet' is empty; it should hold a header row and figures\n"),
])
def test_unreadable_files(data: Path, giamngheo: Callable[..., Result], make: Callable[[], Path],
                          expected: str) -> None:
    result = giamngheo("import", str(make()))

    assert (result.exit_code, result.stdout, result.stderr) == (1, "", expected)
    assert isinstance(result.exception, SystemExit)


def _touch(name: str, content: bytes) -> Path:
    Path(name).write_bytes(content)
    return Path(name)


def test_a_sheet_over_the_row_limit_is_refused(data: Path, giamngheo: Callable[..., Result],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importing, "MAX_ROWS", 2)
    rows = [f"so-y-te;bhyt-can-ngheo;{n};0{n}/12/2017;;245/BC-SYT;" for n in range(1, 4)]

    result = giamngheo("import", str(write_csv("big.csv", [VI_HEADER, *rows])))

    assert (result.exit_code, result.stderr) == (1, "big.csv: error: has more than 2 rows; split it into smaller sheets\n")


def test_a_failed_write_removes_the_reports_already_stored(data: Path, giamngheo: Callable[..., Result],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from giamngheo.core.messages import msg
    from giamngheo.store import batch
    from giamngheo.store.submissions import StorageError

    real = batch.write_submission
    calls: list[int] = []

    def flaky(sub, folder):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 2:
            raise StorageError.of("disk-full", msg("{folder}: the disk is full; nothing was written", folder=str(folder)))
        return real(sub, folder)

    monkeypatch.setattr(batch, "write_submission", flaky)
    sheet = write_csv("hai.csv", [VI_HEADER, "so-y-te;bhyt-can-ngheo;1;08/12/2017;;1/BC;",
                                  "so-xay-dung;nha-o;2;08/12/2017;;2/BC;"])
    before = snapshot(data)

    result = giamngheo("import", str(sheet))

    assert result.exit_code == 1
    assert result.stderr == ("giamngheo: error: import stopped at report 2 of 2: data/submissions: the disk is full; "
                             "nothing was written; nothing was kept (the 1 report(s) already stored were removed)\n")
    assert snapshot(data) == before


# ---------------------------------------------------------------------------- the template


def test_template_filled_in_imports(data: Path, giamngheo: Callable[..., Result]) -> None:
    result = giamngheo("template", "mau.xlsx")
    assert (result.exit_code, result.stdout) == (0, "Template written: mau.xlsx\n")

    book = openpyxl.load_workbook("mau.xlsx")
    assert book.sheetnames == ["Số liệu", "Danh mục"]
    sheet, lists = book["Số liệu"], book["Danh mục"]
    assert [c.value for c in sheet[1]] == [
        "Cơ quan (agency)", "Địa bàn (unit)", "Chỉ tiêu (indicator)", "Giá trị (value)", "Mẫu số (base)",
        "Ngày báo cáo (date)", "Số liệu đến ngày (as_of)", "Số văn bản (source)", "Ghi chú (note)"]
    listed = list(lists.iter_rows(min_row=2, values_only=True))
    assert ("so-y-te", "Sở Y tế", None) in [row[:3] for row in listed]
    assert ("bhyt-can-ngheo-ty-le", "Tỷ lệ khẩu cận nghèo có thẻ bảo hiểm y tế", "%", 83.51) in [
        row[4:8] for row in listed]
    assert ("muong-lat", "Huyện Mường Lát") in [row[9:11] for row in listed]
    assert [len([r for r in listed if r[c]]) for c in (0, 4, 9)] == [13, 17, 28]

    sheet.append(["Sở Y tế", None, "bhyt-can-ngheo", "340.112", None, "08/12/2017", "30/11/2017", "245/BC-SYT"])
    sheet.append(["Sở Y tế", None, "bhyt-can-ngheo-ty-le", "84,1", None, "08/12/2017", "30/11/2017", "245/BC-SYT"])
    sheet.append(["so-nnptnt", "Mường Lát", "nha-tieu", "1.210", None, "08/12/2017", None, "9/BC-SNN"])
    sheet.append(["so-nnptnt", "Mường Lát", "nha-tieu-ty-le", "41,5", "2.916", "08/12/2017", None, "9/BC-SNN"])
    book.save("mau.xlsx")
    result = giamngheo("import", "mau.xlsx")

    assert result.exit_code == 0, result.stderr
    farming, health = stored(data)  # same day: by agency id
    assert health.values == {"bhyt-can-ngheo": Decimal("340112"), "bhyt-can-ngheo-ty-le": Decimal("84.1")}
    assert (farming.unit, farming.values, farming.bases) == (
        "muong-lat", {"nha-tieu": Decimal("1210"), "nha-tieu-ty-le": Decimal("41.5")}, {"nha-tieu-ty-le": Decimal("2916")})
    # The list sheet holds numbers (the targets), but no header of figures: it is not read, and that is said.
    assert result.stderr == "mau.xlsx: note: sheet 'Danh mục' is not read: it has no header row of figures\n"


def test_template_refuses_to_overwrite(data: Path, giamngheo: Callable[..., Result]) -> None:
    Path("mau.xlsx").write_bytes(b"the analyst's own work")

    result = giamngheo("template", "mau.xlsx")

    assert (result.exit_code, result.stderr) == (
        1, "giamngheo: error: mau.xlsx: already exists; nothing was changed (choose another name)\n")
    assert Path("mau.xlsx").read_bytes() == b"the analyst's own work"


def test_template_must_be_xlsx(data: Path, giamngheo: Callable[..., Result]) -> None:
    result = giamngheo("import", "--template", "mau.csv")

    assert (result.exit_code, result.stderr) == (
        1, "giamngheo: error: mau.csv: the template is an Excel workbook; give a name ending in .xlsx\n")
    assert not Path("mau.csv").exists()


# ---------------------------------------------------------------------------- cells


@given(st.decimals(min_value=0, max_value=100, places=2))
def test_a_number_cell_reads_as_the_decimal_typed(typed: Decimal) -> None:
    # Excel writes a double with up to 17 significant digits (84.099999999999994); it shows 15.
    written = Decimal(f"{float(typed):.17g}")

    assert _cell_value(written, "General") == typed


@given(st.decimals(min_value=0, max_value=100, places=2))
def test_a_percent_formatted_cell_reads_as_the_percentage_shown(shown: Decimal) -> None:
    written = Decimal(f"{float(shown / 100):.17g}")

    assert _cell_value(written, "0.00%") == shown


def test_whole_numbers_and_dates_are_kept() -> None:
    assert _cell_value(14996, "General") == 14996 and isinstance(_cell_value(14996, "#,##0"), int)
    assert _cell_value(dt.date(2017, 12, 8), "dd/mm/yyyy") == dt.date(2017, 12, 8)
    assert _cell_value(1, "0%") == Decimal(100)


def test_a_named_pipe_is_refused_without_waiting(data: Path, giamngheo: Callable[..., Result]) -> None:
    import os

    os.mkfifo("so-lieu.csv")  # opening a pipe to read would wait for a writer forever
    result = giamngheo("import", "so-lieu.csv")
    assert (result.exit_code, result.stderr) == (
        1, "so-lieu.csv: error: is not a regular file (a pipe, socket or device?)\n")
