"""The workbook-wide parts: relationships, the list of sheets, number formats and shared strings."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from dataclasses import dataclass

from giamngheo.core.messages import msg
from giamngheo.core.xlsx.limits import Limits, XlsxRefused
from giamngheo.core.xlsx.numformat import BUILTIN_FORMATS
from giamngheo.core.xlsx.package import Package, parse_xml, tag_counter

_MAIN_NS = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
            "http://purl.oclc.org/ooxml/spreadsheetml/main")  # transitional and strict
_REL_NS = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
           "http://purl.oclc.org/ooxml/officeDocument/relationships")
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

# expat names a namespaced element "uri local": the ones read, by their local name.
_MAIN_LOCALS = ("row", "c", "v", "f", "is", "t", "rPh", "mergeCell", "si", "numFmt", "xf", "cellXfs", "sheet",
                "workbookPr")
NAMES: dict[str, str] = {f"{ns} {local}": local for ns in _MAIN_NS for local in _MAIN_LOCALS}
NAMES[f"{_PKG_REL_NS} Relationship"] = "Relationship"
_REL_ID_ATTRS = tuple(f"{ns} id" for ns in _REL_NS)
_SI_TAG = tag_counter(b"si")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape(text: str) -> str:
    """TEXT with OOXML's _xHHHH_ escapes undone, left to right, so that _x005F_x000D_ stays '_x000D_'."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def too_long(limits: Limits, cell: str | None) -> XlsxRefused:
    """The refusal of a cell or a shared string longer than Excel allows."""
    if cell is None:
        return XlsxRefused("cell-too-long", msg(
            "a text of the workbook (a shared string) holds more than {limit:num} characters, more than Excel allows "
            "in a cell", limit=limits.max_cell_chars))
    return XlsxRefused("cell-too-long", msg("holds more than {limit:num} characters, more than Excel allows in a cell",
                                            limit=limits.max_cell_chars), cell)


@dataclass(frozen=True)
class SheetEntry:
    """A sheet the workbook lists: its name, state, part and kind."""

    name: str
    state: str  # "visible", "hidden" or "veryHidden"
    part: str | None
    kind: str  # "worksheet", "chartsheet", "dialogsheet", …


@dataclass(frozen=True)
class WorkbookPart:
    """What workbook.xml and its relationships say: the sheets, the date system, the shared parts."""

    sheets: list[SheetEntry]
    date1904: bool
    shared_strings: str | None
    styles: str | None


def _resolve(base_part: str, target: str) -> str:
    """A relationship's Target as a zip member name."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_part), target))


def _read_rels(pkg: Package, rels_part: str, base_part: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, target part) of one .rels part (empty when it is missing)."""
    info = pkg.info(rels_part)
    rels: dict[str, tuple[str, str]] = {}
    if info is None:
        return rels

    def start(name: str, attrs: dict[str, str]) -> None:
        if NAMES.get(name) == "Relationship" and attrs.get("TargetMode") != "External":
            kind = attrs.get("Type", "").rsplit("/", 1)[-1]
            rels[attrs.get("Id", "")] = (kind, _resolve(base_part, attrs.get("Target", "")))

    parse_xml(pkg.chunks(info), info.filename, start)
    return rels


def read_workbook_part(pkg: Package) -> WorkbookPart:
    """workbook.xml: the sheets in order with their state and part, and the date system."""
    root_rels = _read_rels(pkg, "_rels/.rels", "")
    wb_part = next((t for (k, t) in root_rels.values() if k == "officeDocument"), "xl/workbook.xml")
    info = pkg.info(wb_part)
    if info is None:
        raise XlsxRefused("unreadable", msg(
            "cannot be read as an Excel workbook: it is a zip archive, but holds no workbook; is it another format "
            "named .xlsx?"))
    rels = _read_rels(pkg, posixpath.join(posixpath.dirname(wb_part), "_rels", posixpath.basename(wb_part) + ".rels"),
                      wb_part)
    listed: list[tuple[str, str, str]] = []
    date1904 = [False]
    limit = pkg.limits.max_sheets

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = NAMES.get(name)
        if tag == "sheet":
            if len(listed) >= limit:
                raise XlsxRefused("too-many-sheets", msg("the workbook has more than {limit:num} sheets", limit=limit))
            rid = next((attrs[a] for a in _REL_ID_ATTRS if a in attrs), "")
            listed.append((attrs.get("name", ""), attrs.get("state", "visible"), rid))
        elif tag == "workbookPr":
            date1904[0] = attrs.get("date1904", "0").lower() in ("1", "true")

    parse_xml(pkg.chunks(info), info.filename, start)
    sheets = []
    for name, state, rid in listed:
        kind, part = rels.get(rid, ("missing", None))
        sheets.append(SheetEntry(unicodedata.normalize("NFC", name), state, part, kind))
    shared = next((t for (k, t) in rels.values() if k == "sharedStrings"), None)
    styles = next((t for (k, t) in rels.values() if k == "styles"), None)
    return WorkbookPart(sheets, date1904[0], shared, styles)


