"""Build the Word template the report is written from, in the layout of Nghị định 30/2020/NĐ-CP.

The layout is encoded here once, with python-docx: A4, the decree's margins (25/20/35/20 mm),
Times New Roman in every font slot, the two-column header block without borders, the page
number centred at the top and hidden on page 1, and landscape appendices numbered on their
own. The words come from views/wording.py, with docxtpl's Jinja tags where the report's data
goes. `scripts/make-report-template` writes the result into render/templates/, which is what
ships; a province edits its own copy in Word (`giamngheo report --save-template`) without
touching code. Tag names are plain ASCII, so a Vietnamese input method cannot turn them into
letters with tones.

Only the script and the tests import this module; `giamngheo report` reads the shipped file.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING, Any

from giamngheo.render.package import repack
from giamngheo.views.wording import word

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
# When the shipped template says it was made: fixed, so that building it again gives the same bytes.
BUILT = dt.datetime(2017, 3, 7, tzinfo=dt.timezone.utc)
# Results table of the appendix: (key of the row, width in mm). The headings are the table's own.
RESULT_COLUMNS = (("stt", 11), ("name", 58), ("unit", 14), ("target", 20), ("value", 20), ("as_of", 21),
                  ("pct", 16), ("status", 24), ("agency", 29), ("source", 29))
FIGURE_COLUMNS = (("name", 56), ("place", 26), ("kind", 13), ("value", 18), ("as_of", 21), ("agency", 34),
                  ("source", 28), ("file", 46))
# The motto's length at 13 pt bold, measured on the rendered page (python-docx has no font metrics).
MOTTO_MM = {"vi": 56, "en": 73}
TABLE_SIZE = 10  # pt: the decree sets none for tables; ten columns on a landscape page want a small one
CELL_MARGINS_MM = 3.8  # Word's default cell margins, left and right together


def build_template(lang: str) -> bytes:
    """The report template for LANG, as the bytes of a .docx file."""
    from docx import Document as new_document

    doc = new_document()
    _drop_thumbnail(doc)
    _styles(doc, lang)
    section = doc.sections[0]
    _page(section, landscape=False)
    _page_number(section)
    _header_block(doc, lang)
    _title(doc, lang)
    _body(doc, lang)
    _signature(doc, lang)
    _results_appendix(doc, lang)
    _figures_appendix(doc, lang)
    props = doc.core_properties
    props.author = props.last_modified_by = "giamngheo"
    props.title = word("kind", lang)
    props.created = props.modified = BUILT.replace(tzinfo=None)
    props.revision = 1
    props.language = "en-GB" if lang == "en" else "vi-VN"
    out = io.BytesIO()
    doc.save(out)
    return repack(out.getvalue(), BUILT)


def _drop_thumbnail(doc: Document) -> None:
    """python-docx's blank template carries a picture of its own first page: not ours to ship."""
    package = doc.part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[r_id]


# ---------------------------------------------------------------- fonts, styles, page


def _fonts(r_pr: Any, size: float | None = None) -> None:
    """Times New Roman in all four font slots of R_PR, and no theme font to override it."""
    from docx.oxml.ns import qn

    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.insert(0, fonts)
    for slot in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{slot}"), None)
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), FONT)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            el = r_pr.find(qn(tag))
            if el is None:
                el = r_pr.makeelement(qn(tag), {})
                r_pr.append(el)
            el.set(qn("w:val"), str(int(size * 2)))


