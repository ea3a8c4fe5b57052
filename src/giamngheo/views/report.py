"""The report the provincial committee receives, as data: its tables, its generated sentences
and where every figure comes from. No styling: render/ lays it out as xlsx, docx or html.

Every number comes from the same computation as `giamngheo status` (`standing_on`): the
report only words it. The tool writes no judgement it cannot compute; the sections that need
one are left to the analyst (see views/wording.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from giamngheo.calc.deadlines import ReportState
from giamngheo.calc.figures import Figure
from giamngheo.calc.targets import TargetRow
from giamngheo.calc.values import figures_behind
from giamngheo.core.formats import format_date, format_number
from giamngheo.model.plan import Indicator, Plan, PlanInfo
from giamngheo.model.submission import PROVINCE, Stored
from giamngheo.model.units import Units
from giamngheo.views.labels import UNITS, group_title, in_lang, indicator_name
from giamngheo.views.status import STATUS_WORDS, Place, Standing, one_decimal, reports_table, standing_on
from giamngheo.views.table import Column, Table
from giamngheo.views.units import unit_matrix_view
from giamngheo.views.wording import WORDS, word

# How many documents a sentence names before it points to the table of figures instead.
MAX_NAMED_SOURCES = 3


@dataclass(frozen=True)
class Provenance:
    """What a report was built from: handed down by the CLI, which alone asks git and the clock."""

    version: str
    generated: dt.datetime
    commit: str | None = None
    dirty: bool = False


@dataclass
class TargetGroup:
    """A heading of section I (the plan's label and name) and the sentences under it, one per target."""

    label: str
    name: str
    sentences: list[str]

    @property
    def title(self) -> str:
        """The heading as the plan writes it: `II.2.a Giáo dục và Đào tạo`."""
        return f"{self.label} {self.name}"


@dataclass
class TimelinessGroup:
    """Section II: the reports in one state (on time, late, in part, overdue, not yet due)."""

    state: str
    title: str
    entries: list[str]


@dataclass
class Report:
    """Everything a report shows, in one language."""

    lang: str
    plan: PlanInfo
    as_of: dt.date
    scope: str | None  # a sentence saying what the report is narrowed to, or None for all of it
    provenance: Provenance
    submissions: int
    summary: str
    groups: list[TargetGroup]
    results: Table
    figures: Table
    timeliness_summary: str | None
    timeliness: list[TimelinessGroup]
    agencies: Table | None
    reports: Table | None
    units: Table | None
    notes: list[str] = field(default_factory=list)

    def generated_line(self) -> str:
        """The one "made at" sentence: version, time, how many reports and the data's commit."""
        p = self.provenance
        commit = "" if p.commit is None else word("commit.dirty" if p.dirty else "commit", self.lang, commit=p.commit[:12])
        return word("generated", self.lang, version=p.version, when=format_moment(p.generated, self.lang),
                    submissions=format_number(self.submissions, self.lang), commit=commit)


def format_moment(moment: dt.datetime, lang: str) -> str:
    """A time for people: `15/12/2017 10:30 UTC+07:00` (Vietnamese) or `2017-12-15 10:30 UTC+07:00`."""
    offset = moment.strftime("%z")
    zone = "UTC" if offset in ("", "+0000") else f"UTC{offset[:3]}:{offset[3:]}"
    return f"{format_date(moment.date(), lang)} {moment:%H:%M} {zone}"


def citation_date(day: dt.date) -> str:
    """A date as a document citation writes it: `07/3/2017` (day of two digits, month as is)."""
    return f"{day.day:02d}/{day.month}/{day.year}"


def report_data(plan: Plan, units: Units, stored: Sequence[Stored], on: dt.date, lang: str, provenance: Provenance,
                agency: str | None = None, place: Place | None = None) -> Report:
    """The report on day ON, of the province (or of PLACE), for every agency (or AGENCY)."""
    standing = standing_on(plan, units, stored, on, agency, place)
    used = _figures_used(plan, standing)
    scope = None
    if standing.place.kind != "province":
        scope = word("scope.unit", lang, unit=standing.place.name)
    elif agency is not None:
        scope = word("scope.agency", lang, agency=agency_name(plan, agency, lang))
    has_states = standing.place.kind == "province"
    return Report(
        lang=lang, plan=plan.plan, as_of=on, scope=scope, provenance=provenance, submissions=len(stored),
        summary=summary_sentence(standing.summary, on, lang),
        groups=target_groups(plan, units, standing, used, lang),
        results=results_table(plan, units, standing, used, lang),
        figures=figures_table(plan, units, [f for figs in used.values() for f in figs], lang),
        timeliness_summary=timeliness_summary(standing.states, lang) if has_states else None,
        timeliness=timeliness_groups(plan, standing.states, lang) if has_states else [],
        agencies=agencies_table(plan, standing.states, lang) if has_states else None,
        reports=deadlines_table(plan, standing.states, lang) if has_states else None,
        units=_units_table(plan, units, stored, on, lang, agency, standing.place),
        notes=_notes(plan, standing.rows, lang),
    )


def agency_name(plan: Plan, agency_id: str, lang: str) -> str:
    """The agency's full name in LANG (its id, should the plan not know it)."""
    agency = plan.agency_by_id.get(agency_id)
    if agency is None:
        return agency_id
    return agency.name_en if lang == "en" else agency.name


def _figures_used(plan: Plan, standing: Standing) -> dict[str, list[Figure]]:
    """For each target, the recorded figures its value was found from."""
    return {r.indicator.id: (figures_behind(plan, r.indicator, standing.latest, standing.place.scope, r.value)
                             if r.value is not None else []) for r in standing.rows}


# ---------------------------------------------------------------- section I: one sentence per target


def amount(value: Decimal, ind: Indicator, lang: str) -> str:
    """VALUE with its unit: `14.611 hộ`, `84,1%`."""
    text = format_number(value, lang)
    return f"{text}%" if ind.is_rate else f"{text} {in_lang(UNITS[ind.unit], lang)}"


def percent(value: Decimal, lang: str) -> str:
    """A per cent figure as shown everywhere: one decimal, rounded half up (`97,4%`)."""
    rounded = one_decimal(value)
    assert rounded is not None
    return f"{format_number(rounded, lang)}%"


def target_text(ind: Indicator, target: Decimal, lang: str) -> str:
    """The target as the plan means it: `14.996 hộ`, `khoảng 2.570 trẻ em`, `giảm xuống còn 8,49%`."""
    text = amount(target, ind, lang)
    if ind.direction == "decrease":
        return word("target.decrease", lang, target=text)
    if ind.approximate:
        return word("target.approximate", lang, target=text)
    return text


def sources_text(plan: Plan, units: Units, figures: Sequence[Figure], lang: str) -> str:
    """Who gave the figures and in which documents: named when few, counted when many."""
    documents = _documents(figures)
    if len(documents) > MAX_NAMED_SOURCES:
        return word("source.many", lang, documents=format_number(len(documents), lang),
                    agencies=format_number(len({(a, u) for a, u, _ in documents}), lang))
    return "; ".join(word("source.one", lang, agency=reporter(plan, units, a, u, lang), source=s) for a, u, s in documents)


def _documents(figures: Sequence[Figure]) -> list[tuple[str, str, str]]:
    """The distinct (agency, unit, source document) of FIGURES, in the order first met."""
    return list(dict.fromkeys((f.agency, f.unit, f.source) for f in figures))


def place_name(units: Units, unit_id: str, lang: str) -> str:
    """The name of the province or of a unit, in LANG."""
    if lang != "en":
        return units.name_of(unit_id)
    if unit_id == units.province.id:
        return units.province.name_en
    unit = units.unit_by_id.get(unit_id)
    return unit.name_en if unit else unit_id


def reporter(plan: Plan, units: Units, agency: str, unit: str, lang: str) -> str:
    """Who reported: the agency, or for the districts' committees the committee of the unit itself."""
    owner = plan.agency_by_id.get(agency)
    if owner is None or not owner.for_units or unit == PROVINCE:
        return agency_name(plan, agency, lang)
    name = place_name(units, unit, lang)
    return word("committee_of", lang, place=name[:1].lower() + name[1:] if lang != "en" else name)


def target_sentence(plan: Plan, units: Units, row: TargetRow, figures: Sequence[Figure], on: dt.date, lang: str) -> str:
    """One sentence for one target: the figure, the target, the attainment and status, and the sources."""
    ind, value, verdict = row.indicator, row.value, row.assessment
    name = indicator_name(ind, lang)
    target = target_text(ind, row.target, lang) if row.target is not None else None
    if value is None:
        if target is None:
            return word("sentence.no_data_untargeted", lang, name=name, on=format_date(on, lang))
        reporters = ", ".join(agency_name(plan, a, lang) for a in plan.reporters.get(ind.id, ())) or word("nobody", lang)
        return word("sentence.no_data", lang, name=name, on=format_date(on, lang), target=target, reporters=reporters)
    as_of = format_date(value.as_of, lang)
    if value.coverage is not None:
        as_of += word("coverage", lang, counted=format_number(len(value.coverage.counted), lang),
                      of=format_number(value.coverage.of, lang))
    common = {"name": name, "value": amount(value.amount, ind, lang), "as_of": as_of,
              "status": in_lang(STATUS_WORDS[verdict.status], lang), "sources": sources_text(plan, units, figures, lang)}
    if target is None:
        return word("sentence.untargeted", lang, **{k: v for k, v in common.items() if k != "status"})
    if verdict.attainment is None:
        return word("sentence.unmeasured", lang, target=target, **common)
    # What was due is counted to the figure's own day, as status measures it.
    expected = "" if verdict.expected is None else word("expected", lang, on=format_date(value.as_of, lang),
                                                          pct=percent(verdict.expected, lang))
    return word("sentence.attained", lang, pct=percent(verdict.attainment, lang), target=target, expected=expected,
                **common)


def target_groups(plan: Plan, units: Units, standing: Standing, used: dict[str, list[Figure]], lang: str) -> list[TargetGroup]:
    """Section I: the plan's headings, each with one sentence per target under it."""
    groups: list[TargetGroup] = []
    for row in standing.rows:
        group = plan.group_by_id.get(row.indicator.group)
        label, name = (group.label, group.name_en if lang == "en" else group.name) if group else (row.indicator.group, "")
        if not groups or (groups[-1].label, groups[-1].name) != (label, name):
            groups.append(TargetGroup(label, name, []))
        groups[-1].sentences.append(target_sentence(plan, units, row, used[row.indicator.id], standing.latest.on, lang))
    return groups


def summary_sentence(summary: dict[str, int], on: dt.date, lang: str) -> str:
    """The counts of each status, in one sentence."""
    n = {k: format_number(v, lang) for k, v in summary.items()}
    partial = word("summary.partial", lang, n=n["partial"]) if summary["partial"] else ""
    no_baseline = word("summary.no_baseline", lang, n=n["no_baseline"]) if summary["no_baseline"] else ""
    return word("summary", lang, on=format_date(on, lang), targets=n["targets"], achieved=n["achieved"],
                on_track=n["on_track"], at_risk=n["at_risk"], off_track=n["off_track"], no_baseline=no_baseline,
                partial=partial, no_data=n["no_data"])


# ---------------------------------------------------------------- the results table


def results_table(plan: Plan, units: Units, standing: Standing, used: dict[str, list[Figure]], lang: str) -> Table:
    """The table officials expect, one row per target, parts numbered under their whole."""
    columns = [
        Column("stt", "STT", "No.", "id"),
        Column("name", "Chỉ tiêu", "Target"),
        Column("unit", "Đơn vị tính", "Unit", labels=UNITS),
        Column("target", f"Kế hoạch {plan.year}", f"{plan.year} target", "number", approx_key="approximate"),
        Column("value", "Thực hiện", "Achieved", "number"),
        Column("as_of", "Số liệu đến ngày", "Figures as of", "date"),
        Column("attainment_pct", "Tỷ lệ % so với kế hoạch", "% of target", "percent"),
        Column("status", "Đánh giá", "Assessment", labels=STATUS_WORDS),
        Column("agency", "Cơ quan báo cáo", "Reported by"),
        Column("source", "Văn bản nguồn", "Source document"),
        Column("files", "Tệp số liệu", "Submission file", "id", on_screen=False),
    ]
    rows = []
    top, sub = 0, 0
    for r in standing.rows:
        ind, value, figs = r.indicator, r.value, used[r.indicator.id]
        if ind.parent:
            sub += 1
            stt = f"{top}.{sub}"
        else:
            top, sub = top + 1, 0
            stt = str(top)
        documents = _documents(figs)
        many = len(documents) > MAX_NAMED_SOURCES
        rows.append({
            "stt": stt, "id": ind.id, "name": indicator_name(ind, lang), "unit": ind.unit, "is_rate": ind.is_rate,
            "target": r.target, "approximate": ind.approximate, "direction": ind.direction,
            "value": value.amount if value else None, "as_of": value.as_of if value else None,
            "attainment_pct": one_decimal(r.assessment.attainment), "status": r.assessment.status,
            "agency": "; ".join(dict.fromkeys(reporter(plan, units, a, u, lang) for a, u, _ in documents)) or None,
            "source": sources_text(plan, units, figs, lang) if many else "; ".join(dict.fromkeys(s for _, _, s in documents)) or None,
            "files": "; ".join(dict.fromkeys(f"{f.stored.folder.name}/{f.stored.name}" for f in figs)) or None,
            "_indent": 1 if ind.parent else 0, "_group": group_title(plan, ind, lang),
        })
    return Table("results", "Chỉ tiêu", "Targets", columns, rows)


def figures_table(plan: Plan, units: Units, figures: Sequence[Figure], lang: str) -> Table:
    """Every figure the report uses, tidy: one row each, with its submission file and source document."""
    columns = [
        Column("indicator", "Mã chỉ tiêu", "Indicator", "id"),
        Column("name", "Chỉ tiêu", "Target"),
        Column("place", "Đơn vị", "Unit"),
        Column("kind", "Loại", "Kind", labels={k: WORDS[f"figure.{k}"] for k in ("value", "base")}),
        Column("value", "Giá trị", "Value", "number"),
        Column("measure", "Đơn vị tính", "Measure", labels=UNITS),
        Column("as_of", "Số liệu đến ngày", "As of", "date"),
        Column("reported", "Ngày báo cáo", "Reported", "date"),
        Column("agency", "Cơ quan báo cáo", "Reported by"),
        Column("source", "Văn bản nguồn", "Source document"),
        Column("file", "Tệp số liệu", "Submission file", "id"),
    ]
    seen: set[int] = set()
    rows = []
    for f in figures:
        if id(f) in seen:
            continue
        seen.add(id(f))
        ind = plan.indicator_by_id[f.indicator]
        rows.append({
            "indicator": f.indicator, "name": indicator_name(ind, lang),
            "place": place_name(units, f.unit, lang),
            "kind": f.kind, "value": f.value, "is_rate": ind.is_rate and f.kind == "value",
            # A rate's base is a count of the pair's unit (households, persons).
            "measure": ind.unit if f.kind == "value" else (plan.indicator_by_id[p.count].unit
                                                            if (p := plan.pair_of(ind.id)) else ind.unit),
            "as_of": f.as_of, "reported": f.reported, "agency": reporter(plan, units, f.agency, f.unit, lang),
            "source": f.source, "file": f"{f.stored.folder.name}/{f.stored.name}",
        })
    return Table("figures", "Số liệu", "Figures", columns, rows)


# ---------------------------------------------------------------- section II: reports against deadlines

# The order section II lists the states in, and how ReportState's states fall into them.
TIMELINESS = ("on-time", "late", "partial", "overdue", "pending")
_GROUP_OF = {"on-time": "on-time", "late": "late", "partial": "partial", "overdue": "overdue",
             "due-soon": "pending", "not-due": "pending"}


def timeliness_of(s: ReportState) -> str:
    """Which of TIMELINESS a report state falls in."""
    return _GROUP_OF[s.state]


def timeliness_summary(states: Sequence[ReportState], lang: str) -> str:
    """How many reports with a deadline are in each state, in one sentence."""
    counts = {g: format_number(sum(1 for s in states if timeliness_of(s) == g), lang) for g in TIMELINESS}
    return word("timeliness.summary", lang, total=format_number(len(states), lang), on_time=counts["on-time"],
                late=counts["late"], partial=counts["partial"], overdue=counts["overdue"], pending=counts["pending"])


def timeliness_entry(plan: Plan, s: ReportState, lang: str) -> str:
    """One report in words: the agency, the plan's item, its deadline and what came in."""
    group = timeliness_of(s)
    missing = ", ".join(indicator_name(plan.indicator_by_id[m], lang) if m in plan.indicator_by_id else word("done", lang)
                        for m in s.missing)
    return word(f"entry.{group}", lang, agency=agency_name(plan, s.obligation.agency, lang), item=s.obligation.task.item,
                due=format_date(s.obligation.due, lang), received=format_date(s.received, lang),
                days=format_number(s.days or 0, lang), missing=missing)


def timeliness_groups(plan: Plan, states: Sequence[ReportState], lang: str) -> list[TimelinessGroup]:
    """Section II: who reported on time, late, in part, not at all, and whose report is not yet due."""
    groups = []
    for group in TIMELINESS:
        counted: dict[str, int] = {}
        for s in states:
            if timeliness_of(s) == group:
                entry = timeliness_entry(plan, s, lang)
                counted[entry] = counted.get(entry, 0) + 1
        # Two tasks of one agency with one deadline read alike: said once, with how many.
        entries = [e if n == 1 else e + word("entry.tasks", lang, n=format_number(n, lang)) for e, n in counted.items()]
        if entries:
            groups.append(TimelinessGroup(group, word(f"timeliness.{group}", lang), entries))
    return groups


def deadlines_table(plan: Plan, states: Sequence[ReportState], lang: str) -> Table:
    """The reports against deadlines as `status` lists them, with each agency's name."""
    table = reports_table(plan, states, lang)
    for row in table.rows:
        row["agency"] = agency_name(plan, row["agency"], lang)
    table.columns = [Column("agency", "Cơ quan", "Agency") if c.key == "agency" else c for c in table.columns]
    return table


def agencies_table(plan: Plan, states: Sequence[ReportState], lang: str) -> Table:
    """Reports against deadlines counted by agency: how many in each state."""
    words = {g: (word(f"timeliness.{g}", "vi"), word(f"timeliness.{g}", "en")) for g in TIMELINESS}
    columns = [Column("agency", "Mã", "Id", "id"), Column("name", "Cơ quan", "Agency")]
    columns += [Column(g, *words[g], "count") for g in TIMELINESS]
    rows: dict[str, dict[str, object]] = {}
    for s in states:
        row = rows.setdefault(s.obligation.agency, {"agency": s.obligation.agency,
                                                    "name": agency_name(plan, s.obligation.agency, lang),
                                                    **{g: 0 for g in TIMELINESS}})
        row[timeliness_of(s)] += 1  # type: ignore[operator]
    return Table("agencies", "Báo cáo theo cơ quan", "Reports by agency", columns, list(rows.values()))


# ---------------------------------------------------------------- units and notes


def _units_table(plan: Plan, units: Units, stored: Sequence[Stored], on: dt.date, lang: str, agency: str | None,
                 place: Place) -> Table | None:
    """Units × indicators, when some unit has reported: the rows the place covers, the columns the agency's."""
    if not any(s.unit != PROVINCE and s.reported <= on for s in stored):
        return None
    members = None if place.kind == "province" else list(place.scope.members) or [place.id]
    view = unit_matrix_view(plan, units, stored, on, lang, (), members)
    table = view.tables[0]
    wanted = {i.id for i in plan.indicators_of(agency)} if agency else None
    columns = []
    for c in table.columns:
        ind = plan.indicator_by_id.get(c.key)
        if ind is None:
            columns.append(c)
        elif wanted is None or ind.id in wanted:
            columns.append(Column(c.key, indicator_name(ind, "vi"), indicator_name(ind, "en"), c.kind))
    if len(columns) == len([c for c in table.columns if c.key not in plan.indicator_by_id]):
        return None  # no indicator of this report has a unit's figure
    return Table(table.key, word("units.title", "vi"), word("units.title", "en"), columns, table.rows)


def _notes(plan: Plan, rows: Sequence[TargetRow], lang: str) -> list[str]:
    if not any(r.indicator.approximate for r in rows):
        return []
    return [word("note.approximate", lang, tolerance=format_number(plan.tracker.approximate_tolerance_pct, lang))]
