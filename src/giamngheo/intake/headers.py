"""The three layouts of sheet giamngheo imports, and finding and reading a sheet's header row.

- figures: one row per figure (Cơ quan | Chỉ tiêu | Giá trị | Ngày báo cáo | … | Số văn bản).
- department: a department's results table, under its title rows
  (STT | Chỉ tiêu | Đơn vị tính | Kế hoạch 2017 | Thực hiện | Tỷ lệ (%)).
- districts: one row per district, town or city, one column per indicator, and the bases of
  rates in columns headed "Mẫu số <rate>".

Every layout may also carry the columns of a report (agency, unit, dates, source, note); a
report field that a sheet has no column for comes from its option (--agency, --date …).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from giamngheo.core.messages import Joined, msg
from giamngheo.core.problems import Problem, UserError
from giamngheo.core.text import escaped, fold
from giamngheo.intake.lookup import find_indicator
from giamngheo.intake.sheets import HEAD_ROWS, Cells, Sheet, SheetError, is_empty, letter
from giamngheo.model.plan import Plan

Layout = Literal["figures", "department", "districts"]
LAYOUTS: tuple[Layout, ...] = ("figures", "department", "districts")


@dataclass(frozen=True)
class Heading:
    """A column a layout knows: its key, its template label, and the header names it goes by."""

    key: str
    vi: str
    en: str
    aliases: tuple[str, ...] = ()
    pattern: str | None = None  # a header that matches it (folded, '%' as 'pct') names the column too
    width: int = 16

    @property
    def label(self) -> str:
        """The template's header: Vietnamese, with the English key beside it."""
        return f"{self.vi} ({self.en})"


# The fields of a report, which every layout may carry in columns; OPTIONS give them otherwise.
REPORT_HEADINGS = (
    Heading("agency", "Cơ quan", "agency", ("co quan", "co quan bao cao", "don vi bao cao"), width=30),
    Heading("unit", "Địa bàn", "unit", ("dia ban", "don vi", "don vi hanh chinh", "dia phuong", "huyen",
                                        "huyen thi xa thanh pho", "huyen thi xa", "ten don vi", "ten huyen",
                                        "district"), width=24),
    Heading("date", "Ngày báo cáo", "date", ("ngay bao cao", "report date", "reported"), width=16),
    Heading("as_of", "Số liệu đến ngày", "as_of", ("so lieu den ngay", "den ngay", "as of"), width=20),
    Heading("source", "Số văn bản", "source", ("so van ban", "van ban", "so hieu van ban"), width=20),
    Heading("note", "Ghi chú", "note", ("ghi chu", "notes"), width=40),
)
OPTIONS = {"agency": "--agency", "unit": "--unit", "date": "--date", "as_of": "--as-of", "source": "--source"}
REQUIRED = ("agency", "date", "source")  # a report needs these, from a column or an option

ROW_NUMBER = Heading("stt", "STT", "no", ("stt", "so thu tu", "so tt", "tt", "no"), width=6)
INDICATOR = Heading("indicator", "Chỉ tiêu", "indicator", ("chi tieu", "ma chi tieu", "ten chi tieu", "noi dung",
                                                           "noi dung chi tieu"), width=30)
