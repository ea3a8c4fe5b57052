"""The view of an import: what it stored, or what a dry run would store, one row per figure."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from giamngheo.model.plan import Plan
from giamngheo.model.submission import Submission
from giamngheo.views.labels import UNITS
from giamngheo.views.table import Column, Table, View


def import_view(plan: Plan, subs: Sequence[Submission], paths: Sequence[Path] | None, lang: str) -> View:
    """What an import stored (PATHS given) or would store (PATHS None, a dry run), one row per figure."""
    files: Sequence[Path | None] = paths if paths is not None else [None] * len(subs)
    rows = [{"agency": sub.agency, "reported": sub.reported, "as_of": sub.as_of, "source": sub.source,
             "indicator": ind, "value": value, "unit": plan.indicator_by_id[ind].unit,
             "file": file.name if file else None}
            for sub, file in zip(subs, files) for ind, value in sub.values.items()]
    columns = [Column("agency", "Cơ quan", "Agency"), Column("reported", "Ngày báo cáo", "Reported", "date"),
               Column("as_of", "Số liệu đến", "As of", "date"), Column("source", "Văn bản", "Source"),
               Column("indicator", "Chỉ tiêu", "Indicator"), Column("value", "Giá trị", "Value", "number"),
               Column("unit", "Đơn vị", "Unit", labels=UNITS), Column("file", "Tệp", "File")]
    dry = paths is None
    title = ("Sẽ lưu", "Would be stored") if dry else ("Đã lưu", "Stored")
    n, m = len(subs), len(rows)
    if lang == "en":
        line = (f"Dry run: {n} report(s), {m} figure(s) would be stored; nothing was written" if dry
                else f"Stored {n} report(s), {m} figure(s)")
    else:
        line = (f"Chạy thử (dry run): sẽ lưu {n} báo cáo, {m} số liệu; chưa ghi gì (nothing was written)" if dry
                else f"Đã lưu (stored) {n} báo cáo, {m} số liệu")
    return View([Table("imported", *title, columns, rows)], [line], {"dry_run": dry, "reports": n, "figures": m})
