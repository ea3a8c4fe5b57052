"""The YAML reader: plain data with the line of every node, and a clear refusal of everything else."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
import textwrap
from pathlib import Path

import pytest

from giamngheo.core.yamlsafe import MAX_DEPTH, YamlDoc, YamlError, parse_yaml, read_yaml


def parse(text: str) -> YamlDoc:
    """TEXT, dedented, parsed."""
    return parse_yaml(textwrap.dedent(text).lstrip("\n"))


def test_every_node_has_its_line() -> None:
    doc = parse("""
        # a comment
        plan:
          period:
            start: 2017-01-01
        indicators:
          - id: nha-o
            target: 14996
          - {id: nha-tieu, target: 48267}
    """)
    assert doc.lines == {
        (): 2,
        ("plan",): 2,
        ("plan", "period"): 3,
        ("plan", "period", "start"): 4,
        ("indicators",): 5,
        ("indicators", 0): 6,
        ("indicators", 0, "id"): 6,
        ("indicators", 0, "target"): 7,
        ("indicators", 1): 8,
        ("indicators", 1, "id"): 8,
        ("indicators", 1, "target"): 8,
    }
    assert doc.problems == []


def test_line_of_falls_back_to_the_deepest_node_that_exists() -> None:
    doc = parse("""
        indicators:
          - id: nha-o
            unit: households
    """)
    assert doc.line_of(("indicators", 0, "target")) == 2
    assert doc.line_of(("indicators", 0, "unit")) == 3
    assert doc.line_of(("pairs", 0)) == 1


def test_scalars_are_typed_by_a_small_strict_rule_set() -> None:
    doc = parse("""
        answer: no
        time: 1:30
        octal: 010
        count: 14996
        negative: -3
        rate: 8.49
        exact: 99.90
        day: 2017-12-08
        quoted: "12"
        yes_word: yes
        nothing: ~
        flag: true
        hex: 0x1F
        infinity: .inf
        nan: .nan
        underscored: 1_000
    """)
    assert doc.data == {
        "answer": "no",
        "time": "1:30",
        "octal": "010",
        "count": 14996,
        "negative": -3,
        "rate": Decimal("8.49"),
        "exact": Decimal("99.90"),
        "day": date(2017, 12, 8),
        "quoted": "12",
        "yes_word": "yes",
        "nothing": None,
        "flag": True,
        "hex": "0x1F",
        "infinity": ".inf",
        "nan": ".nan",
        "underscored": "1_000",
    }
    assert type(doc.data["count"]) is int
    assert str(doc.data["exact"]) == "99.90"  # never a float that loses the printed digits


@pytest.mark.parametrize(("text", "line", "code", "message"), [
    ("a: &base 1\n", 1, "anchor", "anchors (&base) are not allowed"),
    ("a: 1\nb: *base\n", 2, "alias", "aliases (*name) are not allowed"),
    ("a:\n  <<: {b: 1}\n", 2, "merge-key", "merge keys (<<) are not allowed"),
    ("a: !!str 1\n", 1, "tag", "explicit YAML tags (tag:yaml.org,2002:str) are not allowed"),
    ("a: !thing 1\n", 1, "tag", "explicit YAML tags (!thing) are not allowed"),
    ("id: a\nunit: percent\nid: b\n", 3, "duplicate-key", "duplicate key 'id' (first at line 1)"),
    ("a:\n  - id: x\n    k: 1\n    k: 2\n", 4, "duplicate-key", "duplicate key 'k' (first at line 3)"),
    ("? [a]\n: 1\n", 1, "complex-key", "a mapping key must be plain text, not a list or mapping"),
    ("a:\n\tb: 1\n", 2, "yaml-syntax",
     "invalid YAML: found character that cannot start any token (YAML does not allow tabs for indentation; use spaces)"),
    ("a: 1\n---\nb: 2\n", 2, "many-documents", "the file holds more than one YAML document (---)"),
    ("a: [1\n", 2, "yaml-syntax", "invalid YAML: did not find expected ',' or ']'"),
    ("a: \x07\n", 1, "yaml-syntax", "invalid YAML: control characters are not allowed"),
    ("a: 1\nb: x\u202ey\n", 2, "control-character", "text holds the invisible control character U+202E; remove it"),
    ("a: 1\n\u202eb: 1\n", 2, "control-character", "text holds the invisible control character U+202E; remove it"),
    ('a: 1\nb: "x\u2028y"\n', 2, "line-separator",
     "the character U+2028 (an unusual line break) is not allowed; use an ordinary newline"),
])
def test_refusals_name_their_line(text: str, line: int, code: str, message: str) -> None:
    with pytest.raises(YamlError) as caught:
        parse_yaml(text)
    assert (caught.value.line, caught.value.code, caught.value.message) == (line, code, message)


@pytest.mark.parametrize("text, line, code, message", [
    ("a: " + "1" * 31 + "\n", 1, "number-too-long", "a number of 31 digits is too long"),
    ("a: 1." + "2" * 29 + "\n", 1, "number-too-long", "the number 1.222222222222222222… is too long"),
    ("a: 1e300\n", 1, "number-out-of-range", "the number 1e300 is out of range"),
    ("a: 2017-02-30\n", 1, "bad-date", "2017-02-30 is not a real date"),
])
def test_values_that_cannot_be_are_reported_and_reading_goes_on(text: str, line: int, code: str, message: str) -> None:
    doc = parse_yaml(text + "b: 2017-13-01\n", "f.yaml")  # a second bad value: both are reported in one run
    assert [(p.line, p.code, p.message) for p in doc.problems] == [
        (line, code, message), (line + 1, "bad-date", "2017-13-01 is not a real date")]
    assert all(p.severity == "error" and p.file == "f.yaml" for p in doc.problems)
    assert doc.data["a"] == text.removeprefix("a: ").strip()  # kept as the text typed, never a guess


def test_nesting_is_bounded() -> None:
    deep = "a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n"
    with pytest.raises(YamlError) as caught:
        parse_yaml(deep)
    assert (caught.value.line, caught.value.code, caught.value.message) == (1, "too-deep", "nesting is deeper than 32 levels")
    parse_yaml("a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n")  # one level less is fine


def test_the_number_of_nodes_is_bounded() -> None:
    text = "a: [1, 2, 3]\n"  # the mapping, its key, the list and three items: six nodes
    assert parse_yaml(text, max_nodes=6).data == {"a": [1, 2, 3]}
    with pytest.raises(YamlError) as caught:
        parse_yaml(text, max_nodes=5)
    assert (caught.value.line, caught.value.code, caught.value.message) == (
        1, "too-many-nodes", "the file holds more than 5 keys and values")


def test_tabs_and_newlines_inside_values_are_text() -> None:
    doc = parse("""
        a: "tab\there"
        b: |
          two
          lines
    """)
    assert doc.data == {"a": "tab\there", "b": "two\nlines\n"}


def test_text_not_in_nfc_is_a_problem_at_its_line() -> None:
    decomposed = "Thanh Hoa\u0301"
    doc = parse_yaml(f"place: ok\nname: {decomposed}\n", "plan.yaml")
    assert doc.data["name"] == decomposed  # kept as typed; the problem says so
    assert [str(p) for p in doc.problems] == [
        f"plan.yaml:2: error: text {decomposed!r} is not in Unicode NFC form; retype it or normalise the file to NFC",
    ]


def test_a_one_document_marker_is_fine() -> None:
    assert parse_yaml("---\na: 1\n").data == {"a": 1}


@pytest.mark.parametrize(("raw", "line", "message"), [
    ("a: Hoá\n".encode("utf-16"), 1, "file is UTF-16; save it as UTF-8"),
    ("a: Hoá\n".encode("utf-8-sig"), 1, "file starts with a byte-order mark (BOM); save it as UTF-8 without BOM"),
    ("a: 1\nb: Hoá\n".encode("latin-1"), 2, "byte 0xe1 at offset 10 is not UTF-8; save the file as UTF-8"),
])
def test_files_that_are_not_utf8_are_refused(tmp_path: Path, raw: bytes, line: int, message: str) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(raw)
    with pytest.raises(YamlError) as caught:
        read_yaml(path)
    assert (caught.value.line, caught.value.code, caught.value.message) == (line, "encoding", message)


def test_a_file_larger_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"a: 1\n" * 4)  # 20 bytes
    with pytest.raises(YamlError) as caught:
        read_yaml(path, max_bytes=19)
    assert (caught.value.line, caught.value.code, caught.value.message) == (None, "too-large", "file is larger than 19 bytes")


def test_a_file_at_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"count: 14996\n")  # 13 bytes
    assert read_yaml(path, max_bytes=13).data == {"count": 14996}


def test_missing_file_and_directory_are_refused(tmp_path: Path) -> None:
    with pytest.raises(YamlError) as missing:
        read_yaml(tmp_path / "nothing.yaml")
    with pytest.raises(YamlError) as folder:
        read_yaml(tmp_path)
    assert (missing.value.code, missing.value.message) == ("missing-file", "file not found")
    assert (folder.value.code, folder.value.message) == ("not-a-file", "is a directory, not a YAML file")


def test_a_refusal_becomes_a_problem_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("a: 1\na: 2\n", encoding="utf-8")
    with pytest.raises(YamlError) as caught:
        read_yaml(path)
    assert str(caught.value.problem(path)) == f"{path}:2: error: duplicate key 'a' (first at line 1)"
