"""One golden test per kind of problem that `giamngheo validate` reports (as hledger keeps them).

Each test writes the data, runs `giamngheo validate --data-dir data` from the folder holding
it, and checks the exact `FILE:LINE: error|warning: message` lines on stderr and the exit code:
1 when there is an error, 0 when there are only warnings.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

pytestmark = pytest.mark.usefixtures("english_messages")  # problems in the catalogue's own words

Run = Callable[..., Result]
WriteYaml = Callable[[Path, str], Path]

PLAN = "data/plan_2017.yaml"


@pytest.fixture
def validate(run: Run) -> Run:
    """`giamngheo validate --data-dir data`, plus any extra arguments."""
    return lambda *extra: run("validate", "--data-dir", "data", *extra)


# ---------------------------------------------------------------- the plan


def test_unknown_key_suggests_the_key_meant(tmp_path: Path, write_yaml: WriteYaml, validate: Run) -> None:
    write_yaml(tmp_path / PLAN, """
        schema_version: 1
        plan: {number: 35/KH-UBND, date: 2017-03-07, place: Thanh Hoá, issuer: UBND tỉnh, issuer_en: Committee, title: Giảm nghèo, title_en: Poverty, signer: P, signer_title: PCT, period: {start: 2017-01-01, end: 2017-12-31}}
        documents: []
        groups: [{id: ii-1, label: II.1, name: Giảm tỷ lệ hộ nghèo, name_en: Poverty rate}]
        agencies: [{id: so-ldtbxh, name: Sở Lao động - Thương binh và Xã hội, name_en: DOLISA}]
        indicators:
          - id: ty-le-ho-ngheo
            group: ii-1
            name: Tỷ lệ hộ nghèo
            name_en: Poverty rate
            unit: percent
            targt: 8.49
            direction: decrease
            accumulation: level
            wording: giảm xuống còn 8,49%
        assignments:
          - {id: tong-hop, item: V.1, agencies: [so-ldtbxh], role: lead, text: Tổng hợp, summary_en: Report}
    """)
    result = validate()
    assert result.stderr == (
        f"{PLAN}:7: error: missing key 'target' in indicators[0]\n"
        f"{PLAN}:12: error: unknown key 'targt' in indicators[0] (did you mean 'target'?)\n"
    )
    assert result.exit_code == 1


def test_missing_key(tmp_path: Path, write_yaml: WriteYaml, validate: Run) -> None:
    write_yaml(tmp_path / PLAN, """
        schema_version: 1
        plan: {number: 35/KH-UBND, date: 2017-03-07, place: Thanh Hoá, issuer: UBND tỉnh, issuer_en: Committee, title: Giảm nghèo, title_en: Poverty, signer: P, signer_title: PCT, period: {start: 2017-01-01, end: 2017-12-31}}
        documents: []
        groups: [{id: ii-1, label: II.1, name: Giảm tỷ lệ hộ nghèo, name_en: Poverty rate}]
        agencies: [{id: so-ldtbxh, name: Sở Lao động - Thương binh và Xã hội, name_en: DOLISA}]
        indicators:
          - {id: ty-le-ho-ngheo, group: ii-1, name: Tỷ lệ hộ nghèo, name_en: Poverty rate, target: 8.49, accumulation: level, wording: "8,49%"}
    """)
    result = validate()
    assert result.stderr == (
        f"{PLAN}:7: error: missing key 'unit' in indicators[0]\n"
        f"{PLAN}:1: error: missing key 'assignments'\n"
    )
    assert result.exit_code == 1


def test_wrong_type(tmp_path: Path, write_yaml: WriteYaml, validate: Run) -> None:
    write_yaml(tmp_path / PLAN, """
        schema_version: 1
        plan: {number: 35/KH-UBND, date: 2017-03-07, place: Thanh Hoá, issuer: UBND tỉnh, issuer_en: Committee, title: Giảm nghèo, title_en: Poverty, signer: P, signer_title: PCT, period: {start: 2017-01-01, end: 2017-12-31}}
        documents: []
        groups: [{id: ii-1, label: II.1, name: Giảm tỷ lệ hộ nghèo, name_en: Poverty rate}]
        agencies: [{id: so-ldtbxh, name: Sở Lao động - Thương binh và Xã hội, name_en: DOLISA}]
        indicators:
          - {id: ty-le-ho-ngheo, group: ii-1, name: Tỷ lệ hộ nghèo, name_en: Poverty rate, unit: percent, target: "8,49", accumulation: level, wording: "8,49%"}
        assignments:
          - {id: tong-hop, item: V.1, agencies: so-ldtbxh, role: lead, text: Tổng hợp, summary_en: Report}
    """)
    result = validate()
    assert result.stderr == (
        f"{PLAN}:7: error: indicators[0].target: expected a number, got '8,49'\n"
        f"{PLAN}:9: error: assignments[0].agencies: Input should be a valid list, got 'so-ldtbxh'\n"
    )
    assert result.exit_code == 1


def test_bad_identifier(tmp_path: Path, write_yaml: WriteYaml, validate: Run) -> None:
    write_yaml(tmp_path / PLAN, """
        schema_version: 1
        plan: {number: 35/KH-UBND, date: 2017-03-07, place: Thanh Hoá, issuer: UBND tỉnh, issuer_en: Committee, title: Giảm nghèo, title_en: Poverty, signer: P, signer_title: PCT, period: {start: 2017-01-01, end: 2017-12-31}}
        documents: []
        groups: [{id: ii-1, label: II.1, name: Giảm tỷ lệ hộ nghèo, name_en: Poverty rate}]
        agencies: [{id: so-ldtbxh, name: Sở Lao động - Thương binh và Xã hội, name_en: DOLISA}]
        indicators:
          - {id: Ty_Le, group: ii-1, name: Tỷ lệ hộ nghèo, name_en: Poverty rate, unit: percent, target: 8.49, accumulation: level, wording: "8,49%"}
        assignments:
          - {id: tong-hop, item: V.1, agencies: [so-ldtbxh], role: lead, text: Tổng hợp, summary_en: Report}
    """)
    result = validate()
    assert result.stderr == (
        f"{PLAN}:7: error: indicators[0].id: 'Ty_Le' is not an identifier: use lower-case ASCII letters, digits and '-'\n"
    )
    assert result.exit_code == 1


def test_duplicate_id(tmp_path: Path, write_yaml: WriteYaml, validate: Run) -> None:
    write_yaml(tmp_path / PLAN, """
        schema_version: 1
        plan: {number: 35/KH-UBND, date: 2017-03-07, place: Thanh Hoá, issuer: UBND tỉnh, issuer_en: Committee, title: Giảm nghèo, title_en: Poverty, signer: P, signer_title: PCT, period: {start: 2017-01-01, end: 2017-12-31}}
        documents: []
        groups: [{id: ii-1, label: II.1, name: Giảm tỷ lệ hộ nghèo, name_en: Poverty rate}]
        agencies: [{id: so-ldtbxh, name: Sở Lao động - Thương binh và Xã hội, name_en: DOLISA}]
        indicators:
          - {id: ty-le, group: ii-1, name: Tỷ lệ hộ nghèo, name_en: Poverty rate, unit: percent, target: 8.49, accumulation: level, wording: "8,49%"}
          - {id: ty-le, group: ii-1, name: Tỷ lệ cận nghèo, name_en: Near-poverty rate, unit: percent, target: 5, accumulation: level, wording: "5%"}
        assignments:
          - {id: tong-hop, item: V.1, agencies: [so-ldtbxh], role: lead, text: Tổng hợp, summary_en: Report}
    """)
    result = validate()
    assert result.stderr == f"{PLAN}:8: error: indicators: id 'ty-le' is used twice (first at line 7)\n"
    assert result.exit_code == 1


def test_unknown_reference(tmp_path: Path, write_yaml: WriteYaml, validate: Run) -> None:
    write_yaml(tmp_path / PLAN, """
        schema_version: 1
        plan: {number: 35/KH-UBND, date: 2017-03-07, place: Thanh Hoá, issuer: UBND tỉnh, issuer_en: Committee, title: Giảm nghèo, title_en: Poverty, signer: P, signer_title: PCT, period: {start: 2017-01-01, end: 2017-12-31}}
        documents: [{id: luat-bhyt, kind: Luật}]
        groups: [{id: ii-1, label: II.1, name: Giảm tỷ lệ hộ nghèo, name_en: Poverty rate}]
        agencies: [{id: so-ldtbxh, name: Sở Lao động - Thương binh và Xã hội, name_en: DOLISA}]
        indicators:
          - id: ty-le-ho-ngheo
            group: ii-2
            name: Tỷ lệ hộ nghèo
            name_en: Poverty rate
            unit: percent
            target: 8.49
            accumulation: level
            wording: "8,49%"
            cites: [luat-bhty]
        assignments:
          - id: tong-hop
            item: V.1
            agencies: [so-ldtbxh, so-y-te]
            role: lead
            text: Tổng hợp
            summary_en: Report
            covers: [ty-le-ho-nghe]
    """)
    result = validate()
    assert result.stderr == (
        f"{PLAN}:8: error: unknown group 'ii-2' (did you mean 'ii-1'?)\n"
        f"{PLAN}:15: error: unknown document 'luat-bhty' (did you mean 'luat-bhyt'?)\n"
        f"{PLAN}:19: error: unknown agency 'so-y-te'\n"
        f"{PLAN}:23: error: unknown indicator 'ty-le-ho-nghe' (did you mean 'ty-le-ho-ngheo'?)\n"
    )
    assert result.exit_code == 1


def test_parts_that_do_not_add_up(tmp_path: Path, write_yaml: WriteYaml, validate: Run) -> None:
    write_yaml(tmp_path / PLAN, """
        schema_version: 1
        plan: {number: 35/KH-UBND, date: 2017-03-07, place: Thanh Hoá, issuer: UBND tỉnh, issuer_en: Committee, title: Giảm nghèo, title_en: Poverty, signer: P, signer_title: PCT, period: {start: 2017-01-01, end: 2017-12-31}}
        documents: []
        groups: [{id: ii-2-c, label: II.2.c, name: Nhà ở, name_en: Housing}]
        agencies: [{id: so-xay-dung, name: Sở Xây dựng, name_en: Department of Construction}]
        indicators:
          - {id: nha-o, group: ii-2-c, name: Nhà ở, name_en: Housing, unit: households, target: 14996, accumulation: cumulative, wording: "14.996 hộ"}
          - {id: nha-o-qd22, parent: nha-o, group: ii-2-c, name: QĐ 22, name_en: Decision 22, unit: households, target: 10063, accumulation: cumulative, wording: "10.063 hộ"}
          - {id: nha-o-qd48, parent: nha-o, group: ii-2-c, name: QĐ 48, name_en: Decision 48, unit: households, target: 1641, accumulation: cumulative, wording: "1.641 hộ"}
        assignments:
          - {id: xd-chi-tieu, item: V.4, agencies: [so-xay-dung], role: lead, text: Nhà ở, summary_en: Housing}
    """)
    result = validate()
    assert result.stderr == f"{PLAN}:7: error: 'nha-o': parts add up to 10,063 + 1,641 = 11,704, not the target 14,996\n"
    assert result.exit_code == 1


def test_a_count_target_written_with_a_decimal_mark_is_worded_so_the_difference_shows(
        tmp_path: Path, write_yaml: WriteYaml, validate: Run) -> None:
    """14.996 typed for 14996: '= 14.996, not the target 14,996' would read as the same number."""
    write_yaml(tmp_path / PLAN, """
        schema_version: 1
        plan: {number: 35/KH-UBND, date: 2017-03-07, place: Thanh Hoá, issuer: UBND tỉnh, issuer_en: Committee, title: Giảm nghèo, title_en: Poverty, signer: P, signer_title: PCT, period: {start: 2017-01-01, end: 2017-12-31}}
        documents: []
        groups: [{id: ii-2-c, label: II.2.c, name: Nhà ở, name_en: Housing}]
        agencies: [{id: so-xay-dung, name: Sở Xây dựng, name_en: Department of Construction}]
        indicators:
          - {id: nha-o, group: ii-2-c, name: Nhà ở, name_en: Housing, unit: households, target: 11.704, accumulation: cumulative, wording: "11.704 hộ"}
          - {id: nha-o-qd22, parent: nha-o, group: ii-2-c, name: QĐ 22, name_en: Decision 22, unit: households, target: 10063, accumulation: cumulative, wording: "10.063 hộ"}
          - {id: nha-o-qd48, parent: nha-o, group: ii-2-c, name: QĐ 48, name_en: Decision 48, unit: households, target: 1641, accumulation: cumulative, wording: "1.641 hộ"}
        assignments:
          - {id: xd-chi-tieu, item: V.4, agencies: [so-xay-dung], role: lead, text: Nhà ở, summary_en: Housing}
    """)
    result = validate()
    assert result.stderr.splitlines()[0] == (
        f"{PLAN}:7: error: 'nha-o': the target is written 11.704, a number with decimals, but its parts add up to "
        "the whole number 11704 (10,063 + 1,641); write a count without a decimal mark, such as 11704")
    assert result.exit_code == 1


def test_percentage_outside_0_to_100(tmp_path: Path, write_yaml: WriteYaml, validate: Run) -> None:
    write_yaml(tmp_path / PLAN, """
        schema_version: 1
        plan: {number: 35/KH-UBND, date: 2017-03-07, place: Thanh Hoá, issuer: UBND tỉnh, issuer_en: Committee, title: Giảm nghèo, title_en: Poverty, signer: P, signer_title: PCT, period: {start: 2017-01-01, end: 2017-12-31}}
        documents: []
        groups: [{id: ii-2-a, label: II.2.a, name: Giáo dục, name_en: Education}]
        agencies: [{id: so-gddt, name: Sở Giáo dục và Đào tạo, name_en: Department of Education}]
        indicators:
          - {id: pcgd-tieu-hoc, group: ii-2-a, name: Phổ cập tiểu học, name_en: Primary, unit: percent, target: 999.0, accumulation: level, wording: "99,90%"}
        assignments:
          - {id: gddt-chi-tieu, item: V.2, agencies: [so-gddt], role: lead, text: Giáo dục, summary_en: Education}
    """)
    result = validate()
    assert result.stderr == f"{PLAN}:7: error: 'pcgd-tieu-hoc': target 999.0% is outside 0–100\n"
    assert result.exit_code == 1


def test_count_target_that_is_not_whole(tmp_path: Path, write_yaml: WriteYaml, validate: Run) -> None:
    write_yaml(tmp_path / PLAN, """
        schema_version: 1
        plan: {number: 35/KH-UBND, date: 2017-03-07, place: Thanh Hoá, issuer: UBND tỉnh, issuer_en: Committee, title: Giảm nghèo, title_en: Poverty, signer: P, signer_title: PCT, period: {start: 2017-01-01, end: 2017-12-31}}
        documents: []
        groups: [{id: ii-2-a, label: II.2.a, name: Giáo dục, name_en: Education}]
        agencies: [{id: so-gddt, name: Sở Giáo dục và Đào tạo, name_en: Department of Education}]
        indicators:
          - {id: tre-em-di-hoc, group: ii-2-a, name: Trẻ em đi học, name_en: Children, unit: children, target: 2570.5, accumulation: cumulative, wording: "khoảng 2.570 trẻ em"}
        assignments:
          - {id: gddt-chi-tieu, item: V.2, agencies: [so-gddt], role: lead, text: Giáo dục, summary_en: Education}
    """)
    result = validate()
    assert result.stderr == f"{PLAN}:7: error: 'tre-em-di-hoc': target 2,570.5 children is not a whole number\n"
    assert result.exit_code == 1


def test_pair_of_the_wrong_kinds(tmp_path: Path, write_yaml: WriteYaml, validate: Run) -> None:
    write_yaml(tmp_path / PLAN, """
        schema_version: 1
        plan: {number: 35/KH-UBND, date: 2017-03-07, place: Thanh Hoá, issuer: UBND tỉnh, issuer_en: Committee, title: Giảm nghèo, title_en: Poverty, signer: P, signer_title: PCT, period: {start: 2017-01-01, end: 2017-12-31}}
        documents: []
        groups: [{id: ii-2-d, label: II.2.d, name: Nước sạch và vệ sinh, name_en: Water and sanitation}]
        agencies: [{id: so-nnptnt, name: Sở Nông nghiệp và Phát triển nông thôn, name_en: Agriculture}]
        indicators:
          - {id: nha-tieu, group: ii-2-d, name: Nhà tiêu, name_en: Latrines, unit: households, target: 48267, accumulation: level, wording: "48.267 hộ"}
          - {id: nha-tieu-ty-le, group: ii-2-d, name: Tỷ lệ nhà tiêu, name_en: Latrine rate, unit: percent, target: 46.68, accumulation: level, wording: "46,68%"}
        pairs:
          - id: nha-tieu
            count: nha-tieu-ty-le
            rate: nha-tieu
        assignments:
          - {id: nnptnt-chi-tieu, item: V.5, agencies: [so-nnptnt], role: lead, text: Nước sạch, summary_en: Water}
    """)
    result = validate()
    assert result.stderr == (
        f"{PLAN}:11: error: pair 'nha-tieu': 'nha-tieu-ty-le' is a rate, not a count\n"
        f"{PLAN}:12: error: pair 'nha-tieu': 'nha-tieu' is a count, not a rate\n"
    )
    assert result.exit_code == 1


def test_pairs_implying_different_denominators_are_a_warning(tmp_path: Path, write_yaml: WriteYaml, validate: Run) -> None:
    write_yaml(tmp_path / PLAN, """
        schema_version: 1
        plan: {number: 35/KH-UBND, date: 2017-03-07, place: Thanh Hoá, issuer: UBND tỉnh, issuer_en: Committee, title: Giảm nghèo, title_en: Poverty, signer: P, signer_title: PCT, period: {start: 2017-01-01, end: 2017-12-31}}
        documents: []
        groups: [{id: ii-2-d, label: II.2.d, name: Nước sạch và vệ sinh, name_en: Water and sanitation}]
        agencies: [{id: so-nnptnt, name: Sở Nông nghiệp và Phát triển nông thôn, name_en: Agriculture}]
        indicators:
          - {id: nha-tieu, group: ii-2-d, name: Nhà tiêu, name_en: Latrines, unit: households, target: 48267, accumulation: level, wording: "48.267 hộ"}
          - {id: nha-tieu-ty-le, group: ii-2-d, name: Tỷ lệ nhà tiêu, name_en: Latrine rate, unit: percent, target: 46.68, accumulation: level, wording: "46,68%"}
          - {id: nuoc-sach, group: ii-2-d, name: Nước sạch, name_en: Water, unit: households, target: 86391, accumulation: level, wording: "86.391 hộ"}
          - {id: nuoc-sach-ty-le, group: ii-2-d, name: Tỷ lệ nước sạch, name_en: Water rate, unit: percent, target: 82.73, accumulation: level, wording: "82,73%"}
        pairs:
          - {id: nha-tieu, count: nha-tieu, rate: nha-tieu-ty-le}
          - {id: nuoc-sach, count: nuoc-sach, rate: nuoc-sach-ty-le}
        assignments:
          - {id: nnptnt-chi-tieu, item: V.5, agencies: [so-nnptnt], role: lead, text: Nước sạch, summary_en: Water}
    """)
    result = validate()
    assert result.stderr == (
        f"{PLAN}:12: warning: pair 'nha-tieu' implies ≈ 103,400 households in all, which disagrees with "
        "'nuoc-sach' ≈ 104,425; the plan gives no denominator\n"
        f"{PLAN}:13: warning: pair 'nuoc-sach' implies ≈ 104,425 households in all, which disagrees with "
        "'nha-tieu' ≈ 103,400; the plan gives no denominator\n"
    )
    assert result.exit_code == 0


def test_deadline_a_little_outside_the_period_is_a_warning(tmp_path: Path, write_yaml: WriteYaml, validate: Run) -> None:
    write_yaml(tmp_path / PLAN, """
        schema_version: 1
        plan: {number: 35/KH-UBND, date: 2017-03-07, place: Thanh Hoá, issuer: UBND tỉnh, issuer_en: Committee, title: Giảm nghèo, title_en: Poverty, signer: P, signer_title: PCT, period: {start: 2017-01-01, end: 2017-12-31}}
        documents: []
        groups: []
        agencies: [{id: so-ldtbxh, name: Sở Lao động - Thương binh và Xã hội, name_en: DOLISA}]
        indicators: []
        assignments:
          - id: ldtbxh-tong-hop
            item: V.1
            agencies: [so-ldtbxh]
            role: lead
            text: Tổng hợp, báo cáo UBND tỉnh trước ngày 15/01/2018.
            summary_en: Report
            deadline:
              due: 2018-01-15
              wording: trước ngày 15/01/2018
    """)
    result = validate()
    assert result.stderr == (
        f"{PLAN}:15: warning: 'ldtbxh-tong-hop': deadline 2018-01-15 is outside the plan period 2017-01-01 – 2017-12-31\n"
    )
    assert result.exit_code == 0


def test_deadline_far_outside_the_period_is_an_error(tmp_path: Path, write_yaml: WriteYaml, validate: Run) -> None:
    write_yaml(tmp_path / PLAN, """
        schema_version: 1
        plan: {number: 35/KH-UBND, date: 2017-03-07, place: Thanh Hoá, issuer: UBND tỉnh, issuer_en: Committee, title: Giảm nghèo, title_en: Poverty, signer: P, signer_title: PCT, period: {start: 2017-01-01, end: 2017-12-31}}
        documents: []
        groups: []
        agencies: [{id: so-ldtbxh, name: Sở Lao động - Thương binh và Xã hội, name_en: DOLISA}]
        indicators: []
        assignments:
          - id: ldtbxh-tong-hop
            item: V.1
            agencies: [so-ldtbxh]
            role: lead
            text: Tổng hợp, báo cáo UBND tỉnh trước ngày 15/12/2071.
            summary_en: Report
            deadline:
              due: 2071-12-15
              wording: trước ngày 15/12/2071
    """)
    result = validate()
    assert result.stderr == (
        f"{PLAN}:15: error: 'ldtbxh-tong-hop': deadline 2071-12-15 is far outside the plan period 2017-01-01 – 2017-12-31\n"
    )
    assert result.exit_code == 1


def test_text_not_in_nfc(tmp_path: Path, write_yaml: WriteYaml, validate: Run) -> None:
    decomposed = "Thanh Hoa\u0301"  # 'á' typed as 'a' + a combining acute accent
    write_yaml(tmp_path / PLAN, f"""
        schema_version: 1
        plan: {{number: 35/KH-UBND, date: 2017-03-07, place: {decomposed}, issuer: UBND tỉnh, issuer_en: Committee, title: Giảm nghèo, title_en: Poverty, signer: P, signer_title: PCT, period: {{start: 2017-01-01, end: 2017-12-31}}}}
        documents: []
        groups: []
        agencies: []
        indicators: []
        assignments: []
    """)
    result = validate()
    assert result.stderr == (
        f"{PLAN}:2: error: text {decomposed!r} is not in Unicode NFC form; retype it or normalise the file to NFC\n"
    )
    assert result.exit_code == 1


def test_unreadable_yaml_is_one_error_at_its_line(tmp_path: Path, write_yaml: WriteYaml, validate: Run) -> None:
    write_yaml(tmp_path / PLAN, """
        schema_version: 1
        documents: []
        schema_version: 2
    """)
    result = validate()
    assert result.stderr == f"{PLAN}:3: error: duplicate key 'schema_version' (first at line 1)\n"
    assert result.exit_code == 1


# ---------------------------------------------------------------- submissions

SMALL_PLAN = """
    schema_version: 1
    plan: {number: 35/KH-UBND, date: 2017-03-07, place: Thanh Hoá, issuer: UBND tỉnh, issuer_en: Committee, title: Giảm nghèo, title_en: Poverty, signer: P, signer_title: PCT, period: {start: 2017-01-01, end: 2017-12-31}}
    documents: []
    groups:
      - {id: ii-2-b, label: II.2.b, name: Y tế, name_en: Health}
      - {id: ii-2-c, label: II.2.c, name: Nhà ở, name_en: Housing}
    agencies:
      - {id: so-y-te, name: Sở Y tế, name_en: Department of Health}
      - {id: so-xay-dung, name: Sở Xây dựng, name_en: Department of Construction}
    indicators:
      - {id: bhyt-can-ngheo, group: ii-2-b, name: Khẩu cận nghèo có thẻ BHYT, name_en: Near-poor insured, unit: persons, target: 336478, accumulation: level, wording: "336.478 khẩu"}
      - {id: bhyt-can-ngheo-ty-le, group: ii-2-b, name: Tỷ lệ có thẻ BHYT, name_en: Share insured, unit: percent, target: 83.51, accumulation: level, wording: "83,51%"}
      - {id: nha-o, group: ii-2-c, name: Nhà ở, name_en: Housing, unit: households, target: 14996, accumulation: cumulative, wording: "14.996 hộ"}
    assignments:
      - {id: yte-bao-cao, item: V.3, agencies: [so-y-te], role: lead, text: Báo cáo y tế, summary_en: Report on health}
      - {id: yte-chi-tieu, item: V.3, agencies: [so-y-te], role: lead, covers: [bhyt-can-ngheo, bhyt-can-ngheo-ty-le], text: Chỉ tiêu y tế, summary_en: Health targets}
      - {id: xd-bao-cao, item: V.4, agencies: [so-xay-dung], role: lead, partners: [so-y-te], covers: [nha-o], text: Báo cáo nhà ở, summary_en: Report on housing}