BASE = Heading("base", "Mẫu số", "base", ("mau so", "base"), width=14)
FIGURES_HEADINGS = (
    ROW_NUMBER, REPORT_HEADINGS[0], REPORT_HEADINGS[1], INDICATOR,
    Heading("value", "Giá trị", "value", ("gia tri", "so lieu", "figure"), width=14),
    BASE, *REPORT_HEADINGS[2:],
)
DEPARTMENT_HEADINGS = (
    ROW_NUMBER, INDICATOR,
    Heading("measure", "Đơn vị tính", "unit of measure", ("don vi tinh", "dvt", "don vi"), width=12),
    # Kế hoạch 2017, KH giao năm 2017, Mục tiêu; Thực hiện, Ước TH năm 2017, Thực hiện 11 tháng, Lũy kế
    # đến 30/11/2017; Tỷ lệ (%), TH/KH (%), Tỷ lệ % so với KH, % hoàn thành. The dates and years a
    # heading names are words of the heading: the report's own dates come from its columns or options.
    Heading("plan", "Kế hoạch", "plan",
            pattern=r"(ke hoach|kh|muc tieu|chi tieu ke hoach)( giao)?( (nam|[0-9]{4}))*", width=16),
    Heading("actual", "Thực hiện", "actual",
            pattern=r"(uoc )?(thuc hien|th|ket qua( thuc hien)?|luy ke( thuc hien)?)"
                    r"( (nam|thang|dau|den|ngay|het|[0-9]{1,4}))*", width=16),
    Heading("attained", "Tỷ lệ (%)", "attained",
            pattern=r"(ty le|ti le|so sanh|pct|th kh|so voi (ke hoach|kh))"
                    r"( (pct|dat|thuc hien|th|hoan thanh|so voi|so|ke hoach|kh|th kh|nam|[0-9]{4}))*", width=12),
    BASE, *REPORT_HEADINGS,
)
DISTRICTS_HEADINGS = (ROW_NUMBER, *REPORT_HEADINGS)
HEADINGS: dict[Layout, tuple[Heading, ...]] = {
    "figures": FIGURES_HEADINGS, "department": DEPARTMENT_HEADINGS, "districts": DISTRICTS_HEADINGS}
# Columns a layout recognises and leaves unread on purpose: row numbers, and the unit of measure
# (the plan gives each indicator's unit).
IGNORED = ("stt", "measure")
BASE_PREFIXES = ("mau so", "base")
_PAREN_FIRST = re.compile(r"^(.*?)\s*\((.*)\)\s*$", re.S)
_PAREN_LAST = re.compile(r"^(.*)\((.*?)\)\s*$", re.S)
_YEAR = re.compile(r"\b(19|20)[0-9]{2}\b")


def _key(text: str) -> str:
    """TEXT as headers are compared: without accents, case or punctuation, with '%' as 'pct'."""
    return fold(text.replace("%", " pct "))


def _variants(text: str) -> list[str]:
    """TEXT, and its parts around a parenthesis: "Cơ quan (agency)" is also "Cơ quan" and "agency"."""
    out = [text]
    for pattern in (_PAREN_FIRST, _PAREN_LAST):
        if match := pattern.match(text):
            out += [match.group(1), match.group(2)]
    return [v for v in dict.fromkeys(out) if v.strip()]


def _table(layout: Layout) -> tuple[dict[str, str], list[tuple[re.Pattern[str], str]]]:
    headings = HEADINGS[layout]
    names: dict[str, str] = {}
    for h in headings:  # the first heading to claim a name keeps it ("Đơn vị" in a department's table: its units)
        for n in (h.key, h.en, h.vi, *h.aliases):
            names.setdefault(_key(n), h.key)
    patterns = [(re.compile(h.pattern), h.key) for h in headings if h.pattern]
    return names, patterns


_TABLES = {layout: _table(layout) for layout in LAYOUTS}


def heading_of(text: str, layout: Layout) -> str | None:
    """The key of the column a header names in LAYOUT: "Cơ quan", "agency" and "Cơ quan (agency)"
    all name `agency`; "Kế hoạch 2017" names `plan` in a department's table."""
    names, patterns = _TABLES[layout]
    for variant in _variants(text):
        key = _key(variant)
        if key in names:
            return names[key]
        for pattern, name in patterns:
            if pattern.fullmatch(key):
                return name
    return None


def header_text(cell: object) -> str:
    """A header cell as one line of text (a number such as a year as its digits)."""
    if cell is None:
        return ""
    return " ".join(str(cell).split())


