"""The catalogue: every text a person reads has its Vietnamese, and each kind of problem reads right.

- `test_every_text_has_a_vietnamese_translation`: the texts are extracted from the source the
  way scripts/messages does (Babel, plus the help of every command and option), and each one is
  looked up in the compiled catalogue the package ships. A text added without a translation
  fails here, naming it; so does a translation that drops or renames a placeholder.
- `test_one_problem_of_each_kind_in_both_languages`: golden lines, Vietnamese and English, for
  one problem of each kind a user meets (bad YAML, a schema mistake, an unknown name, an
  impossible number, a date that does not exist, a missing folder, a full disk, a workspace
  not found).
- The plural forms, and Vietnamese numbers checked against Babel's `vi` locale.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import string
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import Result

from giamngheo.core.formats import format_number
from giamngheo.core.messages import load_translator, nmsg

REPO = Path(__file__).resolve().parents[1]
Run = Callable[..., Result]


# ---------------------------------------------------------------------------- every text translated


def source_texts() -> list[str | tuple[str, str]]:
    """Every msgid in src/giamngheo and every help text, as scripts/messages extracts them."""
    from babel.messages.extract import extract_from_dir

    keywords = {"msg": None, "nmsg": (1, 2), "N_": None}
    found: list[str | tuple[str, str]] = []
    for _file, _line, text, _comments, _context in extract_from_dir(
            REPO / "src" / "giamngheo", [("**.py", "python")], keywords=keywords):
        found.append(text if isinstance(text, str) else (text[0], text[1]))
    import importlib.util

    spec = importlib.util.spec_from_file_location("help_texts", REPO / "scripts" / "help_texts.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return found + list(module.texts())


def parsed(template: str) -> list[tuple[str, str | None, str | None, str | None]]:
    """TEMPLATE as str.format reads it; a text with a lone brace (a parser's words) is all literal."""
    try:
        return list(string.Formatter().parse(template))
    except ValueError:
        return [(template, None, None, None)]


def placeholders(template: str) -> set[str]:
    """The named fields of TEMPLATE with their format, such as {'total:num', 'day:date'}."""
    return {f"{name}{'!' + conv if conv else ''}:{spec}" for _, name, spec, conv in parsed(template) if name is not None}


def test_every_text_has_a_vietnamese_translation() -> None:
    vi = load_translator("vi")
    texts = source_texts()
    assert len(texts) > 300  # the extraction found the code's texts, not an empty folder
    missing, mangled = [], []
    for text in texts:
        if isinstance(text, tuple):
            translated, english = vi.ngettext(text[0], text[1], 2), text[1]
        else:
            translated, english = vi.gettext(text), text
        if translated == english and has_words(english):
            missing.append(english)
        elif placeholders(translated) != placeholders(english):
            mangled.append(english)
    assert missing == [], "texts without a Vietnamese translation (run scripts/messages, then translate)"
    assert mangled == [], "translations whose placeholders differ from the English"


def has_words(template: str) -> bool:
    """Whether TEMPLATE says anything outside its placeholders (`{path}: {reason}` does not)."""
    return any(c.isalpha() for literal, *_ in parsed(template) for c in literal)


# ---------------------------------------------------------------------------- one problem of each kind


def _bad_yaml(data: Path) -> None:
    (data / "plan_2017.yaml").write_text("schema_version: 1\nplan: [unclosed\n", encoding="utf-8")


def _unknown_key(data: Path) -> None:
    plan = data / "plan_2017.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("schema_version: 1", "schema_version: 1\nshema: 2", 1),
                    encoding="utf-8")


def _full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)


RECORD = ("record", "so-y-te", "--date", "08/12/2017", "--source", "245/BC-SYT", "--data-dir", "data")
CHECKED = {"vi": "Đã kiểm tra 1 kế hoạch, 0 báo cáo, 0 chỉ tiêu, 0 cơ quan, 0 nhiệm vụ: 1 lỗi, 0 cảnh báo.\n",
           "en": "1 plan, 0 submissions, 0 targets, 0 agencies, 0 tasks checked: 1 error, 0 warnings.\n"}
