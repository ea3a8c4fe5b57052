"""The view of an import: what it stored, or what a dry run would store, one row per figure."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from giamngheo.core.messages import N_, msg, nmsg
from giamngheo.core.text import escaped
from giamngheo.intake.importing import Planned
from giamngheo.model.plan import Plan
from giamngheo.model.submission import PROVINCE
from giamngheo.views.labels import UNITS
from giamngheo.views.table import Column, Table, View

LAYOUT_NAMES = {"figures": N_("one row per figure"), "department": N_("a department's results table"),
                "districts": N_("one row per district")}


def import_view(plan: Plan, planned: Planned, paths: Sequence[Path] | None, lang: str) -> View:
    """What an import stored (PATHS given) or would store (PATHS None, a dry run), one row per figure;
    its warnings and notes go into the JSON (the CLI shows them on stderr otherwise)."""
    subs = planned.subs
    files: Sequence[Path | None] = paths if paths is not None else [None] * len(subs)
    rows: list[dict[str, Any]] = []
    for sub, file in zip(subs, files):
        shared = {"agency": sub.agency, "place": sub.unit, "reported": sub.reported, "as_of": sub.as_of,
                  "source": sub.source, "file": file.name if file else None}
        for ind, value in sub.values.items():
            rows.append({**shared, "indicator": ind, "value": value, "base": sub.bases.get(ind),
                         "unit": plan.indicator_by_id[ind].unit})
        for ind, base in sub.bases.items():
            if ind not in sub.values:  # a base given without its rate: the rate is worked out from it
                rows.append({**shared, "indicator": ind, "value": None, "base": base, "unit": None})
    columns = [Column("agency", "Cơ quan", "Agency"), Column("place", "Địa bàn", "Unit", optional=True, blank=PROVINCE),
               Column("reported", "Ngày báo cáo", "Reported", "date"),
               Column("as_of", "Số liệu đến", "As of", "date"), Column("source", "Văn bản", "Source"),
               Column("indicator", "Chỉ tiêu", "Indicator"), Column("value", "Giá trị", "Value", "number"),
               Column("unit", "Đơn vị", "Unit", labels=UNITS),
               Column("base", "Mẫu số", "Base", "count", optional=True), Column("file", "Tệp", "File")]
    dry = paths is None
    title = ("Sẽ lưu", "Would be stored") if dry else ("Đã lưu", "Stored")
    n, m = len(subs), sum(len(s.values) for s in subs)
    where = escaped(planned.sheet.path.name)
    layout = msg(LAYOUT_NAMES[planned.layout])
    read = (msg("Read {file}, sheet '{sheet}' as {layout}.", file=where, sheet=escaped(planned.sheet.name), layout=layout)
            if planned.sheet.name else msg("Read {file} as {layout}.", file=where, layout=layout))
    reports = nmsg("{n:num} report", "{n:num} reports", n)
    figures = nmsg("{n:num} figure", "{n:num} figures", m)
    line = (msg("Dry run: {reports}, {figures} would be stored; nothing was written", reports=reports, figures=figures)
            if dry else msg("Stored {reports}, {figures}", reports=reports, figures=figures))
    data = {"dry_run": dry, "reports": n, "figures": m, "layout": planned.layout, "sheet": planned.sheet.name,
            "sha256": planned.sheet.sha256,
            # problems: render/ words them in the reader's language
            "warnings": list(planned.warnings), "notes": list(planned.notes)}
    return View([Table("imported", *title, columns, rows)], [read, line], data)
