"""Building .xlsx files by hand, part by part, for tests: what openpyxl cannot write (computed
values of formulas, error cells, hidden sheets, hostile parts), and what Excel itself writes.

`build(path, [Sheet(...)…])` writes a minimal valid package; each sheet's XML comes from
`sheet_xml(rows, merged)`, and cells from `num`, `text`, `formula`, `error`.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Union
from xml.sax.saxutils import escape, quoteattr

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# Style indexes of STYLES.
GENERAL, DATE, PCT1, PCT0, DATETIME, THOUSANDS, TEXTFMT, PCT2 = range(8)
STYLES = (
    DECL + f'<styleSheet xmlns="{MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/>'
    '<numFmt numFmtId="165" formatCode="dd/mm/yyyy hh:mm"/></numFmts>'
    # cellStyleXfs holds <xf> too: a trap for a reader that indexes the wrong list
    '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
    '<cellXfs count="8"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="9"/>'
    '<xf numFmtId="165"/><xf numFmtId="3"/><xf numFmtId="49"/><xf numFmtId="10"/></cellXfs>'
    "</styleSheet>"
)

Content = Union[str, bytes, Iterable[Union[str, bytes]]]


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook to build: its name, its worksheet XML, and its state."""

    name: str
    xml: Content
    state: str = "visible"


def sheet_xml(rows: str, after: str = "") -> str:
    """A worksheet part holding the given <row> elements (AFTER: parts after sheetData, such as mergeCells)."""
    return DECL + f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetData>{rows}</sheetData>{after}</worksheet>'


def merges(*ranges: str) -> str:
    """The <mergeCells> element of a sheet."""
    return f'<mergeCells count="{len(ranges)}">' + "".join(f'<mergeCell ref="{r}"/>' for r in ranges) + "</mergeCells>"


def sst_xml(items: Iterable[str]) -> str:
    """A shared-strings part; ITEMS are <si> bodies, already escaped."""
    items = list(items)
    return DECL + f'<sst xmlns="{MAIN}" count="{len(items)}">' + "".join(f"<si>{i}</si>" for i in items) + "</sst>"


def num(ref: str, value: object, style: int = GENERAL) -> str:
    """A number cell."""
    return f'<c r="{ref}" s="{style}"><v>{value}</v></c>'


def text(ref: str, value: str) -> str:
    """An inline-string cell."""
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'


def formula(ref: str, expression: str, cached: object | None = None, style: int = GENERAL) -> str:
    """A formula cell, with the value Excel computed for it (CACHED), or without one (None)."""
    value = "" if cached is None else f"<v>{cached}</v>"
    return f'<c r="{ref}" s="{style}"><f>{escape(expression)}</f>{value}</c>'


def error(ref: str, shown: str, expression: str | None = None) -> str:
    """An error cell such as #DIV/0!, computed from EXPRESSION when given."""
    f = f"<f>{escape(expression)}</f>" if expression else ""
    return f'<c r="{ref}" t="e">{f}<v>{shown}</v></c>'


def row(number: int, *cells: str) -> str:
    """A <row> of CELLS."""
    return f'<row r="{number}">' + "".join(cells) + "</row>"


def cells_row(number: int, values: list[object], styles: dict[int, int] | None = None) -> str:
    """A <row> from plain values: str as text, int, float and Decimal as numbers, None skipped."""
    out = []
    for i, value in enumerate(values):
        if value is None:
            continue
        ref = f"{letter(i)}{number}"
        out.append(text(ref, value) if isinstance(value, str) else num(ref, value, (styles or {}).get(i, GENERAL)))
    return row(number, *out)


def letter(index: int) -> str:
    """The letters of the column at 0-based INDEX."""
    letters, n = "", index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _write(zf: zipfile.ZipFile, name: str, content: Content) -> None:
    """A member from a string, bytes, or chunks (for parts of hundreds of MB)."""
    if isinstance(content, (str, bytes)):
        zf.writestr(name, content)
        return
    with zf.open(name, "w") as out:
        for chunk in content:
            out.write(chunk.encode() if isinstance(chunk, str) else chunk)


