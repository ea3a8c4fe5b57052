"""How a view looks: a rich table on a terminal, plain text, markdown, csv or json.

One place for every command's output. Only the module a format needs is imported, when it
is asked for, so that start-up stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from giamngheo.views.table import View

FORMATS = ("table", "plain", "markdown", "csv", "json")


def emit(view: View, fmt: str, lang: str, out: TextIO) -> None:
    """Write VIEW to OUT in the format FMT asks for (one of FORMATS)."""
    if fmt == "json":
        from giamngheo.core.messages import load_translator
        from giamngheo.render.data import to_json

        out.write(to_json(view, load_translator(lang)) + "\n")
    elif fmt == "csv":
        from giamngheo.render.data import to_csv

        out.write(to_csv(view))
    elif fmt == "table":
        from giamngheo.render.terminal import print_rich

        print_rich(view, lang, out)
    else:
        from giamngheo.render.text import to_text

        out.write(to_text(view, fmt, lang))
