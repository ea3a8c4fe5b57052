"""`giamngheo report` end to end: record as a user would, write the report in each format, then
open it the way its reader's program would and check what is inside.

The golden sentences under tests/golden/ were read against the figures recorded below and
`status` on the same day; regenerate them with GIAMNGHEO_UPDATE_GOLDEN=1 only after checking
the difference.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from giamngheo.cli import app

REPO = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
AS_OF = "15/12/2017"
EPOCH = "1513324800"  # 2017-12-15 08:00 UTC
HOSTILE_SOURCE = '=HYPERLINK("http://x","y")'

# Each line is one `giamngheo record` a user would type: the reports of tests/test_status.py,
# two districts' figures, and a report whose number would be a formula in a spreadsheet.
RECORDS = [
    ["so-y-te", "--date", "08/12/2017", "--source", "245/BC-SYT", "bhyt-can-ngheo=340.112", "bhyt-can-ngheo-ty-le=84,1"],
    ["Sở Xây dựng", "--date", "12/12/2017", "--as-of", "30/11/2017", "--source", "310/BC-SXD",
     "nha-o-qd22=9.870", "nha-o-qd48=1.641", "nha-o-qd33=3.100"],
    ["so gd&dt", "--date", "05/12/2017", "--source", "88/BC-SGDĐT",
     "tre-em-di-hoc=2.480", "pcgd-mam-non=100", "pcgd-tieu-hoc=99,92"],
    ["Sở NN&PTNT", "--date", "09/12/2017", "--source", "501/BC-SNN",
     "nha-tieu=45.000", "nha-tieu-ty-le=43,5", "nuoc-sach=86391", "nuoc-sach-ty-le=82.73%"],
    ["so-ldtbxh", "--date", "28/09/2017", "--source", "1200/SLĐTBXH", "--done", "ldtbxh-tap-huan"],
    ["so-ldtbxh", "--date", "05/06/2017", "--source", "610/SLĐTBXH", "--done", "ldtbxh-phan-mem"],
    ["DOLISA", "--date", "11/12/2017", "--as-of", "30/11/2017", "--source", "1650/BC-SLĐTBXH", "ty-le-ho-ngheo=8,87"],
    ["so-y-te", "--date", "14/12/2017", "--as-of", "08/12/2017", "--source", "245/BC-SYT (đính chính)",
     "--note", "Sửa số khẩu", "bhyt-can-ngheo=340.211"],
    ["ubnd-huyen", "--unit", "Mường Lát", "--date", "10/12/2017", "--source", "12/BC-UBND", "tiep-can-thong-tin=120"],
    ["ubnd-huyen", "--unit", "Quan Hóa", "--date", "10/12/2017", "--source", HOSTILE_SOURCE, "tiep-can-thong-tin=80"],
]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace holding the recorded reports above."""
    root = tmp_path_factory.mktemp("report")
    data = root / "data"
    (data / "submissions").mkdir(parents=True)
    for name in ("plan_2017.yaml", "units.yaml"):
        shutil.copyfile(REPO / "data" / name, data / name)
    for args in RECORDS:
        result = CliRunner().invoke(app, ["record", *args, "--by", "test", "--data-dir", str(data), "--format", "plain"])
        assert result.exit_code == 0, result.output
    return data


def giamngheo(data: Path, *args: str, env: dict[str, str | None] | None = None) -> Result:
    return CliRunner().invoke(app, [*args, "--data-dir", str(data)],
                              env={"NO_COLOR": "1", "SOURCE_DATE_EPOCH": EPOCH, **(env or {})})


