"""Views for machines: JSON, and CSV that Excel and scripts cannot misread."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from giamngheo.core.messages import ENGLISH, Translator
from giamngheo.render.cells import machine, machine_text
from giamngheo.views.table import View


def to_json(view: View, tr: Translator = ENGLISH) -> str:
    """The view as JSON: each table as a list of objects, plus the view's extra data (its
    problems worded in TR's language)."""
    payload: dict[str, Any] = {}
    for table in view.tables:
        # Every raw value of a row, not only the columns shown: days, missing figures, flags.
        bars = {c.key for c in table.columns if c.kind == "bar"}
        payload[table.key] = [{k: machine(v) for k, v in row.items() if not k.startswith("_") and k not in bars}
                              for row in table.rows]
    payload.update(machine(view.data, tr))
    return json.dumps(payload, ensure_ascii=False, indent=2)


def to_csv(view: View) -> str:
    """The view as CSV: one block per table, separated by a blank line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for n, table in enumerate(view.tables):
        if n:
            out.write("\n")
        columns = [c for c in table.columns if c.kind != "bar"]
        writer.writerow([c.key for c in columns])
        for row in table.rows:
            writer.writerow([machine_text(row.get(c.key)) for c in columns])
    return out.getvalue()
