"""Views of recorded submissions: what was just stored, the list, and one indicator's history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from giamngheo.calc.figures import Latest, figures_of, history
from giamngheo.calc.values import Scope, value_of
from giamngheo.core.formats import format_date, format_number
from giamngheo.model.plan import Plan
from giamngheo.model.submission import PROVINCE, Stored, Submission
from giamngheo.model.units import Units
from giamngheo.views.labels import UNITS, indicator_name
from giamngheo.views.table import Column, Table, View


def recorded_view(plan: Plan, units: Units, sub: Submission, path: Path | None, lang: str) -> View:
    """What `record` stored, and where (PATH None: what it is about to store, for the user to confirm)."""
    rows = [{"indicator": ind_id, "name": indicator_name(plan.indicator_by_id[ind_id], lang),
             "value": value, "unit": plan.indicator_by_id[ind_id].unit} for ind_id, value in sub.values.items()]
    rows += [{"indicator": ind_id, "name": ("base (mẫu số) of " if lang == "en" else "mẫu số của ") + ind_id,
              "value": value, "unit": None} for ind_id, value in sub.bases.items()]
    rows += [{"indicator": task, "name": "✓ " + ("done" if lang == "en" else "đã hoàn thành"), "value": None,
              "unit": None} for task in sub.done]
    table = Table("recorded", "Đã ghi nhận", "Recorded",
                  [Column("indicator", "Mã", "Id", "id"), Column("name", "Chỉ tiêu / nhiệm vụ", "Indicator / task"),
                   Column("value", "Giá trị", "Value", "number"), Column("unit", "Đơn vị", "Unit", labels=UNITS)], rows)
    agency = plan.agency_by_id[sub.agency]
    head = (f"{agency.name} — {sub.source}, báo cáo ngày {format_date(sub.reported)}, "
            f"số liệu đến ngày {format_date(sub.as_of)}" if lang != "en" else
            f"{agency.name_en} — {sub.source}, reported {sub.reported.isoformat()}, figures as of {sub.as_of.isoformat()}")
    if sub.unit != PROVINCE:
        head += (f", for {units.name_of(sub.unit)}" if lang == "en" else f", đơn vị {units.name_of(sub.unit)}")
    if path is None:
        return View([Table("draft", "Sẽ ghi nhận", "To be recorded", table.columns, table.rows)], [head])
    saved = ("Saved to " if lang == "en" else "Đã lưu vào (saved to) ") + str(path)
    data = {"file": str(path), "agency": sub.agency, "reported": sub.reported, "as_of": sub.as_of, "source": sub.source}
    if sub.unit != PROVINCE:
        data["unit"] = sub.unit
    return View([table], [head, saved], data)


def submissions_view(stored: Sequence[Stored], agency: str | None) -> View:
    """Every stored submission, oldest report first."""
    # JSON gives the values themselves under "values" and the tasks under "done"; their counts
    # are "figures" and "tasks_done", what the table shows.
    rows = [{
        "reported": s.reported, "as_of": s.as_of, "agency": s.agency, "unit": s.unit, "source": s.source,
        "figures": len(s.values), "tasks_done": len(s.done), "values": dict(s.values), "bases": dict(s.bases),
        "done": list(s.done), "final": s.final, "recorded_by": s.recorded_by, "file": s.name,
    } for s in sorted(stored, key=lambda s: (s.reported, s.recorded_at, s.name))
        if agency is None or s.agency == agency]
    columns = [Column("reported", "Ngày báo cáo", "Reported", "date"), Column("as_of", "Số liệu đến", "As of", "date"),
               Column("agency", "Cơ quan", "Agency", "id"),
               Column("unit", "Đơn vị", "Unit", "id", optional=True, blank=PROVINCE),
               Column("source", "Văn bản", "Source"), Column("figures", "Số liệu", "Figures", "count"),
               Column("tasks_done", "Nhiệm vụ xong", "Tasks done", "count"),
               Column("recorded_by", "Người nhập", "Entered by"), Column("file", "Tệp", "File")]
    return View([Table("submissions", "Báo cáo đã ghi", "Stored reports", columns, rows)])


def history_view(plan: Plan, stored: Sequence[Stored], indicator: str, lang: str, unit: str | None = None) -> View:
    """Every value of one indicator (in one UNIT, or in all), superseded ones marked; for a whole
    with breakdown parts, the parts' values too, and the sum that counts for it today."""
    ind = plan.indicator_by_id[indicator]
    wanted = [ind.id, *(p.id for p in plan.parts_of(ind.id))]
    figures = figures_of(stored)
    rows = [{
        "indicator": fig.indicator, "as_of": fig.as_of, "reported": fig.reported, "value": fig.value,
        "agency": fig.agency, "unit": fig.unit, "source": fig.source, "state": "superseded" if old else "current",
        "recorded_at": fig.recorded_at, "file": fig.stored.name, "_tone": "muted" if old else None,
        "_indent": 1 if fig.indicator != ind.id else 0,
    } for one in wanted for fig, old in history(figures, one, unit)]
    columns = [Column("indicator", "Chỉ tiêu", "Indicator", "id", optional=True, blank=ind.id),
               Column("as_of", "Số liệu đến", "As of", "date"), Column("reported", "Ngày báo cáo", "Reported", "date"),
               Column("value", "Giá trị", "Value", "percent" if ind.is_rate else "count"),
               Column("agency", "Cơ quan", "Agency", "id"),
               Column("unit", "Đơn vị", "Unit", "id", optional=True, blank=PROVINCE),
               Column("source", "Văn bản", "Source"),
               Column("state", "Trạng thái", "State",
                      labels={"current": ("hiện hành", "current"), "superseded": ("đã thay thế", "superseded")}),
               Column("file", "Tệp", "File")]
    title_vi, title_en = f"Lịch sử: {ind.name}", f"History: {ind.name_en}"
    lines, data = [], {"indicator": indicator}
    parts = plan.parts_of(ind.id)
    if parts:
        latest = Latest.from_stored(stored, dt.date.max)
        place = unit or PROVINCE
        value = value_of(plan, ind, latest, Scope(place))
        if value is not None and value.basis == "summed":
            got = [latest.get(place, p.id) for p in parts]
            shown = " + ".join(format_number(g.value, lang) for g in got if g is not None)
            total = format_number(value.amount, lang)
            lines.append(f"{ind.id} = {shown} = {total} (sum of its parts, as of {value.as_of.isoformat()})"
                         if lang == "en" else
                         f"{ind.id} = {shown} = {total} (cộng các phần, số liệu đến ngày {format_date(value.as_of)})")
            data["summed"] = {"value": value.amount, "as_of": value.as_of, "parts": {p.id: g.value for p, g in zip(parts, got) if g}}
    return View([Table("history", title_vi, title_en, columns, rows)], lines, data)