def write_report(data: Path, out: Path, *args: str, env: dict[str, str | None] | None = None) -> Path:
    result = giamngheo(data, "report", "--as-of", AS_OF, "-o", str(out), *args, env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Đã lập báo cáo (report written): {out}\n"
    return out


@pytest.fixture(scope="module")
def xlsx(data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_report(data, tmp_path_factory.mktemp("out") / "bao-cao-ket-qua-2017.xlsx")


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("GIAMNGHEO_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def status_targets(data: Path) -> dict[str, dict]:
    result = giamngheo(data, "status", "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 0, result.output
    return {t["id"]: t for t in json.loads(result.stdout)["targets"]}


# ---------------------------------------------------------------- the sentences


def sentences(data: Path, lang: str) -> str:
    """Sections I and II as the report words them, one line each."""
    from giamngheo.store.workspace import Workspace, load_workspace
    from giamngheo.views.report import Provenance, report_data

    loaded = load_workspace(Workspace(data), dt.date.today())
    assert loaded.plan is not None and loaded.units is not None
    moment = dt.datetime.fromtimestamp(int(EPOCH), dt.timezone.utc)
    report = report_data(loaded.plan, loaded.units, loaded.stored, dt.date(2017, 12, 15), lang,
                         Provenance("0.1.0", moment))
    lines = [report.summary]
    for group in report.groups:
        lines += [f"# {group.title}", *(f"- {s}" for s in group.sentences)]
    lines.append(report.timeliness_summary or "")
    for t in report.timeliness:
        lines += [f"# {t.title}", *(f"- {e}" for e in t.entries)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_generated_sentences_golden(data: Path, lang: str) -> None:
    check_golden(f"report-sentences-{lang}.txt", sentences(data, lang))


def test_each_sentence_carries_figure_target_attainment_agency_and_document(data: Path) -> None:
    text = sentences(data, "vi")
    assert ("- Khẩu cận nghèo có thẻ và được hỗ trợ mua thẻ bảo hiểm y tế: thực hiện 340.211 khẩu (số liệu đến "
            "ngày 08/12/2017), đạt 101,1% so với kế hoạch (336.478 khẩu); đánh giá: đạt. Nguồn: Sở Y tế, văn bản số "
            "245/BC-SYT (đính chính).\n") in text
    # the poverty rate has no baseline: no made-up percentage, the reason instead
    assert ("- Tỷ lệ hộ nghèo chung cả tỉnh: thực hiện 8,87% (số liệu đến ngày 30/11/2017), kế hoạch giảm xuống còn "
            "8,49%; đánh giá: chưa đạt (không có số gốc).") in text
    english = sentences(data, "en")
    assert ("- Near-poor people holding a health-insurance card, helped to buy it under other policies: 340,211 persons "
            "as of 2017-12-08, 101.1% of the target (336,478 persons); assessment: achieved. Source: Department of "
            "Health, document 245/BC-SYT (đính chính).\n") in english


# ---------------------------------------------------------------- Excel


def test_xlsx_targets_sheet_has_the_official_columns_and_real_numbers(data: Path, xlsx: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(xlsx)
    assert book.sheetnames == ["Thông tin", "Chỉ tiêu", "Biểu đồ", "Thời hạn báo cáo", "Theo đơn vị", "Số liệu"]
    sheet = book["Chỉ tiêu"]
    header = [c.value for c in sheet[3]]
    assert header == ["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch 2017", "Thực hiện", "Số liệu đến ngày",
                      "Tỷ lệ % so với kế hoạch", "Đánh giá", "Cơ quan báo cáo", "Văn bản nguồn"]
    rows = {r[1].value: r for r in sheet.iter_rows(min_row=4) if r[0].value}
    health = rows["Khẩu cận nghèo có thẻ và được hỗ trợ mua thẻ bảo hiểm y tế"]
    assert [c.value for c in health] == ["6", "Khẩu cận nghèo có thẻ và được hỗ trợ mua thẻ bảo hiểm y tế", "khẩu",
                                         336478, 340211, dt.datetime(2017, 12, 8), 101.1, "đạt", "Sở Y tế",
                                         "245/BC-SYT (đính chính)"]
    assert [health[n].number_format for n in (3, 4, 5, 6)] == ["[$-42A]#,##0", "[$-42A]#,##0", "dd/mm/yyyy",
                                                                "[$-42A]#,##0.0"]
    assert "submissions/2017-12-14_so-y-te_" in health[4].comment.text
    rate = rows["Tỷ lệ hộ nghèo chung cả tỉnh"]
    assert (rate[3].value, rate[3].number_format, rate[4].value, rate[6].value) == (8.49, "[$-42A]#,##0.00", 8.87, None)
    # the same numbers as `status` on the same day
    status = status_targets(data)
    by_name = {t["name"]: t for t in status.values()}
    for name, row in rows.items():
        assert (row[3].value, row[4].value, row[6].value) == (
            by_name[name]["target"], by_name[name]["value"], by_name[name]["attainment_pct"]), name


def test_xlsx_print_setup_frozen_header_and_widths(xlsx: Path) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx)["Chỉ tiêu"]
    assert sheet.freeze_panes == "A4"
    assert sheet.print_title_rows == "$3:$3"
    assert (sheet.page_setup.orientation, sheet.page_setup.paperSize) == ("landscape", 9)  # 9: A4
    assert (sheet.page_setup.fitToWidth, sheet.sheet_properties.pageSetUpPr.fitToPage) == (1, True)
    assert sheet.column_dimensions["B"].width > 2 * sheet.column_dimensions["D"].width > 2 * sheet.column_dimensions["A"].width


def test_xlsx_has_a_native_bar_chart_of_attainment(xlsx: Path) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx)["Biểu đồ"]
    assert len(sheet._charts) == 1
    chart = sheet._charts[0]
    assert (chart.tagname, chart.type) == ("barChart", "bar")
    measured = [sheet.cell(row=r, column=3).value for r in range(4, sheet.max_row + 1)]
    assert 101.1 in measured and None not in measured
    with zipfile.ZipFile(xlsx) as z:
        xml = z.read("xl/charts/chart1.xml").decode()
    assert '<barDir val="bar"/>' in xml and "'Biểu đồ'!$C$4" in xml


def test_xlsx_front_sheet_says_what_it_was_built_from(xlsx: Path) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx)["Thông tin"]
    facts = {r[0].value: r[1].value for r in sheet.iter_rows(min_row=3) if r[0].value}
    assert facts["Số liệu đến ngày"] == dt.datetime(2017, 12, 15)
    assert facts["Số báo cáo đã ghi nhận"] == len(RECORDS)
    assert facts["Phiên bản giamngheo"] == "0.1.0"
    assert facts["Lập lúc"] == "15/12/2017 08:00 UTC"
    assert facts["Commit của dữ liệu (git)"] == "không có (thư mục dữ liệu không phải kho git)"


def test_xlsx_figures_sheet_traces_every_figure(xlsx: Path) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx)["Số liệu"]
    header = [c.value for c in sheet[3]]
    rows = [dict(zip(header, (c.value for c in r))) for r in sheet.iter_rows(min_row=4)]
    health = [r for r in rows if r["Mã chỉ tiêu"] == "bhyt-can-ngheo"]
    assert [(r["Giá trị"], r["Văn bản nguồn"]) for r in health] == [(340211, "245/BC-SYT (đính chính)")]
    assert health[0]["Tệp số liệu"].startswith("submissions/2017-12-14_so-y-te_")
    assert {r["Đơn vị"] for r in rows if r["Mã chỉ tiêu"] == "tiep-can-thong-tin"} == {"Huyện Mường Lát", "Huyện Quan Hóa"}


def test_xlsx_units_sheet(xlsx: Path) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx)["Theo đơn vị"]
    header = [c.value for c in sheet[3]]
    assert header == ["Mã", "Đơn vị", "Hộ nghèo được hỗ trợ tiếp cận các dịch vụ thông tin và truyền thông"]
    rows = {r[0].value: [c.value for c in r] for r in sheet.iter_rows(min_row=4)}
    assert rows["muong-lat"] == ["muong-lat", "Huyện Mường Lát", 120]
    assert rows["total"][2] == 200 and rows["coverage"][2] == "2/27"


def test_xlsx_text_that_looks_like_a_formula_stays_text(xlsx: Path) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx)["Số liệu"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == HOSTILE_SOURCE]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
    with zipfile.ZipFile(xlsx) as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    assert sheets and all("<f>" not in xml and "<f " not in xml for xml in sheets)


