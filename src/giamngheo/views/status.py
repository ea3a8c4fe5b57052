"""The analyst's main screen as data: targets against figures, reports against deadlines, on a given day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from giamngheo.calc.deadlines import ReportState, report_states
from giamngheo.calc.figures import Latest
from giamngheo.calc.targets import TargetRow, summarise, target_rows
from giamngheo.calc.values import Scope
from giamngheo.core.formats import format_date
from giamngheo.core.problems import Problem
from giamngheo.model.plan import Plan
from giamngheo.model.submission import PROVINCE, Stored
from giamngheo.model.units import Units
from giamngheo.views.labels import UNITS, group_label, group_title, indicator_name, task_text
from giamngheo.views.table import Column, Table, Tone, View

STATUS_WORDS = {
    "achieved": ("đạt", "achieved"),
    "on-track": ("đúng tiến độ", "on track"),
    "at-risk": ("có nguy cơ", "at risk"),
    "off-track": ("chậm tiến độ", "off track"),
    "no-baseline": ("chưa đạt (không có số gốc)", "not reached (no baseline)"),
    "partial": ("chưa đủ đơn vị báo cáo", "not every unit has reported"),
    "no-target": ("không có chỉ tiêu giao", "no target set"),
    "no-data": ("chưa có số liệu", "no data"),
}
STATUS_TONES: dict[str, Tone] = {"achieved": "good", "on-track": "fair", "at-risk": "warn", "off-track": "bad",
                                 "no-baseline": "warn", "partial": "notice", "no-target": "muted", "no-data": "muted"}
STATE_WORDS = {
    "on-time": ("đã nhận, đúng hạn", "received on time"),
    "late": ("đã nhận, chậm", "received late"),
    "partial": ("nhận một phần", "partial"),
    "overdue": ("quá hạn", "overdue"),
    "due-soon": ("sắp đến hạn", "due soon"),
    "not-due": ("chưa đến hạn", "not yet due"),
}
STATE_TONES: dict[str, Tone | None] = {"on-time": "good", "late": "warn", "partial": "warn", "overdue": "alarm",
                                       "due-soon": "notice", "not-due": None}
BASIS_WORDS = {"reported": ("báo cáo", "reported"), "summed": ("cộng các phần", "summed"),
               "units": ("cộng các đơn vị", "sum of units"), "derived": ("suy ra", "derived")}


@dataclass(frozen=True)
class Place:
    """What a status looks at: the whole province, one unit, or a group of units, and the
    targets it is measured against (None: the plan's own)."""

    kind: str  # "province", "unit" or "group"
    id: str
    name: str
    scope: Scope
    targets: dict[str, Decimal] | None = None


def province_place(units: Units) -> Place:
    """The whole province: its own figures, else the total of every unit's."""
    return Place("province", PROVINCE, units.province.name,
                 Scope(PROVINCE, tuple(u.id for u in units.units), derive=True))


def unit_place(units: Units, unit_id: str, targets: dict[str, Decimal]) -> Place:
    """One district-level unit, measured only against TARGETS entered for it."""
    return Place("unit", unit_id, units.name_of(unit_id), Scope(unit_id), targets)


def group_place(units: Units, group_id: str) -> Place:
    """A group of units: the total of its members' figures; the plan sets it no targets."""
    group = units.group_by_id[group_id]
    return Place("group", group_id, group.name, Scope(None, tuple(group.members)), {})


def one_decimal(value: Decimal | None) -> Decimal | None:
    """VALUE rounded half-up to one decimal, as shown and as given in JSON."""
    return None if value is None else value.quantize(Decimal("0.1"), ROUND_HALF_UP)


def targets_table(plan: Plan, rows: Sequence[TargetRow], lang: str, on: dt.date | None = None) -> Table:
    """The targets section: one row per target, parts indented under their whole."""
    columns = [
        Column("group", "Mục", "Section", on_screen=False), Column("id", "Mã", "Id", "id", on_screen=False),
        Column("name", "Chỉ tiêu", "Target"),
        Column("target", "Mục tiêu", "Goal", "number", unit_key="unit", approx_key="approximate"),
        Column("unit", "Đơn vị", "Unit", labels=UNITS, on_screen=False),
        Column("value", "Thực hiện", "Actual", "number", unit_key="unit"),
        Column("as_of", "Đến ngày", "As of", "date"),
        Column("age_days", "Cũ (ngày)", "Age (days)", "count", optional=True, blank=0),
        Column("agency", "Cơ quan", "Agency", "id"), Column("basis", "Nguồn", "Basis", labels=BASIS_WORDS),
        Column("coverage", "Số đơn vị", "Units", "id", optional=True),
        Column("units_total", "Tổng các đơn vị", "Units' total", "number", unit_key="unit", optional=True,
               on_screen=False),
        Column("attainment_pct", "% đạt", "% attained", "percent", on_screen=False),
        Column("bar", "% đạt", "% attained", "bar"),
        Column("expected_pct", "% cần đạt", "% due", "percent", on_screen=False),
        Column("status", "Đánh giá", "Status", labels=STATUS_WORDS),
    ]
    out = []
    for r in rows:
        ind, value = r.indicator, r.value
        coverage = value.coverage if value is not None and value.coverage is not None else (
            r.total.coverage if r.total is not None else None)
        out.append({
            "group": group_label(plan, ind), "id": ind.id, "name": indicator_name(ind, lang),
            "target": r.target, "approximate": ind.approximate, "direction": ind.direction, "unit": ind.unit,
            "value": value.amount if value else None, "as_of": value.as_of if value else None,
            "age_days": (on - value.as_of).days if value is not None and on is not None else None,
            "agency": value.agency if value else None, "basis": value.basis if value else None,
            "source": value.figure.source if value and value.figure else None,
            "coverage": f"{len(coverage.counted)}/{coverage.of}" if coverage is not None else None,
            "units_counted": len(coverage.counted) if coverage is not None else None,
            "units_of": coverage.of if coverage is not None else None,
            "units_total": r.total.amount if r.total is not None else None,
            "attainment_pct": one_decimal(r.assessment.attainment), "bar": one_decimal(r.assessment.attainment),
            "expected_pct": one_decimal(r.assessment.expected), "status": r.assessment.status,
            "_tone": STATUS_TONES[r.assessment.status], "_indent": 1 if ind.parent else 0,
            "_group": group_title(plan, ind, lang),
        })
    return Table("targets", "Chỉ tiêu", "Targets", columns, out)


REPORTS_TITLE = ("Báo cáo theo thời hạn", "Reports against deadlines")
OWED_TITLE = ("Báo cáo quá hạn, chậm và sắp đến hạn", "Overdue, late and upcoming reports")


def reports_table(plan: Plan, states: Sequence[ReportState], lang: str, title: tuple[str, str] = REPORTS_TITLE) -> Table:
    """The reports section: one row per obligation with a deadline."""
    columns = [
        Column("item", "Mục", "Item", "id"), Column("agency", "Cơ quan", "Agency", "id"), Column("task", "Mã", "Task", "id"),
        Column("what", "Nội dung", "What is due", on_screen=False, truncate=60), Column("due", "Hạn", "Due", "date"),
        Column("state", "Tình trạng", "State", labels=STATE_WORDS), Column("detail", "Chi tiết", "Detail"),
        Column("received", "Ngày nhận", "Received", "date"),
    ]
    rows = [{
        "item": s.obligation.task.item, "agency": s.obligation.agency, "task": s.obligation.task.id,
        "what": task_text(s.obligation.task, lang), "due": s.obligation.due, "state": s.state,
        "detail": state_detail(s, lang), "days": s.days, "overdue": s.is_overdue,
        "missing": list(s.missing), "received": s.received,
        "_tone": "alarm" if s.is_overdue else STATE_TONES[s.state],
    } for s in states]
    return Table("reports", *title, columns, rows)


def state_detail(s: ReportState, lang: str) -> str:
    """The days and missing figures behind a report state, in words."""
    en = lang == "en"
    if s.state == "late":
        return f"{s.days} days late" if en else f"chậm {s.days} ngày"
    if s.state == "overdue":
        return f"{s.days} days overdue" if en else f"quá hạn {s.days} ngày"
    if s.state in ("due-soon", "not-due"):
        return (f"due in {s.days} days" if en else f"còn {s.days} ngày") if s.days else ("due today" if en else "hạn hôm nay")
    if s.state == "partial":
        missing = ", ".join(s.missing)
        past = f"; {s.days} days overdue" if en else f"; quá hạn {s.days} ngày"
        return (f"missing {missing}" if en else f"còn thiếu {missing}") + (past if s.is_overdue else "")
    return ""


def undated_table(plan: Plan, agency: str | None, lang: str) -> Table:
    """Assignments without a deadline: listed for completeness, never flagged."""
    rows = [{"item": t.item, "agencies": ", ".join(t.agencies), "task": t.id, "what": task_text(t, lang)}
            for t in plan.assignments if t.deadline is None and (agency is None or agency in t.agencies)]
    return Table("undated", "Nhiệm vụ không có thời hạn (không theo dõi hạn)", "Tasks without a deadline (not tracked)",
                 [Column("item", "Mục", "Item", "id"), Column("agencies", "Cơ quan", "Agencies"), Column("task", "Mã", "Task", "id"),
                  Column("what", "Nội dung", "What", truncate=70)], rows)


def summary_line(summary: dict[str, int], on: dt.date, lang: str) -> str:
    """The one-line summary: how many targets are in each state (each counted on its own), and the reports overdue."""
    s = summary
    rare_en = "".join(f", {s[k]} {w}" for k, w in (("no_baseline", "not reached (no baseline)"), ("partial", "partial"))
                      if s[k])
    rare_vi = "".join(f", {s[k]} {w}" for k, w in (("no_baseline", "chưa đạt (không có số gốc)"),
                                                     ("partial", "chưa đủ đơn vị báo cáo")) if s[k])
    if lang == "en":
        return (f"As of {on.isoformat()}: {s['targets']} targets — {s['achieved']} achieved, {s['on_track']} on track, "
                f"{s['at_risk']} at risk, {s['off_track']} off track{rare_en}, {s['no_data']} without data; "
                f"{s['reports_overdue']} of {s['reports']} reports overdue.")
    return (f"Đến ngày {format_date(on)}: {s['targets']} chỉ tiêu — {s['achieved']} đạt, {s['on_track']} đúng tiến độ, "
            f"{s['at_risk']} có nguy cơ, {s['off_track']} chậm tiến độ{rare_vi}, {s['no_data']} chưa có số liệu; "
            f"{s['reports_overdue']}/{s['reports']} báo cáo quá hạn.")


@dataclass(frozen=True)
class Standing:
    """Where the plan stands on a day, for a place: what `status` shows and `report` writes.

    STATES are the reports against deadlines, which only the whole province has.
    """

    place: Place
    latest: Latest
    rows: list[TargetRow]
    states: list[ReportState]
    summary: dict[str, int]


def standing_on(plan: Plan, units: Units, stored: Sequence[Stored], on: dt.date, agency: str | None,
                place: Place | None = None, latest: Latest | None = None) -> Standing:
    """The targets, the reports and their counts on day ON, of the province (or of PLACE);
    LATEST the figures that count on ON, when already worked out."""
    place = place or province_place(units)
    latest = latest if latest is not None else Latest.from_stored(stored, on)
    rows = target_rows(plan, latest, place.scope, agency, place.targets)
    members = [u.id for u in units.units]
    states = report_states(plan, stored, on, agency, members) if place.kind == "province" else []
    return Standing(place, latest, rows, states, summarise(rows, states))


def status_view(plan: Plan, units: Units, stored: Sequence[Stored], on: dt.date, agency: str | None, lang: str,
                place: Place | None = None, warnings: Sequence[Problem] = (), latest: Latest | None = None) -> View:
    """The whole status screen for day ON, of the province (or of PLACE); WARNINGS are the
    consistency warnings of the day's figures, given in the JSON; LATEST the figures that count
    on ON, when already worked out."""
    standing = standing_on(plan, units, stored, on, agency, place, latest)
    place, rows, states, summary = standing.place, standing.rows, standing.states, standing.summary
    tables = [targets_table(plan, rows, lang, on)]
    if place.kind == "province":
        tables += [reports_table(plan, states, lang), undated_table(plan, agency, lang)]
    notes = _notes(plan, rows, lang)
    if place.kind != "province":
        notes.insert(0, (f"{place.name}: figures reported for it, else the total of its units; "
                         "targets only where one has been entered with its source.") if lang == "en" else
                     (f"{place.name}: số liệu báo cáo cho đơn vị, nếu không có thì cộng các đơn vị trực thuộc; "
                      "chỉ đánh giá khi có chỉ tiêu giao kèm văn bản nguồn."))
    data: dict[str, object] = {"as_of": on, "agency": agency, "summary": summary}
    if place.kind != "province":
        data["place"] = {"kind": place.kind, "id": place.id}
    if warnings:
        data["warnings"] = list(warnings)  # problems: render/ words them in the reader's language
    return View(tables, notes + [summary_line(summary, on, lang)], data)


def _notes(plan: Plan, rows: Sequence[TargetRow], lang: str) -> list[str]:
    notes = []
    if any(r.indicator.approximate for r in rows):
        tol = plan.tracker.approximate_tolerance_pct
        notes.append(f"≈ approximate target: achieved within {tol}% of it (a giamngheo setting, not in the plan)."
                     if lang == "en" else
                     f"≈ chỉ tiêu \"khoảng\": coi là đạt khi trong phạm vi {tol}% (thiết lập của giamngheo, không có trong kế hoạch).")
    return notes


def overdue_view(plan: Plan, units: Units, stored: Sequence[Stored], on: dt.date, within: int | None,
                 agency: str | None, lang: str) -> tuple[View, int]:
    """Only the overdue and late reports (and, with WITHIN, those still owed within the next WITHIN days)."""
    states = report_states(plan, stored, on, agency, [u.id for u in units.units])
    chosen = [s for s in states if s.is_overdue or s.state == "late" or (
        within is not None and s.state not in ("on-time", "late") and 0 <= (s.obligation.due - on).days <= within)]
    overdue = sum(1 for s in chosen if s.is_overdue)
    line = (f"{overdue} report(s) overdue as of {on.isoformat()}." if lang == "en"
            else f"{overdue} báo cáo quá hạn đến ngày {format_date(on)}.")
    return View([reports_table(plan, chosen, lang, OWED_TITLE)], [line],
                {"as_of": on, "agency": agency, "overdue_count": overdue}), overdue