def base_of(text: str) -> str | None:
    """What a base column names, when its header is one: "Mẫu số nha-tieu-ty-le" → "nha-tieu-ty-le",
    "Số hộ nghèo (mẫu số nha-tieu-ty-le, nuoc-sach-ty-le)" → "nha-tieu-ty-le, nuoc-sach-ty-le"."""
    for variant in (text, *(_PAREN_LAST.match(text).groups()[1:] if _PAREN_LAST.match(text) else ())):
        words = variant.split()
        for size in (2, 1):  # "mẫu số" is two words, "base" one
            if len(words) > size and fold(" ".join(words[:size])) in BASE_PREFIXES:
                return " ".join(words[size:]).lstrip(":-– ").strip() or None
    return None


@dataclass
class Header:
    """A sheet's header row: its layout, where each known column is, and how to name a column."""

    layout: Layout
    row: int
    index: dict[str, int]  # the key of each known column → its column, counted from 0
    names: dict[int, str]  # column → how a message names it: column C "Giá trị"
    skipped: dict[int, str] = field(default_factory=dict)  # recognised columns left unread: row numbers, units
    figures: dict[int, str] = field(default_factory=dict)  # districts: column → the indicator it gives
    bases: dict[int, list[str]] = field(default_factory=dict)  # column → the rates whose base it gives
    warnings: list[Problem] = field(default_factory=list)

    def name(self, key: str) -> str:
        """How a message names the column holding KEY."""
        return self.names[self.index[key]]

    def column(self, col: int) -> str:
        """How a message names column COL."""
        return self.names.get(col, msg("column {letter}", letter=letter(col)))

    def stray(self, cells: Cells) -> list[int]:
        """The columns of CELLS with a value but no header, which would otherwise be lost."""
        known = {*self.index.values(), *self.skipped, *self.figures, *self.bases}
        return [i for i, value in enumerate(cells) if i not in known and not is_empty(value)]


def find_header(sheet: Sheet, plan: Plan, layout: Layout | None = None) -> tuple[Layout, int, Cells]:
    """The layout of SHEET (LAYOUT when given), the position in sheet.rows of its header row, and
    its headings: the first of its first rows whose headings fit a layout.

    A header of two rows ("Năm 2017" above "Kế hoạch | Thực hiện", the other headings above
    nothing) reads as one, each column headed by its lower cell, else its upper one, when
    neither row fits on its own. Merged vertically, as it mostly is, it needs no such help:
    each merged heading reads in the lower row too.
    """
    exact = exact_names(plan)

    def fit(cells: Cells) -> Layout | None:
        fits = layouts_of(cells, exact)
        return (layout if layout in fits else None) if layout is not None else (fits[0] if fits else None)

    head = sheet.rows[:HEAD_ROWS]
    for position, (number, cells) in enumerate(head):
        if (found := fit(cells)) is not None:
            return found, position, cells
        if position + 1 == len(head) or head[position + 1][0] != number + 1 or fit(head[position + 1][1]):
            continue
        lower = head[position + 1][1]
        both = [lower[i] if i < len(lower) and not is_empty(lower[i]) else (cells[i] if i < len(cells) else None)
                for i in range(max(len(cells), len(lower)))]
        if (found := fit(both)) is not None:
            return found, position + 1, both
    wanted = [layout] if layout is not None else list(LAYOUTS)
    raise SheetError(sheet.error(None, None, "no-header-row", msg(
        "no header row in the first {n} rows: {needs}; `giamngheo import --help` shows each layout",
        n=HEAD_ROWS, needs=Joined((_NEEDS[w]() for w in wanted), "; "))))


_NEEDS: dict[Layout, Callable[[], str]] = {
    "figures": lambda: msg("one row per figure needs the columns Chỉ tiêu (indicator) and Giá trị (value)"),
    "department": lambda: msg("a department's table needs the columns Chỉ tiêu and Thực hiện"),
    "districts": lambda: msg("a table of districts needs a column Địa bàn (unit) and a column per indicator, headed "
                             "by its id or name"),
}