def test_english_xlsx(data: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(write_report(data, tmp_path / "report.xlsx", "--lang", "en"))
    assert book.sheetnames == ["About", "Targets", "Chart", "Deadlines", "By unit", "Figures"]
    sheet = book["Targets"]
    assert [c.value for c in sheet[3]][:4] == ["No.", "Target", "Unit", "2017 target"]
    health = next(r for r in sheet.iter_rows(min_row=4) if r[0].value == "6")
    assert (health[3].number_format, health[5].number_format, health[7].value) == ("#,##0", "yyyy-mm-dd", "achieved")


# ---------------------------------------------------------------- writing safely


def test_an_existing_file_is_kept_without_force(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "bao-cao.xlsx"
    out.write_bytes(b"the analyst's own work")
    result = giamngheo(data, "report", "--as-of", AS_OF, "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == f"giamngheo: error: {out}: already exists; nothing was changed (use --force to replace it)\n"
    assert out.read_bytes() == b"the analyst's own work"
    write_report(data, out, "--force")
    assert zipfile.is_zipfile(out)
    assert [p.name for p in tmp_path.iterdir()] == ["bao-cao.xlsx"]  # no temporary file left


@pytest.mark.parametrize("name, message", [
    ("folder", "{out}: is a folder; give a file name"),
    ("missing/bao-cao.xlsx", "{out}: the folder {parent} does not exist; nothing was written"),
    ("bao-cao.pdf", "{out}: cannot tell the format from the name; end it in .xlsx, .docx or .html, or give --format"),
])
def test_an_output_that_cannot_be_written_is_named(data: Path, tmp_path: Path, name: str, message: str) -> None:
    (tmp_path / "folder").mkdir()
    out = tmp_path / name
    result = giamngheo(data, "report", "--as-of", AS_OF, "-o", str(out))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "giamngheo: error: " + message.format(out=out, parent=out.parent) + "\n"


def test_a_read_only_folder_is_named_and_nothing_is_left(data: Path, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = giamngheo(data, "report", "--as-of", AS_OF, "-o", str(folder / "r.xlsx"))
        assert result.exit_code == 1
        assert "cannot write here (permission denied or read-only); nothing was written" in result.stderr
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_a_full_disk_while_saving_leaves_nothing(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    real_fsync = os.fsync

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    out = tmp_path / "r.xlsx"
    result = giamngheo(data, "report", "--as-of", AS_OF, "-o", str(out))
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert (result.exit_code, result.stderr) == (1, f"giamngheo: error: {out}: the disk is full; nothing was written\n")
    assert list(tmp_path.iterdir()) == []


def test_a_device_is_never_replaced(data: Path) -> None:
    result = giamngheo(data, "report", "--as-of", AS_OF, "-o", "/dev/null", "--format", "xlsx", "--force")
    assert (result.exit_code, result.stderr) == (1, "giamngheo: error: /dev/null: is not a regular file; give another name\n")


def test_narrowed_to_an_agency_or_a_unit(data: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(write_report(data, tmp_path / "y-te.xlsx", "--agency", "Sở Y tế"))
    names = [r[1].value for r in book["Chỉ tiêu"].iter_rows(min_row=4) if r[0].value]
    assert names[:2] == ["Khẩu cận nghèo có thẻ và được hỗ trợ mua thẻ bảo hiểm y tế", "Tỷ lệ khẩu cận nghèo có thẻ bảo hiểm y tế"]
    assert len(names) == 6  # and the water and latrine targets it shares with Sở NN&PTNT, as `status --agency` shows
    assert book["Chỉ tiêu"]["A2"].value == "Báo cáo này chỉ gồm các chỉ tiêu và nhiệm vụ của Sở Y tế."
    assert "Theo đơn vị" not in book.sheetnames  # no unit reported a health figure
    deadlines = book["Thời hạn báo cáo"]
    assert {r[1].value for r in deadlines.iter_rows(min_row=4)} == {"Sở Y tế"}
    unit = load_workbook(write_report(data, tmp_path / "muong-lat.xlsx", "--unit", "Mường Lát"))
    assert "Thời hạn báo cáo" not in unit.sheetnames  # the deadlines are the departments', province-wide
    row = next(r for r in unit["Chỉ tiêu"].iter_rows(min_row=4) if r[1].value and r[1].value.startswith("Hộ nghèo được hỗ trợ tiếp cận"))
    assert (row[4].value, row[7].value) == (120, "không có chỉ tiêu giao")
    assert [r[0].value for r in unit["Theo đơn vị"].iter_rows(min_row=4)][0] == "muong-lat"


def test_format_and_name_must_agree(data: Path, tmp_path: Path) -> None:
    result = giamngheo(data, "report", "-o", str(tmp_path / "r.xlsx"), "--format", "docx")
    assert result.exit_code == 1
    assert result.stderr == f"giamngheo: error: {tmp_path / 'r.xlsx'}: the name says .xlsx but --format says docx\n"
    write_report(data, tmp_path / "bao-cao", "--format", "html")


def test_a_plan_that_fails_its_checks_gives_validates_errors_and_no_report(workspace: Path, run, tmp_path: Path) -> None:
    plan = workspace / "plan_2017.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("target: 14996", "target: -5", 1), encoding="utf-8")
    validate = run("validate", "--data-dir", "data")
    report = run("report", "-o", "r.xlsx", "--data-dir", "data")
    assert (validate.exit_code, report.exit_code) == (1, 1)
    errors = [line for line in validate.stderr.splitlines() if ": error: " in line]
    assert errors and report.stderr.splitlines() == errors
    assert not (tmp_path / "r.xlsx").exists()


def test_a_bad_source_date_epoch_is_refused(data: Path, tmp_path: Path) -> None:
    result = giamngheo(data, "report", "-o", str(tmp_path / "r.xlsx"), env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert result.exit_code == 1
    assert result.stderr == ("giamngheo: error: SOURCE_DATE_EPOCH=yesterday is not a time: give whole seconds since "
                             "1970-01-01 UTC, such as 1513296000\n")


# ---------------------------------------------------------------- reproducible


@pytest.mark.parametrize("ending", ["xlsx"])
def test_a_rebuild_with_source_date_epoch_is_byte_identical(data: Path, tmp_path: Path, ending: str) -> None:
    first = write_report(data, tmp_path / f"a.{ending}").read_bytes()
    second = write_report(data, tmp_path / f"b.{ending}").read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / f"a.{ending}") as z:
        assert {i.date_time for i in z.infolist()} == {(2017, 12, 15, 8, 0, 0)}


def test_the_workspace_commit_is_in_the_report(data: Path, tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    shutil.copytree(data, repo / "data")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x"}
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "data"]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True, check=True).stdout.strip()
    from openpyxl import load_workbook

    out = write_report(repo / "data", tmp_path / "r.xlsx")
    facts = {r[0].value: r[1].value for r in load_workbook(out)["Thông tin"].iter_rows(min_row=3) if r[0].value}
    assert facts["Commit của dữ liệu (git)"] == head


def test_report_help_has_an_example(run) -> None:
    result = run("report", "--help")
    assert result.exit_code == 0
    assert "Example: `giamngheo report --as-of 15/12/2017 -o bao-cao-ket-qua-2017.xlsx`" in result.stdout


def test_report_uses_the_same_arithmetic_as_status(data: Path) -> None:
    """The report's results table is the targets of `status`, row for row."""
    from giamngheo.store.workspace import Workspace, load_workspace
    from giamngheo.views.report import Provenance, report_data

    loaded = load_workspace(Workspace(data), dt.date.today())
    assert loaded.plan is not None and loaded.units is not None
    report = report_data(loaded.plan, loaded.units, loaded.stored, dt.date(2017, 12, 15), "vi",
                         Provenance("0.1.0", dt.datetime(2017, 12, 15, tzinfo=dt.timezone.utc)))
    status = status_targets(data)
    for row in report.results.rows:
        want = status[row["id"]]
        got = {"value": row["value"], "attainment_pct": row["attainment_pct"], "status": row["status"]}
        assert {k: (float(v) if isinstance(v, Decimal) else v) for k, v in got.items()} == {
            k: want[k] for k in got}, row["id"]


# ---------------------------------------------------------------- Word


@pytest.fixture(scope="module")
def docx(data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_report(data, tmp_path_factory.mktemp("out") / "bao-cao-ket-qua-2017.docx")


def test_docx_page_and_fonts_follow_decree_30(docx: Path) -> None:
    from docx import Document
    from docx.shared import Length

    doc = Document(str(docx))
    first = doc.sections[0]
    def mm(*lengths: int) -> tuple[int, ...]:
        return tuple(round(Length(n).mm) for n in lengths)

    assert mm(first.page_width, first.page_height) == (210, 297)
    assert mm(first.top_margin, first.bottom_margin, first.left_margin, first.right_margin) == (25, 20, 35, 20)
    assert first.different_first_page_header_footer  # no page number on page 1
    assert "PAGE" in first.header._element.xml
    appendices = doc.sections[1:]
    assert len(appendices) == 2 and all(s.page_width > s.page_height for s in appendices)
    assert all('w:start="1"' in s._sectPr.xml for s in appendices)  # each appendix numbered from 1
    styles = doc.styles.element.xml
    assert "Theme" not in styles.split("<w:latentStyles")[0].split("</w:docDefaults>")[0]
    assert 'w:ascii="Times New Roman"' in styles and 'w:cs="Times New Roman"' in styles


def test_docx_header_block(docx: Path) -> None:
    from docx import Document

    header = Document(str(docx)).tables[0]
    issuer, nation = ([p.text for p in c.paragraphs if p.text] for c in header.rows[0].cells)
    assert issuer == ["UBND TỈNH THANH HOÁ", "SỞ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"]
    assert nation == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    number, place = (c.paragraphs[0].text for c in header.rows[1].cells)
    assert number == "Số:        /BC-SLĐTBXH"  # the clerk gives the number
    assert place == "Thanh Hoá, ngày      tháng      năm 2017"
    assert header.rows[0].cells[1].paragraphs[0].runs[0].bold
    assert 'w:val="nil"' in header._tbl.xml  # no borders


def test_docx_title_sentences_sections_and_signature(data: Path, docx: Path) -> None:
    from docx import Document

    doc = Document(str(docx))
    texts = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in texts
    assert ("Kết quả thực hiện Kế hoạch số 35/KH-UBND ngày 07/3/2017 của Ủy ban nhân dân tỉnh Thanh Hoá về thực "
            "hiện Chương trình giảm nghèo nhanh và bền vững năm 2017") in texts
    assert "Kính gửi: Ủy ban nhân dân tỉnh Thanh Hoá." in texts
    wanted = [line[2:] for line in sentences(data, "vi").splitlines() if line.startswith("- ") and ": " in line]
    for sentence in [s for s in wanted if "thực hiện" in s or "chưa có số liệu" in s]:
        assert f"- {sentence}" in texts, sentence
    for heading in ("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", "II. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ VÀ CHẾ ĐỘ BÁO CÁO",
                    "III. TỒN TẠI, HẠN CHẾ", "IV. KIẾN NGHỊ, ĐỀ XUẤT"):
        assert heading in texts
    blank = texts[texts.index("III. TỒN TẠI, HẠN CHẾ") + 1]
    assert blank.startswith("[Phần dành cho cán bộ tổng hợp")
    assert not any("{{" in t or "{%" in t for t in texts)
    signature = doc.tables[1]
    recipients, signer = signature.rows[0].cells
    assert [p.text for p in recipients.paragraphs] == ["Nơi nhận:", "- Như trên;", "- Giám đốc Sở (để b/c);",
                                                       "- Lưu: VT, BTXH."]
    assert [p.text for p in signer.paragraphs if p.text] == ["GIÁM ĐỐC"]  # no name: the signer writes it


def test_docx_appendix_table_and_figures(data: Path, docx: Path) -> None:
    from docx import Document

    doc = Document(str(docx))
    results, figures = doc.tables[2], doc.tables[3]
    assert [c.text for c in results.rows[0].cells] == ["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch 2017", "Thực hiện",
                                                       "Số liệu đến ngày", "Tỷ lệ % so với kế hoạch", "Đánh giá",
                                                       "Cơ quan báo cáo", "Văn bản nguồn"]
    assert "<w:tblHeader" in results.rows[0]._tr.xml  # repeated on every page
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in results.rows[1:]}
    assert rows["6"] == ["6", "Khẩu cận nghèo có thẻ và được hỗ trợ mua thẻ bảo hiểm y tế", "khẩu", "336.478",
                         "340.211", "08/12/2017", "101,1", "đạt", "Sở Y tế", "245/BC-SYT (đính chính)"]
    assert rows["2"][3] == "≈ 2.570"
    files = {r.cells[7].text for r in figures.rows[1:]}
    assert any(f.startswith("submissions/2017-12-14_so-y-te_") for f in files)
    assert HOSTILE_SOURCE in {r.cells[6].text for r in figures.rows[1:]}


def test_english_docx(data: Path, tmp_path: Path) -> None:
    from docx import Document

    doc = Document(str(write_report(data, tmp_path / "report.docx", "--lang", "en")))
    texts = [p.text for p in doc.paragraphs]
    assert "REPORT" in texts and "I. RESULTS AGAINST THE TARGETS" in texts
    assert any(t.startswith("- Near-poor people holding a health-insurance card") for t in texts)


def test_the_shipped_templates_are_what_the_builder_makes() -> None:
    from giamngheo.render.docx import shipped_template
    from giamngheo.render.docx_template import build_template

    for lang in ("vi", "en"):
        assert shipped_template(lang).read_bytes() == build_template(lang), (
            f"{shipped_template(lang)} is stale: run scripts/make-report-template")


def test_a_province_edits_its_own_template(data: Path, tmp_path: Path) -> None:
    """--save-template writes the shipped template; edited in Word and given back, its words are used."""
    from docx import Document

    mine = tmp_path / "mau.docx"
    result = giamngheo(data, "report", "-o", str(mine), "--save-template")
    assert (result.exit_code, result.stdout) == (0, f"Đã lưu mẫu (template written): {mine}\n")
    edited = Document(str(mine))
    cell = edited.tables[0].rows[0].cells[0]
    cell.paragraphs[1].runs[0].text = "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"  # the department was renamed
    edited.save(str(mine))
    out = write_report(data, tmp_path / "r.docx", "--template", str(mine))
    assert Document(str(out)).tables[0].rows[0].cells[0].paragraphs[1].text == "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"


@pytest.mark.parametrize("content, problem", [
    (b"not a zip", "is not a Word document (.docx) that can be read"),
    (None, "the template uses a name the report does not give"),
])
def test_a_broken_template_is_named(data: Path, tmp_path: Path, content: bytes | None, problem: str) -> None:
    from docx import Document

    template = tmp_path / "mau.docx"
    if content is None:
        doc = Document()
        doc.add_paragraph("{{ no_such_name }}")
        doc.save(str(template))
    else:
        template.write_bytes(content)
    result = giamngheo(data, "report", "-o", str(tmp_path / "r.docx"), "--template", str(template))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"giamngheo: error: {template}: {problem}")
    assert not (tmp_path / "r.docx").exists()


# ---------------------------------------------------------------- HTML


@pytest.fixture(scope="module")
def html(data: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    return write_report(data, tmp_path_factory.mktemp("out") / "bao-cao.html").read_text(encoding="utf-8")


def test_html_references_nothing_outside_itself(html: str) -> None:
    from html.parser import HTMLParser

    found: list[str] = []
    tags: list[str] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            tags.append(tag)
            for name, value in attrs:
                if name in ("src", "href", "xlink:href", "action", "data", "srcset", "poster", "formaction"):
                    found.append(f"{tag} {name}={value}")

    Collect().feed(html)
    assert found == []
    assert not {"script", "link", "img", "iframe", "object", "embed", "base"} & set(tags)
    assert "svg" in tags and "style" in tags
    lowered = html.lower()
    assert "url(" not in lowered and "@import" not in lowered and "http://x" not in lowered.replace(
        HOSTILE_SOURCE.lower().replace('"', "&#34;"), "")


def test_html_shows_attainment_bars_timeliness_and_units(html: str) -> None:
    assert html.count("<svg") == 2
    assert "101,1%" in html and "@page { size: A4;" in html
    assert "Huyện Mường Lát" in html and "Số liệu theo đơn vị" in html
    assert "Khẩu cận nghèo có thẻ và được hỗ trợ mua thẻ bảo hiểm y tế: thực hiện 340.211 khẩu" in html
    assert "=HYPERLINK(&#34;http://x&#34;,&#34;y&#34;)" in html  # shown, escaped


# ---------------------------------------------------------------- reproducible, every format


@pytest.mark.parametrize("ending", ["docx", "html"])
def test_every_format_rebuilds_byte_identical(data: Path, tmp_path: Path, ending: str) -> None:
    first = write_report(data, tmp_path / f"a.{ending}").read_bytes()
    assert first == write_report(data, tmp_path / f"b.{ending}").read_bytes()


def test_render_script_makes_pictures(docx: Path, xlsx: Path, tmp_path: Path) -> None:
    """scripts/render-report turns each file into PNG pages (skipped where LibreOffice or poppler is missing)."""
    if not (shutil.which("soffice") and shutil.which("pdftoppm")):
        pytest.skip("LibreOffice or poppler-utils is not installed")
    done = subprocess.run([str(REPO / "scripts" / "render-report"), "--out", str(tmp_path), str(docx), str(xlsx)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    pictures = done.stdout.split()
    assert any("-docx-" in p for p in pictures) and any("-xlsx-" in p for p in pictures)
    assert all(Path(p).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pictures)


def test_the_template_options_need_a_docx(data: Path, tmp_path: Path) -> None:
    result = giamngheo(data, "report", "-o", str(tmp_path / "r.xlsx"), "--save-template")
    assert (result.exit_code, result.stderr) == (
        1, "giamngheo: error: --save-template is about the Word template: give a FILE ending in .docx\n")
    missing = tmp_path / "none.docx"
    result = giamngheo(data, "report", "-o", str(tmp_path / "r.docx"), "--template", str(missing))
    assert (result.exit_code, result.stderr) == (1, f"{missing}: error: no such file\n")
