"""The analyst's main screen: targets against figures, reports against deadlines, on a given day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from giamngheo.attainment import Assessment, Rule, assess, elapsed_share
from giamngheo.deadlines import ReportState, report_states
from giamngheo.figures import Figure, figures_of, latest_by_indicator
from giamngheo.numbers import format_date
from giamngheo.plan import Indicator, Plan
from giamngheo.render import Column, Report, Table
from giamngheo.submissions import Stored
from giamngheo.views import UNITS, group_label, indicator_name, task_text

Basis = Literal["reported", "summed", "derived"]

STATUS_WORDS = {
    "achieved": ("đạt", "achieved"),
    "on-track": ("đúng tiến độ", "on track"),
    "at-risk": ("có nguy cơ", "at risk"),
    "off-track": ("chậm tiến độ", "off track"),
    "no-baseline": ("chưa đạt (không có số gốc)", "not reached (no baseline)"),
    "no-data": ("chưa có số liệu", "no data"),
}
STATUS_STYLES = {"achieved": "green", "on-track": "cyan", "at-risk": "yellow", "off-track": "red",
                 "no-baseline": "yellow", "no-data": "dim"}
STATE_WORDS = {
    "on-time": ("đã nhận, đúng hạn", "received on time"),
    "late": ("đã nhận, chậm", "received late"),
    "partial": ("nhận một phần", "partial"),
    "overdue": ("quá hạn", "overdue"),
    "due-soon": ("sắp đến hạn", "due soon"),
    "not-due": ("chưa đến hạn", "not yet due"),
}
STATE_STYLES = {"on-time": "green", "late": "yellow", "partial": "yellow", "overdue": "bold red",
                "due-soon": "magenta", "not-due": None}
BASIS_WORDS = {"reported": ("báo cáo", "reported"), "summed": ("cộng các phần", "summed"),
               "derived": ("suy ra", "derived")}


@dataclass(frozen=True)
class TargetRow:
    """One target on the status screen."""

    indicator: Indicator
    value: Decimal | None
    basis: Basis | None
    figure: Figure | None
    as_of: dt.date | None
    agency: str | None
    assessment: Assessment


def target_rows(plan: Plan, figures: list[Figure], on: dt.date, agency: str | None = None) -> list[TargetRow]:
    """Each target (or the agency's) with the figure that counts on day ON and its assessment."""
    latest = latest_by_indicator(figures, on)
    share = elapsed_share(plan.plan.period.start, plan.plan.period.end, on)
    wanted = {i.id for i in plan.indicators_of(agency)} if agency else None
    rows = []
    for ind in plan.indicators:
        if wanted is not None and ind.id not in wanted:
            continue
        value, basis, fig, as_of, who = _value_of(plan, ind, latest)
        rule = Rule(ind.target, ind.direction, ind.accumulation, ind.approximate, ind.baseline)
        verdict = assess(rule, value, share, plan.tracker.approximate_tolerance_pct, plan.tracker.at_risk_margin_pts)
        rows.append(TargetRow(ind, value, basis, fig, as_of, who, verdict))
    return rows


def _value_of(plan: Plan, ind: Indicator, latest: dict[str, Figure]):  # type: ignore[no-untyped-def]
    """The value of IND: reported, else summed from all its parts, else derived through a given denominator."""
    fig = latest.get(ind.id)
    if fig is not None:
        return fig.value, "reported", fig, fig.as_of, fig.agency
    parts = [latest.get(p.id) for p in plan.parts_of(ind.id)]
    if parts and all(p is not None for p in parts):
        got = [p for p in parts if p is not None]
        agencies = {p.agency for p in got}
        return (sum((p.value for p in got), Decimal(0)), "summed", None, min(p.as_of for p in got),
                agencies.pop() if len(agencies) == 1 else None)
    pair = plan.pair_of(ind.id)
    if pair is not None and pair.denominator is not None:
        other = latest.get(pair.count if ind.is_rate else pair.rate)
        if other is not None:
            den = Decimal(pair.denominator)
            value = ((other.value / den * 100).quantize(Decimal("0.01"), ROUND_HALF_UP) if ind.is_rate
                     else (other.value * den / 100).to_integral_value(ROUND_HALF_UP))
            return value, "derived", None, other.as_of, other.agency
    return None, None, None, None, None


def one_decimal(value: Decimal | None) -> Decimal | None:
    """VALUE rounded half-up to one decimal, as shown and as given in JSON."""
    return None if value is None else value.quantize(Decimal("0.1"), ROUND_HALF_UP)


def targets_table(plan: Plan, rows: list[TargetRow], lang: str) -> Table:
    """The targets section: one row per target, parts indented under their whole."""
    columns = [
        Column("group", "Mục", "Section", on_screen=False), Column("id", "Mã", "Id", "id", on_screen=False),
        Column("name", "Chỉ tiêu", "Target"),
        Column("target", "Mục tiêu", "Goal", "number", unit_key="unit", approx_key="approximate"),
        Column("unit", "Đơn vị", "Unit", labels=UNITS, on_screen=False),
        Column("value", "Thực hiện", "Actual", "number", unit_key="unit"),
        Column("as_of", "Đến ngày", "As of", "date"),
        Column("agency", "Cơ quan", "Agency", "id"), Column("basis", "Nguồn", "Basis", labels=BASIS_WORDS),
        Column("attainment_pct", "% đạt", "% attained", "percent", on_screen=False),
        Column("bar", "% đạt", "% attained", "bar"),
        Column("expected_pct", "% cần đạt", "% due", "percent", on_screen=False),
        Column("status", "Đánh giá", "Status", labels=STATUS_WORDS),
    ]
    out = []
    for r in rows:
        ind = r.indicator
        out.append({
            "group": group_label(plan, ind), "id": ind.id, "name": indicator_name(ind, lang),
            "target": ind.target, "approximate": ind.approximate, "direction": ind.direction, "unit": ind.unit,
            "value": r.value, "as_of": r.as_of, "agency": r.agency, "basis": r.basis,
            "source": r.figure.source if r.figure else None,
            "attainment_pct": one_decimal(r.assessment.attainment), "bar": one_decimal(r.assessment.attainment),
            "expected_pct": one_decimal(r.assessment.expected), "status": r.assessment.status,
            "_style": STATUS_STYLES[r.assessment.status], "_indent": 1 if ind.parent else 0,
            "_group": group_title(plan, ind, lang),
        })
    return Table("targets", "Chỉ tiêu", "Targets", columns, out)


def group_title(plan: Plan, ind: Indicator, lang: str) -> str:
    """The heading of the indicator's group: "II.2.a Giáo dục và Đào tạo"."""
    group = plan.group_by_id.get(ind.group)
    if group is None:
        return ind.group
    return f"{group.label} {group.name_en if lang == 'en' else group.name}"


REPORTS_TITLE = ("Báo cáo theo thời hạn", "Reports against deadlines")
OWED_TITLE = ("Báo cáo quá hạn, chậm và sắp đến hạn", "Overdue, late and upcoming reports")


def reports_table(plan: Plan, states: list[ReportState], lang: str, title: tuple[str, str] = REPORTS_TITLE) -> Table:
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
        "_style": "bold red" if s.is_overdue else STATE_STYLES[s.state],
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


def summarise(rows: list[TargetRow], states: list[ReportState]) -> dict[str, int]:
    """The counts behind the one-line summary."""
    count = {s: sum(1 for r in rows if r.assessment.status == s) for s in STATUS_WORDS}
    return {
        "targets": len(rows), "achieved": count["achieved"], "on_track": count["on-track"],
        "behind": count["at-risk"] + count["off-track"] + count["no-baseline"], "no_data": count["no-data"],
        "reports": len(states), "reports_overdue": sum(1 for s in states if s.is_overdue),
        "reports_received": sum(1 for s in states if s.state in ("on-time", "late")),
    }


def summary_line(summary: dict[str, int], on: dt.date, lang: str) -> str:
    """The one-line summary."""
    s = summary
    if lang == "en":
        return (f"As of {on.isoformat()}: {s['targets']} targets — {s['achieved']} achieved, {s['on_track']} on track, "
                f"{s['behind']} behind, {s['no_data']} without data; {s['reports_overdue']} of {s['reports']} reports overdue.")
    return (f"Đến ngày {format_date(on)}: {s['targets']} chỉ tiêu — {s['achieved']} đạt, {s['on_track']} đúng tiến độ, "
            f"{s['behind']} chưa đạt, {s['no_data']} chưa có số liệu; {s['reports_overdue']}/{s['reports']} báo cáo quá hạn.")


def report_status(plan: Plan, stored: list[Stored], on: dt.date, agency: str | None, lang: str) -> Report:
    """The whole status screen for day ON."""
    rows = target_rows(plan, figures_of(stored), on, agency)
    states = report_states(plan, stored, on, agency)
    summary = summarise(rows, states)
    tables = [targets_table(plan, rows, lang), reports_table(plan, states, lang), undated_table(plan, agency, lang)]
    notes = _notes(plan, rows, lang)
    return Report(tables, notes + [summary_line(summary, on, lang)],
                  {"as_of": on, "agency": agency, "summary": summary})


def _notes(plan: Plan, rows: list[TargetRow], lang: str) -> list[str]:
    notes = []
    if any(r.indicator.approximate for r in rows):
        tol = plan.tracker.approximate_tolerance_pct
        notes.append(f"≈ approximate target: achieved within {tol}% of it (a giamngheo setting, not in the plan)."
                     if lang == "en" else
                     f"≈ chỉ tiêu \"khoảng\": coi là đạt khi trong phạm vi {tol}% (thiết lập của giamngheo, không có trong kế hoạch).")
    return notes


def overdue_report(plan: Plan, stored: list[Stored], on: dt.date, within: int | None, agency: str | None,
                   lang: str) -> tuple[Report, int]:
    """Only the overdue and late reports (and, with WITHIN, those still owed within the next WITHIN days)."""
    states = report_states(plan, stored, on, agency)
    chosen = [s for s in states if s.is_overdue or s.state == "late" or (
        within is not None and s.state not in ("on-time", "late") and 0 <= (s.obligation.due - on).days <= within)]
    overdue = sum(1 for s in chosen if s.is_overdue)
    line = (f"{overdue} report(s) overdue as of {on.isoformat()}." if lang == "en"
            else f"{overdue} báo cáo quá hạn đến ngày {format_date(on)}.")
    return Report([reports_table(plan, chosen, lang, OWED_TITLE)], [line],
                  {"as_of": on, "agency": agency, "overdue_count": overdue}), overdue
