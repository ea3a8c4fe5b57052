"""The view of an import: what it stored, or what a dry run would store, one row per figure."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from giamngheo.core.text import escaped
from giamngheo.intake.importing import Planned
from giamngheo.model.plan import Plan
from giamngheo.model.submission import PROVINCE
from giamngheo.views.labels import UNITS
from giamngheo.views.table import Column, Table, View

LAYOUT_NAMES = {"figures": ("mỗi dòng một số liệu", "one row per figure"),
                "department": ("bảng kết quả của sở, ngành", "a department's results table"),
                "districts": ("bảng theo địa bàn", "one row per district")}


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
    vi_layout, en_layout = LAYOUT_NAMES[planned.layout]
    where = escaped(planned.sheet.path.name) + (f", sheet '{escaped(planned.sheet.name)}'" if planned.sheet.name else "")
    if lang == "en":
        line = (f"Dry run: {n} report(s), {m} figure(s) would be stored; nothing was written" if dry
                else f"Stored {n} report(s), {m} figure(s)")
        read = f"Read {where} as {en_layout}."
    else:
        line = (f"Chạy thử (dry run): sẽ lưu {n} báo cáo, {m} số liệu; chưa ghi gì (nothing was written)" if dry
                else f"Đã lưu (stored) {n} báo cáo, {m} số liệu")
        read = f"Đã đọc (read) {where}: {vi_layout} ({en_layout})."
    data = {"dry_run": dry, "reports": n, "figures": m, "layout": planned.layout, "sheet": planned.sheet.name,
            "sha256": planned.sheet.sha256,
            # problems: render/ words them in the reader's language
            "warnings": list(planned.warnings), "notes": list(planned.notes)}
    return View([Table("imported", *title, columns, rows)], [read, line], data)
