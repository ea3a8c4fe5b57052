"""The shipped plan: it validates, and it says what Kế hoạch 35/KH-UBND says (and nothing more)."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from giamngheo.checks.plan import check_plan
from giamngheo.core.formats import format_number
from giamngheo.model.plan import Plan, load_plan
from giamngheo.core.yamlsafe import YamlDoc, read_yaml

REPO = Path(__file__).resolve().parents[1]
PLAN_PATH = REPO / "data" / "plan_2017.yaml"
# The full text of the plan document, kept beside the project (not in the repository).
Run = Callable[..., Result]
DOCUMENT = Path("/work/shared/plan-document/000_1ef3278e2f5ca617.txt")


@pytest.fixture(scope="module")
def loaded() -> tuple[Plan, YamlDoc]:
    plan, doc, problems = load_plan(PLAN_PATH)
    assert problems == []
    assert plan is not None and doc is not None
    return plan, doc


@pytest.fixture(scope="module")
def plan(loaded: tuple[Plan, YamlDoc]) -> Plan:
    return loaded[0]


@pytest.fixture(scope="module")
def document_text() -> str:
    if not DOCUMENT.is_file():
        pytest.skip(f"the plan document is not at {DOCUMENT}")
    return " ".join(DOCUMENT.read_text(encoding="utf-8").split())


def test_the_shipped_plan_has_no_errors_and_only_the_three_pair_warnings(loaded: tuple[Plan, YamlDoc]) -> None:
    plan, doc = loaded
    problems = check_plan(plan, doc, "plan_2017.yaml")
    assert [(p.severity, p.code, p.message) for p in problems] == [
        ("warning", "pairs-disagree",
         "pair 'nha-tieu' implies ≈ 103,400 households in all, which disagrees with 'nuoc-sach' ≈ 104,425, "
         "'tiep-can-thong-tin' ≈ 106,016; the plan gives no denominator"),
        ("warning", "pairs-disagree",
         "pair 'nuoc-sach' implies ≈ 104,425 households in all, which disagrees with 'nha-tieu' ≈ 103,400, "
         "'tiep-can-thong-tin' ≈ 106,016; the plan gives no denominator"),
        ("warning", "pairs-disagree",
         "pair 'tiep-can-thong-tin' implies ≈ 106,016 households in all, which disagrees with 'nha-tieu' ≈ 103,400, "
         "'nuoc-sach' ≈ 104,425; the plan gives no denominator"),
    ]
    assert [p.line for p in problems] == [doc.line_of(("pairs", i)) for i in (1, 2, 3)]


def test_identity(plan: Plan) -> None:
    info = plan.plan
    assert (info.number, info.date, info.signer, info.signer_title) == (
        "35/KH-UBND", date(2017, 3, 7), "Phạm Đăng Quyền", "KT. Chủ tịch, Phó Chủ tịch")
    assert info.title == "Thực hiện Chương trình giảm nghèo nhanh và bền vững năm 2017"
    assert (info.period.start, info.period.end) == (date(2017, 1, 1), date(2017, 12, 31))
    assert [d.number for d in plan.documents if d.legal_basis] == ["289-QĐ/TU", "159/KH-UBND", "25/QĐ-UBND"]


def test_sizes(plan: Plan) -> None:
    assert (len(plan.indicators), len(plan.agencies), len(plan.pairs)) == (17, 13, 4)


# (indicator, target, unit, direction, approximate, the document's words for it)
TARGETS = [
    ("ty-le-ho-ngheo", Decimal("8.49"), "percent", "decrease", False, "giảm xuống còn 8,49% vào cuối năm 2017"),
    ("tre-em-di-hoc", Decimal("2570"), "children", "increase", True, "Hỗ trợ khoảng 2.570 trẻ em"),
    ("pcgd-mam-non", Decimal("100"), "percent", "increase", False, "phổ cập giáo dục mầm non đạt 100%"),
    ("pcgd-tieu-hoc", Decimal("99.90"), "percent", "increase", False, "phổ cập giáo dục tiểu học đạt 99,90%"),
    ("pcgd-thcs", Decimal("93.94"), "percent", "increase", False, "phổ cập giáo dục trung học cơ sở đạt 93,94%"),
    ("bhyt-can-ngheo", Decimal("336478"), "persons", "increase", False, "336.478 khẩu cận nghèo"),
    ("bhyt-can-ngheo-ty-le", Decimal("83.51"), "percent", "increase", False, "Luật Bảo hiểm y tế), đạt 83,51%"),
    ("nha-o", Decimal("14996"), "households", "increase", False, "8m²/người là 14.996 hộ trong đó"),
    ("nha-o-qd22", Decimal("10063"), "households", "increase", False, "người có công với cách mạng về nhà ở là 10.063 hộ"),
    ("nha-o-qd48", Decimal("1641"), "households", "increase", False, "bão, lụt khu vực miền Trung là 1.641 hộ"),
    ("nha-o-qd33", Decimal("3292"), "households", "increase", False, "chuẩn nghèo giai đoạn 2011-2015 là 3.292 hộ"),
    ("nha-tieu", Decimal("48267"), "households", "increase", False, "nhà tiêu hợp vệ sinh là 48.267 hộ"),
    ("nha-tieu-ty-le", Decimal("46.68"), "percent", "increase", False, "48.267 hộ, đạt tỷ lệ 46,68%"),
    ("nuoc-sach", Decimal("86391"), "households", "increase", False, "nước sinh hoạt hợp vệ sinh là 86.391 hộ"),
    ("nuoc-sach-ty-le", Decimal("82.73"), "percent", "increase", False, "86.391 hộ, đạt tỷ lệ 82,73%"),
    ("tiep-can-thong-tin", Decimal("5322"), "households", "increase", False, "thông tin và truyền thông là 5.322 hộ"),
    ("tiep-can-thong-tin-ty-le", Decimal("5.02"), "percent", "increase", False, "5.322 hộ, đạt tỷ lệ 5,02%"),
]


def test_every_target_is_listed_here_once(plan: Plan) -> None:
    assert [i.id for i in plan.indicators] == [t[0] for t in TARGETS]


@pytest.mark.parametrize(("ind_id", "target", "unit", "direction", "approximate", "words"), TARGETS,
                         ids=[t[0] for t in TARGETS])
def test_target_matches_the_document(plan: Plan, document_text: str, ind_id: str, target: Decimal, unit: str,
                                     direction: str, approximate: bool, words: str) -> None:
    ind = plan.indicator_by_id[ind_id]
    assert (ind.target, ind.unit, ind.direction, ind.approximate) == (target, unit, direction, approximate)
    assert str(ind.target) == str(target)  # 99.90 keeps its printed zero
    assert words in document_text
    assert format_number(ind.target, "vi") in words


def test_the_housing_target_is_the_sum_of_its_three_parts(plan: Plan) -> None:
    parts = plan.parts_of("nha-o")
    assert [(p.id, p.target) for p in parts] == [
        ("nha-o-qd22", Decimal(10063)), ("nha-o-qd48", Decimal(1641)), ("nha-o-qd33", Decimal(3292))]
    assert sum(p.target for p in parts) == plan.indicator_by_id["nha-o"].target == Decimal(14996)


def test_pairs_join_each_count_to_its_rate(plan: Plan) -> None:
    targets = plan.indicator_by_id
    assert [(targets[p.count].target, targets[p.rate].target) for p in plan.pairs] == [
        (Decimal(336478), Decimal("83.51")),
        (Decimal(48267), Decimal("46.68")),
        (Decimal(86391), Decimal("82.73")),
        (Decimal(5322), Decimal("5.02")),
    ]


def test_nothing_the_document_does_not_say(loaded: tuple[Plan, YamlDoc]) -> None:
    plan, doc = loaded
    assert [(i.id, i.baseline, i.baseline_source) for i in plan.indicators if i.baseline or i.baseline_source] == []
    assert [(p.id, p.denominator, p.denominator_source) for p in plan.pairs
            if p.denominator or p.denominator_source] == []
    assert not {"baseline", "baseline_source", "denominator", "denominator_source"} & set(keys_in(doc.data))


def test_agencies(plan: Plan) -> None:
    assert [a.id for a in plan.agencies] == [
        "ubnd-tinh", "so-ldtbxh", "so-gddt", "so-y-te", "so-xay-dung", "so-nnptnt", "so-tttt", "so-khdt",
        "so-tai-chinh", "ban-dan-toc", "mttq-tinh", "ubnd-huyen", "so-nganh-lien-quan",
    ]
    assert plan.agency_by_id["so-ldtbxh"].abbreviation == "Sở LĐ-TB&XH"


def test_deadlines_keep_the_documents_words(plan: Plan, document_text: str) -> None:
    deadlines = Counter((t.deadline.due, t.deadline.wording) for t in plan.assignments if t.deadline)
    assert deadlines == {
        (date(2017, 12, 10), "trước ngày 10/12/2017"): 7,
        (date(2017, 12, 15), "báo cáo UBND tỉnh trước ngày 15/12/2017"): 1,
        (date(2017, 9, 30), "Thời gian hoàn thành trước tháng 10/2017"): 1,
        (date(2017, 6, 30), "Thời gian thực hiện quý II/2017"): 1,
        (date(2017, 5, 31), "thời gian hoàn thành trước tháng 6/2017"): 1,
        (date(2017, 12, 31), "thời gian hoàn thành trước ngày 31/12/2017"): 1,
    }
    for _, wording in deadlines:
        assert wording in document_text
    assert document_text.count("10/12/2017") == 7  # one task for each time the document names the day


def test_the_reports_due_on_10_december_go_through_dolisa(plan: Plan) -> None:
    routes = {(t.reports_to, t.via) for t in plan.assignments if t.deadline and t.deadline.due == date(2017, 12, 10)}
    assert routes == {("ubnd-tinh", "so-ldtbxh")}
    summary = plan.assignment_by_id["ldtbxh-tong-hop"]
    assert (summary.reports_to, summary.via) == ("ubnd-tinh", None)


def test_section_v_keeps_its_repeated_labels_with_unique_ids(plan: Plan) -> None:
    items = [t.item for t in plan.assignments]
    assert sorted(set(items)) == ["V", "V.1", "V.2", "V.3", "V.4", "V.5", "V.6", "V.7", "V.8", "V.9"]
    by_label: dict[str, list[str]] = {}
    for task in plan.assignments:
        for agency in task.agencies:
            if agency not in by_label.setdefault(task.item, []):
                by_label[task.item].append(agency)
    assert by_label["V.8"] == ["ban-dan-toc", "ubnd-huyen"]
    assert by_label["V.9"] == ["mttq-tinh", "so-nganh-lien-quan"]
    ids = [t.id for t in plan.assignments]
    assert len(ids) == len(set(ids)) == 36


def test_every_text_is_nfc() -> None:
    doc = read_yaml(PLAN_PATH)
    assert doc.problems == []
    not_nfc = [text for text in strings_in(doc.data) if not unicodedata.is_normalized("NFC", text)]
    assert not_nfc == []
    assert unicodedata.is_normalized("NFC", PLAN_PATH.read_text(encoding="utf-8"))


@pytest.mark.parametrize("kind", ["plan", "submission"])
def test_the_schema_files_are_what_the_code_prints(run: Run, kind: str) -> None:
    result = run("schema", kind)
    assert result.exit_code == 0
    assert result.stdout == (REPO / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8")


def keys_in(data: Any) -> Iterator[str]:
    """Every mapping key anywhere in DATA."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from keys_in(value)
    elif isinstance(data, list):
        for value in data:
            yield from keys_in(value)


def strings_in(data: Any) -> Iterator[str]:
    """Every key and text value anywhere in DATA."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from strings_in(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings_in(value)
