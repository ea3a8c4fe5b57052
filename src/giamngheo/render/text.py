"""Views as plain text or markdown, through tabulate."""

from __future__ import annotations

from giamngheo.core.messages import load_translator
from giamngheo.render.cells import display_rows, text_columns, title
from giamngheo.views.table import View


def to_text(view: View, fmt: str, lang: str) -> str:
    """The view as plain text (FMT "plain") or markdown (FMT "markdown")."""
    from tabulate import tabulate  # imported only when this output is asked for

    blocks = []
    for table in view.tables:
        if fmt == "markdown":
            headers = [c.label(lang).replace("\n", " (") + (")" if "\n" in c.label(lang) else "")
                       for c in text_columns(table)]
            body = tabulate(display_rows(table, lang), headers=headers, tablefmt="github", disable_numparse=True)
            blocks.append(f"### {title(table, lang)}\n\n{body}" if table.rows else f"### {title(table, lang)}\n\n—")
        else:
            headers = [c.label(lang) for c in text_columns(table)]
            body = tabulate(display_rows(table, lang), headers=headers, tablefmt="simple", disable_numparse=True)
            blocks.append(f"{title(table, lang)}\n\n{body}" if table.rows else f"{title(table, lang)}\n\n—")
    text = "\n\n".join(blocks)
    if view.lines:
        tr = load_translator(lang)
        text += ("\n\n" if blocks else "") + "\n".join(tr.show(line) for line in view.lines)
    return text + "\n"