"""
SUBMISSION = "data/submissions/2017-12-08_so-y-te_0a1b2c3d.yaml"


@pytest.fixture
def small_plan(tmp_path: Path, write_yaml: WriteYaml) -> Path:
    """SMALL_PLAN in tmp_path/data, with an empty submissions folder; it validates cleanly."""
    (tmp_path / "data" / "submissions").mkdir(parents=True)
    return write_yaml(tmp_path / PLAN, SMALL_PLAN)


def test_a_clean_run_prints_the_summary_only(tmp_path: Path, small_plan: Path, write_yaml: WriteYaml, validate: Run) -> None:
    write_yaml(tmp_path / SUBMISSION, """
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 245/BC-SYT
        values:
          bhyt-can-ngheo: 340112
          bhyt-can-ngheo-ty-le: 84.1
        done: [yte-bao-cao]
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    result = validate("--lang", "vi")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "Đã kiểm tra 1 kế hoạch, 1 báo cáo, 3 chỉ tiêu, 2 cơ quan, 3 nhiệm vụ: 0 lỗi, 0 cảnh báo.\n"
    english = validate("--lang", "en")
    assert (english.exit_code, english.stderr) == (0, "")
    assert english.stdout == "1 plan, 1 submission, 3 targets, 2 agencies, 3 tasks checked: 0 errors, 0 warnings.\n"


