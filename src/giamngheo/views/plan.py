"""Views of the plan itself: summary, indicators, agencies, tasks; and the line validate ends with."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from giamngheo.calc.denominators import implied_denominators
from giamngheo.core.messages import msg
from giamngheo.model.plan import Plan
from giamngheo.views.labels import DIRECTIONS, ROLES, UNITS, group_label, indicator_name, task_text
from giamngheo.views.table import Column, Table, View


def plan_view(plan: Plan, lang: str) -> View:
    """The plan's identity and the size of each part."""
    info = plan.plan
    en = lang == "en"
    rows: list[tuple[str, str, str, Any]] = [
        ("number", "Số hiệu", "Number", info.number),
        ("date", "Ngày ban hành", "Issued", info.date),
        ("issuer", "Cơ quan ban hành", "Issuer", info.issuer_en if en else info.issuer),
        ("title", "Tên", "Title", info.title_en if en else info.title),
        ("signer", "Người ký", "Signed by", f"{info.signer} ({info.signer_title})"),
        ("period_start", "Từ ngày", "Period from", info.period.start),
        ("period_end", "Đến ngày", "Period to", info.period.end),
        ("legal_bases", "Căn cứ", "Legal bases", "; ".join(d.number or d.title or d.id for d in plan.documents if d.legal_basis)),
        ("targets", "Chỉ tiêu", "Targets", len(plan.indicators)),
        ("pairs", "Cặp số lượng/tỷ lệ", "Count/rate pairs", len(plan.pairs)),
        ("agencies", "Cơ quan", "Agencies", len(plan.agencies)),
        ("tasks", "Nhiệm vụ", "Tasks", len(plan.assignments)),
        ("tasks_with_deadline", "Nhiệm vụ có thời hạn", "Tasks with a deadline", sum(1 for a in plan.assignments if a.deadline)),
    ]
    table = Table("plan", "Kế hoạch", "Plan",
                  [Column("field", "Mã", "Key", machine_only=True), Column("label", "Mục", "Field"),
                   Column("value", "Nội dung", "Value")],
                  [{"field": key, "label": en_ if en else vi, "value": value} for key, vi, en_, value in rows])
    denominators = Table(
        "implied_denominators", "Mẫu số suy ra từ các cặp chỉ tiêu", "Denominators implied by the pairs",
        [Column("pair", "Cặp", "Pair", "id"), Column("count", "Số lượng", "Count", "count"),
         Column("rate", "Tỷ lệ", "Rate", "percent"), Column("implied", "Mẫu số ≈", "Implied ≈", "count"),
         Column("unit", "Đơn vị", "Unit", labels=UNITS)],
        [{"pair": imp.pair.id, "count": plan.indicator_by_id[imp.pair.count].target,
          "rate": plan.indicator_by_id[imp.pair.rate].target, "implied": imp.estimate,
          "unit": imp.unit} for imp in implied_denominators(plan)],
    )
    note = msg("The plan gives no denominators; these are count ÷ rate, shown so that disagreements can be seen.")
    return View([table, denominators], [note])


def indicators_view(plan: Plan, lang: str) -> View:
    """Every target of section II, grouped as the plan groups them."""
    columns = [
        Column("id", "Mã", "Id", "id"),
        Column("group", "Mục", "Section"),
        Column("name", "Chỉ tiêu", "Target"),
        Column("target", "Mục tiêu", "Goal", "number"),
        Column("unit", "Đơn vị", "Unit", labels=UNITS),
        Column("direction", "Chiều", "Direction", labels=DIRECTIONS, secondary=True),
        Column("approximate", "Khoảng", "Approx.", secondary=True),
        Column("pair", "Cặp", "Pair", "id", secondary=True),
    ]
    rows = []
    for ind in plan.indicators:
        pair = plan.pair_of(ind.id)
        rows.append({
            "id": ind.id, "group": group_label(plan, ind), "name": indicator_name(ind, lang),
            "target": ind.target, "unit": ind.unit, "direction": ind.direction, "approximate": ind.approximate,
            "pair": pair.id if pair else None, "_indent": 1 if ind.parent else 0,
        })
    return View([Table("indicators", "Chỉ tiêu", "Targets", columns, rows)])


def agencies_view(plan: Plan, lang: str) -> View:
    """Every agency, with its abbreviation, and how many tasks and targets it holds."""
    columns = [
        Column("id", "Mã", "Id", "id"), Column("name", "Tên", "Name"), Column("abbreviation", "Viết tắt", "Abbrev."),
        Column("name_en", "Tên tiếng Anh", "English name", secondary=True), Column("tasks", "Nhiệm vụ", "Tasks", "count"),
        Column("targets", "Chỉ tiêu", "Targets", "count"),
    ]
    rows = [{
        "id": a.id, "name": a.name, "abbreviation": a.abbreviation, "name_en": a.name_en,
        "tasks": sum(1 for t in plan.assignments if a.id in t.agencies),
        "targets": len(plan.indicators_of(a.id)),
    } for a in plan.agencies]
    return View([Table("agencies", "Cơ quan", "Agencies", columns, rows)])


def tasks_view(plan: Plan, lang: str, agency: str | None = None) -> View:
    """Every assignment of section V (or one agency's), with its deadline and recipient."""
    columns = [
        Column("item", "Mục", "Item", "id"), Column("id", "Mã", "Id", "id"), Column("agencies", "Cơ quan", "Agencies"),
        Column("role", "Vai trò", "Role", labels=ROLES), Column("task", "Nhiệm vụ", "Task", truncate=90),
        Column("due", "Thời hạn", "Due", "date"), Column("wording", "Nguyên văn", "Wording", secondary=True),
        Column("reports_to", "Báo cáo", "Reports to", secondary=True),
    ]
    rows = []
    for task in plan.assignments:
        if agency is not None and agency not in task.agencies:
            continue
        route = task.reports_to or ""
        if task.via:
            route = msg("{to} via {via}", to=route, via=task.via)
        rows.append({
            "item": task.item, "id": task.id, "agencies": ", ".join(task.agencies),
            "role": task.role, "task": task_text(task, lang),
            "due": task.deadline.due if task.deadline else None,
            "wording": task.deadline.wording if task.deadline else None, "reports_to": route or None,
        })
    return View([Table("tasks", "Nhiệm vụ", "Tasks", columns, rows)])


def plans_view(plans: Mapping[int, Plan], counts: Mapping[int, int], lang: str) -> View:
    """Every plan of the workspace: year, number, title, period and its submissions."""
    rows = [{"year": year, "number": p.plan.number, "title": p.plan.title_en if lang == "en" else p.plan.title,
             "start": p.plan.period.start, "end": p.plan.period.end, "submissions": counts.get(year, 0)}
            for year, p in sorted(plans.items())]
    return View([Table("plans", "Kế hoạch", "Plans",
                       [Column("year", "Năm", "Year", "id"), Column("number", "Số hiệu", "Number", "id"),
                        Column("title", "Tên", "Title"), Column("start", "Từ ngày", "From", "date"),
                        Column("end", "Đến ngày", "To", "date"), Column("submissions", "Báo cáo", "Submissions", "count")],
                       rows)])
