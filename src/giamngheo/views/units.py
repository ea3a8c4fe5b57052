"""Views of the reporting units: the list, and the matrix of units × indicators."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from giamngheo.calc.figures import Latest
from giamngheo.calc.values import Scope, unit_total, value_of
from giamngheo.model.plan import Plan
from giamngheo.model.submission import PROVINCE, Stored
from giamngheo.model.units import KIND_NAMES, Units
from giamngheo.views.table import Column, Table, View


def units_view(units: Units, lang: str) -> View:
    """The province and every unit, with its kind, code and the groups it belongs to."""
    groups = {u.id: [g.id for g in units.groups if u.id in g.members] for u in units.units}
    rows = [{"id": units.province.id, "name": units.province.name if lang != "en" else units.province.name_en,
             "kind": "province", "code": units.province.code, "groups": None}]
    rows += [{"id": u.id, "name": u.name if lang != "en" else u.name_en, "kind": u.kind, "code": u.code,
              "groups": ", ".join(groups[u.id]) or None,
              "changes": "; ".join((f"{c.name_en} from {c.date.isoformat()}" if lang == "en"
                                    else f"{c.name} từ {c.date:%d/%m/%Y}") for c in u.kind_changes) or None}
             for u in units.units]
    kinds = {**KIND_NAMES, "province": ("tỉnh", "province")}
    table = Table("units", "Đơn vị báo cáo", "Reporting units",
                  [Column("id", "Mã", "Id", "id"), Column("name", "Tên", "Name"),
                   Column("kind", "Loại", "Kind", labels=kinds), Column("code", "Mã số", "Code", "id"),
                   Column("groups", "Nhóm", "Groups", "id"), Column("changes", "Thay đổi", "Changes", optional=True)],
                  rows)
    group_table = Table("groups", "Nhóm đơn vị", "Groups of units",
                        [Column("id", "Mã", "Id", "id"), Column("name", "Tên", "Name"),
                         Column("members", "Đơn vị", "Members")],
                        [{"id": g.id, "name": g.name if lang != "en" else g.name_en,
                          "members": ", ".join(g.members)} for g in units.groups])
    kinds_count = {k: sum(1 for u in units.units if u.kind == k) for k in KIND_NAMES}
    line = (f"{len(units.units)} units as of {units.as_of.isoformat()}: {kinds_count['city']} cities, "
            f"{kinds_count['town']} towns, {kinds_count['district']} districts. Reference data, not part of the plan."
            if lang == "en" else
            f"{len(units.units)} đơn vị tại ngày {units.as_of:%d/%m/%Y}: {kinds_count['city']} thành phố, "
            f"{kinds_count['town']} thị xã, {kinds_count['district']} huyện. Dữ liệu tham chiếu, không thuộc kế hoạch.")
    return View([table, group_table], [line])


def unit_matrix_view(plan: Plan, units: Units, stored: Sequence[Stored], on: dt.date, lang: str,
                     indicators: Sequence[str] = (), members: Sequence[str] | None = None) -> View:
    """Units × indicators on day ON: each unit's figure, how many units reported, their total,
    and the province's value. INDICATORS narrows the columns (default: those some unit reported);
    MEMBERS the rows (default: every unit)."""
    latest = Latest.from_stored(stored, on)
    rows_of = list(members) if members is not None else [u.id for u in units.units]
    chosen = [plan.indicator_by_id[i] for i in indicators] if indicators else [
        ind for ind in plan.indicators
        if any(u in latest.by_unit(ind.id) or u in latest.by_unit(ind.id, "base") for u in rows_of)]
    columns = [Column("unit", "Mã", "Id", "id"), Column("name", "Đơn vị", "Unit")]
    columns += [Column(ind.id, ind.id, ind.id, "percent" if ind.is_rate else "count") for ind in chosen]
    rows = []
    for unit in rows_of:
        row: dict[str, object] = {"unit": unit, "name": units.name_of(unit)}
        for ind in chosen:
            fig = latest.get(unit, ind.id)
            row[ind.id] = fig.value if fig is not None else None
        rows.append(row)
    coverage: dict[str, object] = {"unit": "coverage", "name": "Số đơn vị đã báo cáo" if lang != "en" else "Units reported",
                                   "_tone": "muted"}
    total: dict[str, object] = {"unit": "total", "name": "Tổng các đơn vị" if lang != "en" else "Total of the units",
                                "_tone": "fair"}
    for ind in chosen:
        got = unit_total(plan, ind, latest, rows_of)
        # The units the total counts: for a rate, those that gave a base.
        counted = len(got.coverage.counted) if got is not None else 0
        coverage[ind.id] = f"{counted}/{len(rows_of)}"
        total[ind.id] = got.amount if got is not None else None
    rows += [coverage, total]
    if members is None:
        province: dict[str, object] = {"unit": PROVINCE, "name": units.province.name if lang != "en" else units.province.name_en,
                                       "_tone": "good"}
        scope = Scope(PROVINCE, tuple(rows_of), derive=True)
        for ind in chosen:
            value = value_of(plan, ind, latest, scope)
            province[ind.id] = value.amount if value is not None else None
        rows.append(province)
    notes = [("A rate's total is Σcount ÷ Σbase over the units that gave a base; a rate without bases is not "
              "added up. The province's row is its own figure where a department reported one.") if lang == "en" else
             ("Tỷ lệ của tổng = Σ số lượng ÷ Σ mẫu số của các đơn vị có báo cáo mẫu số; tỷ lệ không có mẫu số thì "
              "không cộng. Dòng toàn tỉnh là số liệu của sở, ngành khi có báo cáo toàn tỉnh.")]
    return View([Table("by_unit", "Số liệu theo đơn vị", "Figures by unit", columns, rows)], notes,
                {"as_of": on, "indicators": [i.id for i in chosen]})