def build(path: Path, sheets: list[Sheet], *, sst: Content | None = None, styles: str | None = STYLES,
          date1904: bool = False) -> Path:
    """Write a minimal .xlsx package of SHEETS at PATH, with real content types so that Excel and openpyxl open it."""
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml."
    overrides = [("/xl/workbook.xml", "sheet.main+xml")] + [
        (f"/xl/worksheets/sheet{i}.xml", "worksheet+xml") for i in range(1, len(sheets) + 1)]
    if sst is not None:
        overrides.append(("/xl/sharedStrings.xml", "sharedStrings+xml"))
    if styles is not None:
        overrides.append(("/xl/styles.xml", "styles+xml"))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        _write(zf, "[Content_Types].xml", DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
               'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
               'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
               + "".join(f'<Override PartName="{p}" ContentType="{ct}{c}"/>' for p, c in overrides) + "</Types>")
        _write(zf, "_rels/.rels", DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
               'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
               '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        rels, entries = [], []
        for i, sheet in enumerate(sheets, 1):
            rels.append(f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>')
            state = "" if sheet.state == "visible" else f' state="{sheet.state}"'
            entries.append(f'<sheet name={quoteattr(sheet.name)} sheetId="{i}"{state} r:id="rId{i}"/>')
            _write(zf, f"xl/worksheets/sheet{i}.xml", sheet.xml)
        if sst is not None:
            rels.append(f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>')
            _write(zf, "xl/sharedStrings.xml", sst)
        if styles is not None:
            rels.append(f'<Relationship Id="rIdT" Type="{REL}/styles" Target="styles.xml"/>')
            _write(zf, "xl/styles.xml", styles)
        pr = '<workbookPr date1904="1"/>' if date1904 else "<workbookPr/>"
        _write(zf, "xl/workbook.xml", DECL + f'<workbook xmlns="{MAIN}" xmlns:r="{REL}">{pr}<sheets>'
               + "".join(entries) + "</sheets></workbook>")
        _write(zf, "xl/_rels/workbook.xml.rels", DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/'
               'package/2006/relationships">' + "".join(rels) + "</Relationships>")
    return path


# ------------------------------------------------------------------ the hostile workbooks of issue 11


def one_cell_sheet() -> str:
    """A sheet whose one cell points to the first shared string."""
    return sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')


def million_shared_strings(path: Path, n: int = 1_200_000) -> Path:
    """About 50 KB on disk holding N identical shared strings."""
    return build(path, [Sheet("S", one_cell_sheet())],
                 sst=(DECL + f'<sst xmlns="{MAIN}">', *["<si><t>a</t></si>" * 10_000] * (n // 10_000), "</sst>"))


def distinct_shared_strings(path: Path, n: int = 1_000_000) -> Path:
    """N different shared strings: they pack less well, so only the count can stop them."""
    return build(path, [Sheet("S", one_cell_sheet())],
                 sst=(DECL + f'<sst xmlns="{MAIN}">',
                      *("".join(f"<si><t>{i}</t></si>" for i in range(k, k + 10_000)) for k in range(0, n, 10_000)),
                      "</sst>"))


def huge_shared_string(path: Path, megabytes: int = 150) -> Path:
    """One shared string of MEGABYTES MB, about 150 KB on disk."""
    big = "a" * 1_000_000
    return build(path, [Sheet("S", one_cell_sheet())],
                 sst=(DECL + f'<sst xmlns="{MAIN}"><si><t>', *[big] * megabytes, "</t></si></sst>"))


def huge_string_in_runs(path: Path) -> Path:
    """150 MB of text as 30 000 rich-text runs: no long token, so only the count of characters can stop it."""
    run = "<r><t>" + "b" * 5_000 + "</t></r>"
    return build(path, [Sheet("S", one_cell_sheet())],
                 sst=(DECL + f'<sst xmlns="{MAIN}"><si>', *[run * 100] * 300, "</si></sst>"))


def huge_inline_string(path: Path, megabytes: int = 150) -> Path:
    """A cell of MEGABYTES MB written inline in the sheet itself."""
    big = "a" * 1_000_000
    return build(path, [Sheet("S", (DECL + f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" '
                                    't="inlineStr"><is><t>', *[big] * megabytes,
                                    "</t></is></c></row></sheetData></worksheet>"))])


def formatted_blank_rows(path: Path, n: int = 1_000_000, header: str = "") -> Path:
    """A few real rows, then N formatted blank rows (whole-column formatting does this)."""
    head = header or f'<row r="1">{text("A1", "Tỉnh")}</row><row r="2">{num("B2", 5)}</row>'
    first = 3 if not header else header.count("<row") + 1
    return build(path, [Sheet("S", (DECL + f'<worksheet xmlns="{MAIN}"><sheetData>{head}',
                                    *("".join(f'<row r="{r}" s="1" customFormat="1"/>'
                                              for r in range(k, min(k + 10_000, first + n)))
                                      for k in range(first, first + n, 10_000)),
                                    "</sheetData></worksheet>"))])


def many_rows(path: Path, n: int = 200_000, header: str = "") -> Path:
    """N real rows of six columns."""
    def chunks() -> Iterable[str]:
        yield DECL + f'<worksheet xmlns="{MAIN}"><sheetData>' + header
        first = header.count("<row") + 1
        for k in range(first, first + n, 5_000):
            yield "".join(f'<row r="{r}">{text(f"A{r}", f"xã {r}")}' + "".join(
                num(f"{col}{r}", r * 7 + i) for i, col in enumerate("BCDEF")) + "</row>"
                for r in range(k, min(k + 5_000, first + n)))
        yield "</sheetData></worksheet>"
    return build(path, [Sheet("S", chunks())])
