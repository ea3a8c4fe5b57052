"""The tidy export for national analysis: one row per figure ever recorded, superseded ones included."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from giamngheo.calc.figures import Figure, figures_of
from giamngheo.model.plan import Plan
from giamngheo.model.submission import Stored
from giamngheo.views.table import Column, Table, View

COLUMNS = [
    Column("plan", "Kế hoạch", "Plan", "id"), Column("unit", "Đơn vị", "Unit", "id"),
    Column("agency", "Cơ quan", "Agency", "id"), Column("indicator", "Chỉ tiêu", "Indicator", "id"),
    Column("as_of", "Số liệu đến", "As of", "date"), Column("value", "Giá trị", "Value", "number"),
    Column("base", "Mẫu số", "Base", "number"), Column("source", "Văn bản", "Source"),
    Column("file", "Tệp", "File", "id"), Column("reported", "Ngày báo cáo", "Reported", "date"),
    Column("recorded_at", "Ghi lúc", "Recorded at", "text"), Column("superseded_by", "Bị thay bởi", "Superseded by", "id"),
]


def export_rows(plans: Mapping[int, Plan], by_plan: Mapping[int, Sequence[Stored]]) -> list[dict[str, object]]:
    """Every figure of every plan, in a stable order, each with the base its report gives (a rate's
    own, or for a count the base of its pair's rate) and the file that superseded it (if any)."""
    rows = []
    for year in sorted(by_plan):
        plan = plans.get(year)
        figures = [f for f in figures_of(by_plan[year]) if f.kind == "value"]
        successor = _successors(figures)
        for fig in sorted(figures, key=lambda f: (f.unit, f.indicator, f.as_of, f.agency, f.order)):
            rows.append({
                "plan": year, "unit": fig.unit, "agency": fig.agency, "indicator": fig.indicator, "as_of": fig.as_of,
                "value": fig.value, "base": _base(plan, fig), "source": fig.source,
                "file": fig.stored.name, "reported": fig.reported, "recorded_at": fig.recorded_at.isoformat(),
                "superseded_by": successor.get(id(fig)),
            })
    return rows


def _base(plan: Plan | None, fig: Figure) -> object:
    bases = fig.stored.bases
    if fig.indicator in bases or plan is None:
        return bases.get(fig.indicator)
    pair = plan.pair_of(fig.indicator)
    return bases.get(pair.rate) if pair is not None and pair.count == fig.indicator else None


def _successors(figures: Sequence[Figure]) -> dict[int, str]:
    """For each superseded figure, the file of the record that replaced it: the next one recorded
    for the same agency, unit, indicator and as-of day."""
    groups: dict[tuple[object, ...], list[Figure]] = {}
    for fig in figures:
        groups.setdefault(fig.key, []).append(fig)
    out = {}
    for group in groups.values():
        ordered = sorted(group, key=lambda f: f.order)
        for earlier, later in zip(ordered, ordered[1:]):
            out[id(earlier)] = later.stored.name
    return out


def export_view(plans: Mapping[int, Plan], by_plan: Mapping[int, Sequence[Stored]]) -> View:
    """The export as a view: one table, for csv, json or parquet."""
    return View([Table("figures", "Số liệu", "Figures", COLUMNS, export_rows(plans, by_plan))])