def exact_names(plan: Plan) -> set[str]:
    """Every indicator's id and names, folded: a header that is one of them names that indicator."""
    return {fold(n) for i in plan.indicators for n in (i.id, i.name, i.name_en)}


def layouts_of(cells: Cells, exact: set[str]) -> list[Layout]:
    """The layouts whose header row CELLS could be, in the order they are preferred."""
    texts = [header_text(c) for c in cells if isinstance(c, (str, int)) and not isinstance(c, bool)]
    texts = [t for t in texts if t]
    keys = {layout: {heading_of(t, layout) for t in texts} for layout in LAYOUTS}
    fits: list[Layout] = []
    if {"indicator", "value"} <= keys["figures"]:
        fits.append("figures")
    if {"indicator", "actual"} <= keys["department"]:
        fits.append("department")
    if "unit" in keys["districts"] and any(base_of(t) or any(fold(v) in exact for v in _variants(t)) for t in texts):
        fits.append("districts")
    return fits


def map_header(sheet: Sheet, position: int, cells: Cells, layout: Layout, plan: Plan, given: set[str]) -> Header:
    """Which column holds what, in the headings CELLS of the header row at POSITION; GIVEN are the
    report fields given as options. Every unknown, missing, repeated or doubly given column is
    refused at once."""
    row = sheet.rows[position][0]
    header = Header(layout, row, {}, {})
    problems: list[Problem] = []
    unknown: list[int] = []
    rates_given: dict[str, int] = {}
    for i, cell in enumerate(cells):
        text = header_text(cell)
        header.names[i] = (msg('column {letter} "{header}"', letter=letter(i), header=escaped(text)) if text
                           else msg("column {letter}", letter=letter(i)))
        if not text:
            continue
        key = heading_of(text, layout)
        if key in IGNORED:
            header.skipped[i] = key
        elif key is not None:
            if key in header.index:
                problems.append(sheet.error(row, i, "duplicate-column", msg(
                    "{column}: {key} is already {other}", column=header.names[i], key=key,
                    other=header.names[header.index[key]])))
            else:
                header.index[key] = i
                header.warnings += _year_warnings(sheet, row, i, text, key, header.names[i], plan)
        elif layout == "districts":
            problems += _figure_column(sheet, plan, header, row, i, text, rates_given)
        else:
            unknown.append(i)
    required = {"figures": ("indicator", "value"), "department": ("indicator", "actual"), "districts": ("unit",)}
    missing = [h for h in HEADINGS[layout] if h.key in required[layout] and h.key not in header.index]
    missing += [h for h in REPORT_HEADINGS if h.key in REQUIRED and h.key not in header.index and h.key not in given
                and h not in missing]
    for key in sorted(given & set(header.index)):
        problems.append(sheet.error(row, header.index[key], "given-twice", msg(
            "{column}: gives the {what} of each row; leave out {option}", column=header.name(key),
            what=_WHAT[key](), option=OPTIONS[key])))
    if layout == "districts" and not header.figures and "unit" in header.index:
        problems.append(sheet.error(row, None, "missing-column", msg(
            "no column of figures: head each column by an indicator's id or name, such as nha-o-qd33")))
    expected = _expected(layout)
    for i in unknown:
        last = not missing and i == unknown[-1]
        problems.append(sheet.error(row, i, "unknown-column", msg(
            "{column}: unknown header; {expected}", column=header.names[i], expected=expected) if last
            else msg("{column}: unknown header", column=header.names[i])))
    for h in missing:
        option = OPTIONS.get(h.key) if h.key in REQUIRED else None
        problems.append(sheet.error(row, None, "missing-column", msg(
            "missing column {column}: add it, or give {option}; {expected}", column=h.label, option=option,
            expected=expected) if option else msg("missing column {column}; {expected}", column=h.label,
                                                  expected=expected)))
    if problems:
        raise SheetError(*problems)
    return header