# kind: (arguments, how the workspace is spoilt, what the system does wrong, {lang: the line on stderr})
KINDS = {
    "bad YAML": (("validate", "--data-dir", "data"), _bad_yaml, None, {
        "vi": "data/plan_2017.yaml:3: lỗi: YAML không hợp lệ: thiếu dấu ',' hoặc ']'",
        "en": "data/plan_2017.yaml:3: error: invalid YAML: did not find expected ',' or ']'",
    }),
    "schema": (("validate", "--data-dir", "data"), _unknown_key, None, {
        "vi": "data/plan_2017.yaml:26: lỗi: khóa 'shema' không hợp lệ",
        "en": "data/plan_2017.yaml:26: error: unknown key 'shema'",
    }),
    "unknown name": (("tasks", "--agency", "Sở Nội vụ", "--data-dir", "data"), None, None, {
        "vi": "giamngheo: lỗi: không có cơ quan 'Sở Nội vụ'; lệnh `giamngheo agencies` liệt kê các cơ quan",
        "en": "giamngheo: error: unknown agency 'Sở Nội vụ'; `giamngheo agencies` lists them",
    }),
    "impossible number": ((*RECORD, "bhyt-can-ngheo-ty-le=150"), None, None, {
        "vi": "giamngheo: lỗi: bhyt-can-ngheo-ty-le=150: '150' lớn hơn 100; tỷ lệ phần trăm phải từ 0 đến 100",
        "en": "giamngheo: error: bhyt-can-ngheo-ty-le=150: '150' is over 100; a percentage lies between 0 and 100",
    }),
    "no such date": (("status", "--as-of", "31/02/2017", "--data-dir", "data"), None, None, {
        "vi": "giamngheo: lỗi: --as-of: '31/02/2017' không phải ngày có thật",
        "en": "giamngheo: error: --as-of: '31/02/2017' is not a real date",
    }),
    "missing folder": (("status", "--data-dir", "nowhere"), None, None, {
        "vi": "giamngheo: lỗi: --data-dir nowhere: không có thư mục này",
        "en": "giamngheo: error: --data-dir nowhere: no such folder",
    }),
    "full disk": ((*RECORD, "bhyt-can-ngheo=340.112"), None, _full_disk, {
        "vi": "giamngheo: lỗi: data/submissions: ổ đĩa đã đầy; không ghi gì",
        "en": "giamngheo: error: data/submissions: the disk is full; nothing was written",
    }),
    "no workspace": (("overdue", "--fail-on-overdue"), None, None, {
        "vi": "giamngheo: lỗi: --fail-on-overdue: không tìm thấy thư mục dữ liệu tại {outside} hay thư mục cha của "
              "nó, nên không có báo cáo nào để kiểm tra; hãy chạy lệnh trong thư mục dữ liệu hoặc dùng --data-dir",
        "en": "giamngheo: error: --fail-on-overdue: no workspace at or above {outside}, so there are no reports to "
              "check; run it from the workspace or give --data-dir",
    }),
}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_one_problem_of_each_kind_in_both_languages(kind: str, lang: str, workspace: Path, run: Run,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path_factory: pytest.TempPathFactory) -> None:
    args, spoil, fault, expected = KINDS[kind]
    if spoil is not None:
        spoil(workspace)
    outside = tmp_path_factory.mktemp("outside")  # no workspace here or above
    if kind == "no workspace":
        monkeypatch.chdir(outside)
    if fault is not None:
        fault(monkeypatch)
    before = sorted(p.name for p in (workspace / "submissions").iterdir())
    result = run(*args, "--lang", lang)
    stdout = CHECKED[lang] if args[0] == "validate" else ""
    assert (result.exit_code, result.stdout, result.stderr) == (1, stdout, expected[lang].format(outside=outside) + "\n")
    assert sorted(p.name for p in (workspace / "submissions").iterdir()) == before  # nothing written


# ---------------------------------------------------------------------------- plurals and numbers


@pytest.mark.parametrize(("lang", "n", "expected"), [
    ("en", 1, "1 day overdue"),
    ("en", 2, "2 days overdue"),
    ("en", 0, "0 days overdue"),
    ("vi", 1, "quá hạn 1 ngày"),
    ("vi", 2, "quá hạn 2 ngày"),
])
def test_plural_forms_come_from_the_catalogue(lang: str, n: int, expected: str) -> None:
    assert load_translator(lang).show(nmsg("{n} day overdue", "{n} days overdue", n)) == expected


def test_an_english_summary_counts_in_the_singular() -> None:
    en = load_translator("en")
    assert en.show(nmsg("{n} error", "{n} errors", 1)) == "1 error"
    assert en.show(nmsg("{n} error", "{n} errors", 3)) == "3 errors"


@given(st.one_of(st.integers(min_value=-10**12, max_value=10**12),
                 st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False)))
def test_vietnamese_numbers_are_written_as_babels_vi_locale_writes_them(value: int | Decimal) -> None:
    from babel.numbers import format_decimal

    places = 0 if isinstance(value, int) else max(0, -int(value.as_tuple().exponent))  # the decimals as typed
    pattern = "#,##0" + ("." + "0" * places if places else "")
    assert format_number(value, "vi") == format_decimal(value, format=pattern, locale="vi")


def test_dates_in_vietnamese_output_are_day_month_year() -> None:
    from giamngheo.core.messages import msg

    assert load_translator("vi").show(msg("{day:date}", day=dt.date(2017, 12, 8))) == "08/12/2017"
    assert load_translator("en").show(msg("{day:date}", day=dt.date(2017, 12, 8))) == "2017-12-08"