def _styles(doc: Document, lang: str) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    styles = doc.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(r_pr, 14)
    lang_el = r_pr.find(qn("w:lang"))
    lang_el.set(qn("w:val"), "en-GB" if lang == "en" else "vi-VN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    for style in styles:
        r = style.element.find(qn("w:rPr"))
        if r is not None and r.find(qn("w:rFonts")) is not None:
            _fonts(r)
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    _fonts(normal.element.get_or_add_rPr(), 14)
    body = styles.add_style("ND30 Body", WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = normal
    fmt = body.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Cm(1)
    fmt.space_before = Pt(6)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.1
    heading = styles.add_style("ND30 Heading", WD_STYLE_TYPE.PARAGRAPH)
    heading.base_style = body
    heading.font.bold = True
    heading.paragraph_format.keep_with_next = True
    cell = styles.add_style("ND30 Table", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    cell.font.size = Pt(TABLE_SIZE)
    cell.paragraph_format.space_before = Pt(2)
    cell.paragraph_format.space_after = Pt(2)
    for style in (body, heading, cell):
        _fonts(style.element.get_or_add_rPr())


def _page(section: Any, landscape: bool) -> None:
    """A4 with the decree's margins: 25 mm top, 20 mm bottom, 35 mm left, 20 mm right."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.top_margin, section.bottom_margin = Mm(25), Mm(20)
    section.left_margin, section.right_margin = Mm(35), Mm(20)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)


def _page_number(section: Any, restart: bool = False) -> None:
    """The page number centred at the top, 14 pt, not shown on the section's first page."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    section.first_page_header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = paragraph.add_run()
        _fonts(run._r.get_or_add_rPr(), 14)
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text
    if restart:
        sect_pr = section._sectPr
        number = OxmlElement("w:pgNumType")
        number.set(qn("w:start"), "1")
        sect_pr.insert_element_before(number, "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg",
                                      "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings",
                                      "w:sectPrChange")


# ---------------------------------------------------------------- small pieces


def _para(container: Any, text: str = "", *, size: float = 14, bold: bool = False, italic: bool = False,
          align: str = "center", style: str | None = None, before: float = 0, after: float = 0) -> Paragraph:
    """A paragraph of one run, single-spaced, as the header block and the titles want it."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = container.add_paragraph(style=style) if style else container.add_paragraph()
    paragraph.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
                           "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if style is None:
        fmt.line_spacing = 1.0
    if text:
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.bold, run.italic = bold or None, italic or None
        _fonts(run._r.get_or_add_rPr(), size)
    return paragraph


def _rule(container: Any, width_mm: float, length_mm: float, in_cell: bool = False) -> Paragraph:
    """A solid line LENGTH_MM long, centred in WIDTH_MM (a table cell's, when IN_CELL): the top
    border of an empty, tiny paragraph, a little below the text above it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    paragraph = _para(container, size=4, before=3)
    fmt = paragraph.paragraph_format
    side = max(0.0, (width_mm - (CELL_MARGINS_MM if in_cell else 0) - length_mm) / 2)
    fmt.left_indent = fmt.right_indent = Mm(side)
    fmt.line_spacing = Pt(4)
    p_pr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "auto")):
        top.set(qn(f"w:{key}"), value)
    border.append(top)
    p_pr.insert_element_before(border, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                               "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
                               "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                               "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                               "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                               "w:pPrChange")
    _fonts(paragraph.add_run()._r.get_or_add_rPr(), 4)
    return paragraph


def _layout_table(doc: Document, widths_mm: tuple[float, ...], indent_mm: float = 0, borders: bool = False) -> Table:
    """A one-row table of fixed column widths; without borders unless BORDERS (the header block, the signature)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    table = doc.add_table(rows=1, cols=len(widths_mm))
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    if indent_mm:
        ind = OxmlElement("w:tblInd")
        ind.set(qn("w:w"), str(int(indent_mm * 56.7)))
        ind.set(qn("w:type"), "dxa")
        tbl_pr.append(ind)
    edges = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single" if borders else "nil")
        if borders:
            el.set(qn("w:sz"), "4")
            el.set(qn("w:color"), "000000")
        edges.append(el)
    tbl_pr.append(edges)
    for n, width in enumerate(widths_mm):
        table.columns[n].width = Mm(width)
        table.rows[0].cells[n].width = Mm(width)
    return table


def _clear(cell: _Cell) -> _Cell:
    """CELL without the empty paragraph every new cell holds (each _para adds its own)."""
    for p in list(cell.paragraphs):
        p._p.getparent().remove(p._p)
    return cell


def _keep_row_together(row: Any, header: bool = False) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        tr_pr.append(repeat)


# ---------------------------------------------------------------- the first page


def _header_block(doc: Document, lang: str) -> None:
    """Ô 1–4: the issuing body beside the national motto, then the number beside the place and date."""
    # 12 pt for the bodies' names and the national name, 13 pt for the motto: the pairing of the
    # decree's own sample (Mục V), and the size at which "SỞ LAO ĐỘNG - THƯƠNG BINH" and "CỘNG HÒA
    # XÃ HỘI CHỦ NGHĨA VIỆT NAM" each keep to one line, as the decree's samples show them.
    left_mm, right_mm = 70, 96
    table = _layout_table(doc, (left_mm, right_mm), indent_mm=-6)
    left, right = (_clear(c) for c in table.rows[0].cells)
    _para(left, word("doc.parent", lang), size=12)
    for line in word("doc.issuer", lang).split("\n"):
        _para(left, line, size=12, bold=True)
    _rule(left, left_mm, 25, in_cell=True)  # a third to a half of the name
    _para(right, word("doc.nation", lang), size=12, bold=True)
    _para(right, word("doc.motto", lang), size=13, bold=True)
    _rule(right, right_mm, MOTTO_MM[lang], in_cell=True)  # as long as the motto
    row = table.add_row()
    number, place = (_clear(c) for c in row.cells)
    _para(number, word("doc.number", lang), size=13, before=6)
    _para(place, word("doc.place_date", lang), size=14, italic=True, before=6)


def _title(doc: Document, lang: str) -> None:
    """Ô 5a: the kind of document and its subject, then whom it is addressed to (ô 9a)."""
    _para(doc, word("kind", lang), size=14, bold=True, before=18)
    subject = word("subject", lang, number="{{ plan_number }}", date="{{ plan_date }}", issuer="{{ plan_issuer }}",
                   title="{{ plan_title }}")
    _para(doc, subject, size=14, bold=True)
    _rule(doc, 155, 50)
    _para(doc, word("addressee", lang, recipient=word("doc.recipient", lang)), size=14, before=6, after=6)


def _body(doc: Document, lang: str) -> None:
    """Ô 6: the opening, sections I–IV and the closing sentence."""
    body, heading = "ND30 Body", "ND30 Heading"
    sender, recipient = word("doc.sender", lang), word("doc.recipient", lang)
    _para(doc, word("opening", lang, number="{{ plan_number }}", date="{{ plan_date }}", issuer="{{ plan_issuer }}",
                    title="{{ plan_title }}", sender=sender, as_of="{{ as_of }}"), style=body, align="justify")
    _para(doc, "{%p if scope %}", style=body, align="justify")
    _para(doc, "{{ scope }}", style=body, align="justify", italic=True)
    _para(doc, "{%p endif %}", style=body, align="justify")
    _para(doc, word("section.targets", lang), style=heading, align="justify")
    _para(doc, "{{ summary }}", style=body, align="justify")
    _para(doc, "{%p for g in groups %}", style=body, align="justify")
    _para(doc, "{{ loop.index }}. {{ g.name }}", style=heading, align="justify")
    _para(doc, "{%p for s in g.sentences %}", style=body, align="justify")
    _para(doc, "- {{ s }}", style=body, align="justify")
    _para(doc, "{%p endfor %}", style=body, align="justify")
    _para(doc, "{%p endfor %}", style=body, align="justify")
    _para(doc, "{%p for n in notes %}", style=body, align="justify")
    _para(doc, "{{ n }}", style=body, align="justify", size=13, italic=True)
    _para(doc, "{%p endfor %}", style=body, align="justify")
    _para(doc, word("see_appendix", lang), style=body, align="justify", italic=True)
    _para(doc, word("section.reports", lang), style=heading, align="justify")
    _para(doc, "{%p if has_reports %}", style=body, align="justify")
    _para(doc, "{{ timeliness_summary }}", style=body, align="justify")
    _para(doc, "{%p for t in timeliness %}", style=body, align="justify")
    _para(doc, "{{ t.letter }}) {{ t.title }} ({{ t.entries|length }}):", style=heading, align="justify")
    _para(doc, "{%p for e in t.entries %}", style=body, align="justify")
    _para(doc, "- {{ e }}{% if loop.last %}.{% else %};{% endif %}", style=body, align="justify")
    _para(doc, "{%p endfor %}", style=body, align="justify")
    _para(doc, "{%p endfor %}", style=body, align="justify")
    _para(doc, "{%p else %}", style=body, align="justify")
    _para(doc, word("no_reports", lang), style=body, align="justify")
    _para(doc, "{%p endif %}", style=body, align="justify")
    for section, blank in (("section.problems", "analyst.problems"), ("section.proposals", "analyst.proposals")):
        _para(doc, word(section, lang), style=heading, align="justify")
        _analyst_blank(_para(doc, word(blank, lang), style=body, align="justify", italic=True))
    closing = _para(doc, word("closing", lang, sender=sender, recipient=recipient), style=body, align="justify")
    closing.paragraph_format.keep_with_next = True


def _analyst_blank(paragraph: Paragraph) -> None:
    """Mark a place the analyst must write in: highlighted, so that no one sends it unfilled."""
    from docx.enum.text import WD_COLOR_INDEX

    for run in paragraph.runs:
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _signature(doc: Document, lang: str) -> None:
    """Ô 9b and 7a–7c: the recipients on the left, the signer's title over an empty space on the right."""
    table = _layout_table(doc, (80, 80), indent_mm=-2)
    _keep_row_together(table.rows[0])
    recipients, signer = (_clear(c) for c in table.rows[0].cells)
    _para(recipients, word("doc.received_by", lang), size=12, bold=True, italic=True, align="left", before=12)
    for line in word("doc.recipients", lang).split("\n"):
        _para(recipients, line, size=11, align="left")
    _para(signer, word("doc.signer_title", lang), size=14, bold=True, before=12)
    for _ in range(5):  # the space for the signature and the seal
        _para(signer, "", size=14)
    _para(signer, word("doc.signer_name", lang), size=14, bold=True)


# ---------------------------------------------------------------- the appendices


def _appendix_heading(doc: Document, lang: str, number: str, title: str) -> None:
    """A new landscape section, numbered from 1, under its "Phụ lục" heading and its title."""
    from docx.enum.section import WD_SECTION

    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=True)
    _page_number(section, restart=True)
    _para(doc, f"{word('appendix', lang)} {number}", size=14, bold=True)
    _para(doc, title, size=14, bold=True)
    _para(doc, word("doc.attached", lang), size=13, italic=True)
    _rule(doc, 242, 40)
    _para(doc, "", size=6)


def _grid(doc: Document, columns: tuple[tuple[str, float], ...], headings: list[str]) -> Table:
    """A bordered table whose first row, the headings, repeats on every page."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Mm

    table = _layout_table(doc, tuple(w for _, w in columns), borders=True)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    _keep_row_together(header, header=True)
    for cell, text in zip(header.cells, headings):
        _para(_clear(cell), text, size=TABLE_SIZE, bold=True, style="ND30 Table")
    for n, (_, width) in enumerate(columns):
        header.cells[n].width = Mm(width)
    return table


def _tag_row(table: Table, tag: str) -> None:
    """A row holding only a docxtpl row tag (`{%tr … %}`): docxtpl removes it when rendering."""
    row = table.add_row()
    _para(_clear(row.cells[0]), tag, size=TABLE_SIZE, style="ND30 Table", align="left")
    for cell in row.cells[1:]:
        _para(_clear(cell), "", size=TABLE_SIZE, style="ND30 Table")


def _value_row(table: Table, columns: tuple[tuple[str, float], ...], item: str, bold: bool = False,
               numbers: tuple[str, ...] = ()) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    row = table.add_row()
    _keep_row_together(row)
    for n, (key, width) in enumerate(columns):
        cell = row.cells[n]
        cell.width = Mm(width)
        paragraph = _para(_clear(cell), f"{{{{ {item}.{key} }}}}", size=TABLE_SIZE, bold=bold, style="ND30 Table",
                          align="left")
        if key in numbers:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif key in ("stt", "unit", "as_of", "kind"):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _results_appendix(doc: Document, lang: str) -> None:
    """Phụ lục I: the results table, one row per target under the plan's headings."""
    _appendix_heading(doc, lang, "I", word("appendix.results", lang, as_of="{{ as_of }}"))
    table = _grid(doc, RESULT_COLUMNS, ["{{ headings.%s }}" % key for key, _ in RESULT_COLUMNS])
    _tag_row(table, "{%tr for r in rows %}")
    _tag_row(table, "{%tr if r.heading %}")
    row = table.add_row()
    _keep_row_together(row)
    merged = row.cells[0].merge(row.cells[-1])
    _para(_clear(merged), "{{ r.name }}", size=TABLE_SIZE, bold=True, style="ND30 Table", align="left")
    _tag_row(table, "{%tr else %}")
    _value_row(table, RESULT_COLUMNS, "r", numbers=("target", "value", "pct"))
    _tag_row(table, "{%tr endif %}")
    _tag_row(table, "{%tr endfor %}")
    _para(doc, "{%p for n in notes %}", size=12, align="left")
    _para(doc, "{{ n }}", size=12, italic=True, align="left", before=6)
    _para(doc, "{%p endfor %}", size=12, align="left")
    _para(doc, "{{ generated }}", size=11, italic=True, align="left", before=6)


def _figures_appendix(doc: Document, lang: str) -> None:
    """Phụ lục II: every figure the report uses, with its submission file and source document."""
    _appendix_heading(doc, lang, "II", word("appendix.figures", lang))
    table = _grid(doc, FIGURE_COLUMNS, ["{{ figure_headings.%s }}" % key for key, _ in FIGURE_COLUMNS])
    _tag_row(table, "{%tr for f in figures %}")
    _value_row(table, FIGURE_COLUMNS, "f", numbers=("value",))
    _tag_row(table, "{%tr endfor %}")
