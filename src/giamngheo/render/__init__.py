"""How a view looks: a rich table on a terminal, plain text, markdown, csv or json.

One place for every command's output. Only the module a format needs is imported, when it
is asked for, so that start-up stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from giamngheo.views.table import View

FORMATS = ("table", "plain", "markdown", "csv", "json")


def emit(view: View, fmt: str, lang: str, out: TextIO, wide: bool = False, bom: bool = False) -> None:
    """Write VIEW to OUT in the format FMT asks for (one of FORMATS); WIDE keeps every column of
    a table on a narrow terminal; BOM starts csv with a UTF-8 byte-order mark, which Excel on
    Windows needs to read Vietnamese right."""
    if fmt == "json":
        from giamngheo.core.messages import load_translator
        from giamngheo.render.data import to_json

        out.write(to_json(view, load_translator(lang)) + "\n")
    elif fmt == "csv":
        from giamngheo.core.messages import load_translator
        from giamngheo.render.data import to_csv

        out.write(("\ufeff" if bom else "") + to_csv(view, load_translator(lang)))
    elif fmt == "table":
        from giamngheo.render.terminal import print_rich

        print_rich(view, lang, out, wide)
    else:
        from giamngheo.render.text import to_text

        out.write(to_text(view, fmt, lang))