_WHAT: dict[str, Callable[[], str]] = {
    "agency": lambda: msg("agency"), "unit": lambda: msg("unit"), "date": lambda: msg("report date"),
    "as_of": lambda: msg("as-of date"), "source": lambda: msg("source document"),
}
_REQUIRED_OF: dict[Layout, tuple[str, ...]] = {"figures": ("agency", "indicator", "value", "date", "source"),
                                               "department": ("indicator", "actual"), "districts": ("unit",)}


def _expected(layout: Layout) -> str:
    """The headers LAYOUT knows, said once on the last problem of a header."""
    if layout == "districts":
        return msg("the headers are {unit}, then one column per indicator (its id or name) and, for the base of a "
                   "rate, 'Mẫu số' and the rate (such as Mẫu số nha-tieu-ty-le)", unit=REPORT_HEADINGS[1].label)
    return msg("the headers are {headers}", headers=Joined(
        h.label if h.key in _REQUIRED_OF[layout] else msg("{header} (optional)", header=h.label)
        for h in HEADINGS[layout] if h.key not in IGNORED))


def _year_warnings(sheet: Sheet, row: int, col: int, text: str, key: str, name: str, plan: Plan) -> list[Problem]:
    """A plan or actual column headed by another year than the plan's: figures of another year?"""
    if key not in ("plan", "actual"):
        return []
    years = {int(m.group()) for m in _YEAR.finditer(text)}
    if not years or plan.year in years:
        return []
    return [sheet.warning(row, col, "other-year", msg(
        "{column}: names {years}, but the figures are imported into the {plan} plan", column=name,
        years=", ".join(map(str, sorted(years))), plan=plan.year))]


def _figure_column(sheet: Sheet, plan: Plan, header: Header, row: int, col: int, text: str,
                   rates_given: dict[str, int]) -> list[Problem]:
    """A column of a table of districts: the figures of one indicator, or the base of rates."""
    name = header.names[col]
    named = base_of(text)
    if named is None:
        try:
            indicator = find_indicator(plan, text)
        except UserError as exc:
            return [sheet.error(row, col, p.code, msg("{column}: {problem}", column=name, problem=p.message))
                    for p in exc.problems]
        if indicator in header.figures.values():
            first = next(c for c, i in header.figures.items() if i == indicator)
            return [sheet.error(row, col, "duplicate-column", msg(
                "{column}: {key} is already {other}", column=name, key=indicator, other=header.names[first]))]
        header.figures[col] = indicator
        return []
    problems: list[Problem] = []
    rates: list[str] = []
    for query in _rate_names(plan, named):
        try:
            rate = find_indicator(plan, query)
        except UserError as exc:
            problems += [sheet.error(row, col, p.code, msg("{column}: {problem}", column=name, problem=p.message))
                         for p in exc.problems]
            continue
        if not plan.indicator_by_id[rate].is_rate:
            problems.append(sheet.error(row, col, "base-of-a-count", msg(
                "{column}: '{id}' is a count; a base (mẫu số) belongs to a rate, such as {example}",
                column=name, id=rate, example=_rate_of(plan, rate))))
        elif rate in rates_given:
            problems.append(sheet.error(row, col, "duplicate-column", msg(
                "{column}: the base of {rate} is already {other}", column=name, rate=rate,
                other=header.names[rates_given[rate]])))
        else:
            rates_given[rate] = col
            rates.append(rate)
    if rates:
        header.bases[col] = rates
    return problems


def _rate_names(plan: Plan, named: str) -> list[str]:
    """The rates a base header names: one indicator, or several separated by ',' or ';'."""
    try:
        find_indicator(plan, named)
        return [named]
    except UserError:
        parts = [p.strip() for p in re.split(r"[,;]", named) if p.strip()]
        return parts if len(parts) > 1 else [named]


def _rate_of(plan: Plan, indicator: str) -> str:
    """The rate paired with a count, for a hint; any rate when it has none."""
    pair = plan.pair_of(indicator)
    return pair.rate if pair is not None else next((i.id for i in plan.indicators if i.is_rate), "")