def read_styles(pkg: Package, part: str | None) -> list[str]:
    """The number format of each cell style (a cell's `s` attribute indexes this list)."""
    info = pkg.info(part) if part else None
    if info is None:
        return ["General"]
    custom: dict[int, str] = {}
    format_ids: list[int] = []
    in_cell_xfs = [False]

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = NAMES.get(name)
        if tag == "numFmt":
            try:
                custom[int(attrs.get("numFmtId", ""))] = attrs.get("formatCode", "General")
            except ValueError:
                pass
        elif tag == "cellXfs":
            in_cell_xfs[0] = True
        elif tag == "xf" and in_cell_xfs[0]:  # cellStyleXfs holds <xf> too: not the ones cells point to
            try:
                format_ids.append(int(attrs.get("numFmtId", "0")))
            except ValueError:
                format_ids.append(0)

    def end(name: str) -> None:
        if NAMES.get(name) == "cellXfs":
            in_cell_xfs[0] = False

    parse_xml(pkg.chunks(info), info.filename, start, end)
    return [custom.get(i) or BUILTIN_FORMATS.get(i, "General") for i in format_ids] or ["General"]


def _too_many_strings(limits: Limits) -> XlsxRefused:
    return XlsxRefused("too-many-strings", msg(
        "the workbook holds more than {limit:num} shared strings (texts)", limit=limits.max_shared_strings))


def read_shared_strings(pkg: Package, part: str | None) -> list[str]:
    """The shared strings, counted and bounded in length while they stream."""
    info = pkg.info(part) if part else None
    if info is None:
        return []
    limits = pkg.limits
    # First pass, at C speed: count <si>, so that a million strings are refused before expat parses one.
    for _ in pkg.chunks(info, count=_SI_TAG, max_count=limits.max_shared_strings,
                        too_many=lambda: _too_many_strings(limits)):
        pass
    strings: list[str] = []
    pieces: list[str] = []
    collecting = [False]
    state = {"rph": 0, "len": 0}
    raw_limit = limits.max_cell_chars * 7  # '_x000D_' is 7 characters for 1: the exact check follows unescaping
    max_strings = limits.max_shared_strings

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = NAMES.get(name)
        if tag == "si":
            if len(strings) >= max_strings:  # the count that counts, whatever the pre-scan saw
                raise _too_many_strings(limits)
            pieces.clear()
            state["len"] = 0
        elif tag == "t":
            collecting[0] = state["rph"] == 0  # phonetic runs (rPh) are not part of the text
        elif tag == "rPh":
            state["rph"] += 1

    def end(name: str) -> None:
        tag = NAMES.get(name)
        if tag == "t":
            collecting[0] = False
        elif tag == "si":
            text = unescape("".join(pieces))
            if len(text) > limits.max_cell_chars:
                raise too_long(limits, None)
            strings.append(text)
        elif tag == "rPh":
            state["rph"] -= 1

    def chars(data: str) -> None:
        if collecting[0]:
            state["len"] += len(data)
            if state["len"] > raw_limit:  # refused while it streams: the text is never built
                raise too_long(limits, None)
            pieces.append(data)

    parse_xml(pkg.chunks(info, charge=False), info.filename, start, end, chars)
    return strings
