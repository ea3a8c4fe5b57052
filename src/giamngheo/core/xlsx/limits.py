"""What one workbook may make the reader spend, the refusal it raises, and how a cell is named."""

from __future__ import annotations

import re
from dataclasses import dataclass

from giamngheo.core.problems import UserError, error
from giamngheo.core.text import escaped


@dataclass(frozen=True)
class Limits:
    """Caps on what one workbook may make the reader spend; the defaults suit agencies' sheets."""

    max_file_bytes: int = 50_000_000  # the packed .xlsx
    max_unpacked_bytes: int = 200_000_000  # the unpacked parts read, all together
    max_part_ratio: int = 200  # unpacked ÷ packed size of one part (a zip bomb)
    max_zip_entries: int = 10_000  # zipfile reads the whole central directory at once
    max_xml_tags: int = 5_000_000  # '<' in all the parts read: bounds the XML parser's time
    max_token_bytes: int = 1_000_000  # the longest tag or value: expat re-scans an unfinished token
    max_shared_strings: int = 200_000
    max_cell_chars: int = 32_767  # Excel's own limit for a cell
    max_rows: int = 100_000  # <row> elements, formatted blank rows included
    max_columns: int = 200  # the last column that may hold a value
    max_sheets: int = 255
    max_merged: int = 10_000  # merged ranges in the sheet read
    head_rows: int = 30  # the first rows kept of every other sheet, to judge what it holds


class XlsxRefused(UserError):
    """A workbook that cannot be read safely or faithfully: one problem, with no file yet (the
    caller knows it), at the cell concerned when there is one."""

    def __init__(self, code: str, message: str, cell: str | None = None, sheets: tuple[str, ...] = ()) -> None:
        super().__init__(error(None, None, code, message, cell=cell))
        self.sheets = sheets  # for a refusal about the choice of sheet: the names of the hidden ones


_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")


def cell_name(sheet: str, ref: str) -> str:
    """A cell as Excel names it from another sheet: `Sheet1!E7`, `'Tháng 12'!B3`.

    A name that is not plain ASCII is quoted, as Excel quotes it, with a quote doubled; characters
    that would break a line of output are escaped.
    """
    if _PLAIN_NAME.fullmatch(sheet) and not re.fullmatch(r"[A-Za-z]{1,3}[0-9]+", sheet):
        return f"{sheet}!{ref}"
    return "'" + escaped(sheet).replace("'", "''") + f"'!{ref}"


def column_letter(index: int) -> str:
    """The letters of column INDEX, counted from 1: 1 → A, 28 → AB."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