def test_submission_from_an_unknown_agency(tmp_path: Path, small_plan: Path, write_yaml: WriteYaml, validate: Run) -> None:
    write_yaml(tmp_path / SUBMISSION, """
        agency: so-yte
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 245/BC-SYT
        values:
          bhyt-can-ngheo: 340112
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    result = validate()
    assert result.stderr == f"{SUBMISSION}:1: error: unknown agency 'so-yte' (did you mean 'so-y-te'?)\n"
    assert result.exit_code == 1


def test_submission_with_an_unknown_indicator(tmp_path: Path, small_plan: Path, write_yaml: WriteYaml, validate: Run) -> None:
    write_yaml(tmp_path / SUBMISSION, """
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 245/BC-SYT
        values:
          bhyt-can-ngheo: 340112
          bhyt-ngheo: 12
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    result = validate()
    assert result.stderr == f"{SUBMISSION}:7: error: unknown indicator 'bhyt-ngheo' (did you mean 'bhyt-can-ngheo'?)\n"
    assert result.exit_code == 1


def test_submission_values_that_do_not_fit_their_unit(tmp_path: Path, small_plan: Path, write_yaml: WriteYaml, validate: Run) -> None:
    write_yaml(tmp_path / SUBMISSION, """
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 245/BC-SYT
        values:
          nha-o: 10.5
          bhyt-can-ngheo: -1
          bhyt-can-ngheo-ty-le: 101
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    result = validate()
    assert result.stderr == (
        f"{SUBMISSION}:6: error: nha-o: 10.5 is not a whole number of households\n"
        f"{SUBMISSION}:7: error: bhyt-can-ngheo: -1 is negative; a count must be 0 or more\n"
        f"{SUBMISSION}:8: error: bhyt-can-ngheo-ty-le: 101% is outside 0–100\n"
    )
    assert result.exit_code == 1


def test_submission_with_an_unknown_task_or_another_agencys(tmp_path: Path, small_plan: Path, write_yaml: WriteYaml, validate: Run) -> None:
    write_yaml(tmp_path / SUBMISSION, """
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 245/BC-SYT
        done:
          - yte-bao-cao
          - xd-bao-cao
          - yte-bao-cao-nam
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    result = validate()
    assert result.stderr == (
        f"{SUBMISSION}:7: error: task 'xd-bao-cao' is not assigned to 'so-y-te'\n"
        f"{SUBMISSION}:8: error: unknown task 'yte-bao-cao-nam' (did you mean 'yte-bao-cao'?)\n"
    )
    assert result.exit_code == 1


def test_submission_with_a_date_where_a_timestamp_belongs(tmp_path: Path, small_plan: Path, write_yaml: WriteYaml, validate: Run) -> None:
    write_yaml(tmp_path / SUBMISSION, """
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 245/BC-SYT
        values:
          bhyt-can-ngheo: 2017-12-01
        recorded_at: 2017-12-09
        recorded_by: Lan
    """)
    result = validate()
    assert result.stderr == (
        f"{SUBMISSION}:6: error: values.bhyt-can-ngheo: expected a number, got 2017-12-01\n"
        f"{SUBMISSION}:7: error: recorded_at: expected a timestamp such as 2017-12-08T09:30:00+07:00, got 2017-12-09\n"
    )
    assert result.exit_code == 1


def test_submission_reported_after_it_was_recorded(tmp_path: Path, small_plan: Path, write_yaml: WriteYaml, validate: Run) -> None:
    write_yaml(tmp_path / SUBMISSION, """
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 245/BC-SYT
        values:
          bhyt-can-ngheo: 340112
        recorded_at: 2017-12-07T09:30:00+07:00
        recorded_by: Lan
    """)
    result = validate()
    assert result.stderr == f"{SUBMISSION}:2: error: reported 2017-12-08 is after the day it was recorded (2017-12-07)\n"
    assert result.exit_code == 1


def test_submission_figures_after_their_report_date(tmp_path: Path, small_plan: Path, write_yaml: WriteYaml, validate: Run) -> None:
    write_yaml(tmp_path / SUBMISSION, """
        agency: so-y-te
        reported: 2017-12-06
        as_of: 2071-12-06
        source: 245/BC-SYT
        values:
          bhyt-can-ngheo: 340112
        recorded_at: 2017-12-07T09:30:00+07:00
        recorded_by: Lan
    """)
    result = validate()
    assert result.stderr == (f"{SUBMISSION}:3: error: as_of 2071-12-06 is after the report date 2017-12-06: "
                             "a report gives figures up to its own date\n")
    assert result.exit_code == 1


def test_a_task_met_by_figures_may_also_be_marked_done(tmp_path: Path, small_plan: Path, write_yaml: WriteYaml,
                                                      validate: Run) -> None:
    write_yaml(tmp_path / SUBMISSION, """
        agency: so-xay-dung
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 310/BC-SXD
        done: [xd-bao-cao]
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    result = validate()
    assert (result.exit_code, result.stderr) == (0, "")


def test_empty_submission(tmp_path: Path, small_plan: Path, write_yaml: WriteYaml, validate: Run) -> None:
    write_yaml(tmp_path / SUBMISSION, """
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 245/BC-SYT
        values: {}
        done: []
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    result = validate()
    assert result.stderr == f"{SUBMISSION}:1: error: the submission has no values and no completed tasks\n"
    assert result.exit_code == 1


def test_leftover_temporary_file_is_a_warning(tmp_path: Path, small_plan: Path, validate: Run) -> None:
    (tmp_path / "data/submissions/.tmp-k3j2h1.part").write_bytes(b"agency: so-y")
    result = validate()
    assert result.stderr == (
        "data/submissions/.tmp-k3j2h1.part: warning: temporary file left by an interrupted `record`; "
        "it is not a submission and can be deleted\n"
    )
    assert result.exit_code == 0


def test_symlinked_submission_is_an_error(tmp_path: Path, small_plan: Path, write_yaml: WriteYaml, validate: Run) -> None:
    outside = write_yaml(tmp_path / "elsewhere.yaml", """
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 245/BC-SYT
        values: {bhyt-can-ngheo: 340112}
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    os.symlink(outside, tmp_path / SUBMISSION)
    result = validate()
    assert result.stderr == (
        f"{SUBMISSION}: error: is a symbolic link; submissions must be regular files inside the submissions folder\n"
    )
    assert result.exit_code == 1


def test_stray_file_is_a_warning(tmp_path: Path, small_plan: Path, validate: Run) -> None:
    (tmp_path / "data/submissions/ghi-chu.txt").write_text("bản nháp", encoding="utf-8")
    result = validate()
    assert result.stderr == "data/submissions/ghi-chu.txt: warning: is not a .yaml file; it was ignored\n"
    assert result.exit_code == 0


def test_json_output_carries_the_same_problems(tmp_path: Path, small_plan: Path, write_yaml: WriteYaml, validate: Run) -> None:
    write_yaml(tmp_path / SUBMISSION, """
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 245/BC-SYT
        values:
          nha-o: 10.5
        done: [xd-bao-cao]
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    (tmp_path / "data/submissions/ghi-chu.txt").write_text("bản nháp", encoding="utf-8")
    text = validate()
    machine = validate("--format", "json")
    assert machine.exit_code == text.exit_code == 1
    assert machine.stderr == ""
    payload = json.loads(machine.stdout)
    assert payload["ok"] is False
    assert payload["checked"] == {"plans": 1, "submissions": 1, "targets": 3, "agencies": 2, "tasks": 3}
    assert payload["problems"] == [
        {"severity": "warning", "file": "data/submissions/ghi-chu.txt", "line": None, "code": "stray-file",
         "message": "is not a .yaml file; it was ignored"},
        {"severity": "error", "file": SUBMISSION, "line": 6, "code": "bad-figure",
         "message": "nha-o: 10.5 is not a whole number of households"},
        {"severity": "error", "file": SUBMISSION, "line": 7, "code": "not-their-task",
         "message": "task 'xd-bao-cao' is not assigned to 'so-y-te'"},
    ]
    as_text = "".join(
        f"{p['file']}{':' + str(p['line']) if p['line'] else ''}: {p['severity']}: {p['message']}\n"
        for p in payload["problems"])
    assert as_text == text.stderr


def test_a_bad_date_does_not_hide_the_other_problems(tmp_path: Path, small_plan: Path, write_yaml: WriteYaml,
                                                     validate: Run) -> None:
    write_yaml(tmp_path / SUBMISSION, """
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-02-30
        sorce: 245/BC-SYT
        values:
          bhyt-can-ngheo: 340112
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    result = validate()
    assert result.stderr == (
        f"{SUBMISSION}:3: error: 2017-02-30 is not a real date\n"
        f"{SUBMISSION}:1: error: missing key 'source'\n"
        f"{SUBMISSION}:4: error: unknown key 'sorce' (did you mean 'source'?)\n"
    )
    assert result.exit_code == 1
