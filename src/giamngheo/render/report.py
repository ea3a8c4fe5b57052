"""The report as a file: an Excel workbook, a Word document or a web page.

Each writer imports its library (openpyxl, docxtpl, jinja2) only when it is asked for, so
that no other command pays for it at start-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from giamngheo.views.report import Report

REPORT_FORMATS = ("xlsx", "docx", "html")


def report_bytes(report: Report, fmt: str, template: Path | None = None) -> bytes:
    """REPORT in FMT (one of REPORT_FORMATS); TEMPLATE is a Word template to use instead of the shipped one."""
    if fmt == "xlsx":
        from giamngheo.render.xlsx import workbook_bytes

        return workbook_bytes(report)
    if fmt == "docx":
        from giamngheo.render.docx import document_bytes

        return document_bytes(report, template)
    from giamngheo.render.html import page_bytes

    return page_bytes(report)
