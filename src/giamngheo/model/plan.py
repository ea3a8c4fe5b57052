"""The plan: Kế hoạch 35/KH-UBND as validated data, and reading it from YAML."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from giamngheo.core.messages import N_, Message, msg
from giamngheo.core.problems import Problem
from giamngheo.core.yamlsafe import YamlDoc, YamlError, read_yaml
from giamngheo.model.fields import Model, Number, SchemaVersion, ShortText, Slug, Text, validate_model

Unit = Literal["percent", "households", "persons", "children"]
Direction = Literal["increase", "decrease"]
Accumulation = Literal["level", "cumulative"]
Role = Literal["lead", "support"]

# What each unit is called: (Vietnamese, English). Part of the data, like the units themselves.
UNIT_NAMES: dict[str, tuple[str, str]] = {
    "percent": ("%", "%"),
    "households": ("hộ", "households"),
    "persons": ("khẩu", "persons"),
    "children": ("trẻ em", "children"),
}
# The same words inside a message, through the catalogue.
UNIT_WORDS: dict[str, str] = {"percent": "%", "households": N_("households"), "persons": N_("persons"),
                              "children": N_("children")}


def unit_word(unit: str) -> Message:
    """UNIT (an id such as 'households') as a message shows it in the reader's language."""
    return msg(UNIT_WORDS.get(unit, unit))


class Period(Model):
    """The days the plan covers."""

    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _start_before_end(self) -> Period:
        if self.start > self.end:
            raise ValueError(msg("period starts ({start}) after it ends ({end})", start=self.start, end=self.end))
        return self


class PlanInfo(Model):
    """The plan's identity, as its heading and signature give it."""

    number: ShortText
    date: dt.date
    place: ShortText
    issuer: ShortText
    issuer_en: ShortText
    title: Text
    title_en: Text
    signer: ShortText
    signer_title: ShortText
    period: Period
    recipients: list[ShortText] = []


class Document(Model):
    """A document the plan cites: a legal basis, or a decision a target or task rests on."""

    id: Slug
    number: ShortText | None = None
    kind: ShortText
    date: dt.date | None = None
    issuer: ShortText | None = None
    title: Text | None = None
    legal_basis: bool = False


class Item(Model):
    """A numbered item of the plan's qualitative sections (I, III, IV), in its own words."""

    label: ShortText
    text: Text


class Group(Model):
    """A heading of section II under which targets stand (II.1, II.2.a …)."""

    id: Slug
    label: ShortText
    name: ShortText
    name_en: ShortText


class Indicator(Model):
    """A numeric target of section II."""

    id: Slug
    group: Slug
    name: Text
    name_en: Text
    unit: Unit
    target: Number = Field(ge=0)
    direction: Direction = "increase"
    accumulation: Accumulation
    approximate: bool = False
    wording: Text
    cites: list[Slug] = []
    parent: Slug | None = None
    baseline: Number | None = None
    baseline_source: ShortText | None = None

    @property
    def is_rate(self) -> bool:
        """True for a percentage, False for a count."""
        return self.unit == "percent"

    @model_validator(mode="after")
    def _baseline_has_source(self) -> Indicator:
        if self.baseline is not None and self.baseline_source is None:
            raise ValueError(msg("a baseline needs baseline_source: the official document it comes from"))
        return self


class Pair(Model):
    """A target given twice, as a count and as a rate ("48.267 hộ, đạt tỷ lệ 46,68%")."""

    id: Slug
    count: Slug
    rate: Slug
    denominator: int | None = Field(default=None, gt=0)
    denominator_source: ShortText | None = None


class Agency(Model):
    """An agency that section V gives work to, or that receives reports.

    `for_units` is giamngheo's reading: the agency is the People's Committees of the
    district-level units, each of which reports for its own unit, never for the province.
    """

    id: Slug
    name: ShortText
    abbreviation: ShortText | None = None
    name_en: ShortText
    for_units: bool = False


class Deadline(Model):
    """When an assignment is due: the last day that counts as on time, and the plan's words."""

    due: dt.date
    wording: ShortText


class Assignment(Model):
    """One task of section V: what, who leads and who supports, by when, reported to whom."""

    id: Slug
    item: ShortText
    agencies: list[Slug] = Field(min_length=1)
    role: Role
    partners: list[Slug] = []
    text: Text
    summary_en: Text
    covers: list[Slug] = []
    cites: list[Slug] = []
    deadline: Deadline | None = None
    reports_to: Slug | None = None
    via: Slug | None = None
    final_figures: bool = False  # giamngheo's reading: only figures reported as the official result meet it

    @model_validator(mode="after")
    def _report_needs_recipient(self) -> Assignment:
        if self.via is not None and self.reports_to is None:
            raise ValueError(msg("'via' needs 'reports_to': the agency the report finally goes to"))
        return self


class Tracker(Model):
    """giamngheo's own settings: not part of the plan document."""

    approximate_tolerance_pct: Number = Field(default=Decimal(5), ge=0, le=100)
    at_risk_margin_pts: Number = Field(default=Decimal(10), ge=0, le=100)
    due_soon_days: int = Field(default=14, ge=0, le=365)
    unit_total_tolerance_pct: Number = Field(default=Decimal(1), ge=0, le=100)


class Plan(Model):
    """The whole plan document as data."""

    schema_version: SchemaVersion
    plan: PlanInfo
    documents: list[Document]
    purposes: list[Item] = []
    groups: list[Group]
    indicators: list[Indicator]
    pairs: list[Pair] = []
    solutions: list[Item] = []
    resources: list[Item] = []
    agencies: list[Agency]
    assignments: list[Assignment]
    tracker: Tracker = Tracker()

    @cached_property
    def group_by_id(self) -> dict[str, Group]:
        """Groups of section II by id."""
        return {g.id: g for g in self.groups}

    @cached_property
    def indicator_by_id(self) -> dict[str, Indicator]:
        """Indicators by id."""
        return {i.id: i for i in self.indicators}

    @cached_property
    def agency_by_id(self) -> dict[str, Agency]:
        """Agencies by id."""
        return {a.id: a for a in self.agencies}

    @cached_property
    def assignment_by_id(self) -> dict[str, Assignment]:
        """Assignments by id."""
        return {a.id: a for a in self.assignments}

    def parts_of(self, indicator_id: str) -> list[Indicator]:
        """The breakdown parts of an indicator, in plan order."""
        return [i for i in self.indicators if i.parent == indicator_id]

    def pair_of(self, indicator_id: str) -> Pair | None:
        """The count/rate pair an indicator belongs to, if any."""
        return next((p for p in self.pairs if indicator_id in (p.count, p.rate)), None)

    @property
    def year(self) -> int:
        """The plan's year: the year its period starts in."""
        return self.plan.period.start.year

    def indicators_of(self, agency_id: str) -> list[Indicator]:
        """The indicators covered by the agency's assignments, in plan order."""
        covered = {c for a in self.assignments if agency_id in a.agencies for c in a.covers}
        return [i for i in self.indicators if i.id in covered]

    @cached_property
    def reporters(self) -> dict[str, tuple[str, ...]]:
        """For each indicator, the agencies that report it province-wide, in plan order: those
        of every task that covers it, leading or supporting, and the partners those tasks name."""
        out: dict[str, list[str]] = {i.id: [] for i in self.indicators}
        for task in self.assignments:
            for ind in task.covers:
                for agency in (*task.agencies, *task.partners):
                    if ind in out and agency not in out[ind]:
                        out[ind].append(agency)
        order = {a.id: n for n, a in enumerate(self.agencies)}
        return {ind: tuple(sorted(who, key=lambda a: order.get(a, len(order)))) for ind, who in out.items()}

    @cached_property
    def rate_ids(self) -> frozenset[str]:
        """The ids of the indicators that are rates."""
        return frozenset(i.id for i in self.indicators if i.is_rate)

    def reportable(self, agency_id: str, for_province: bool) -> frozenset[str]:
        """The indicators AGENCY_ID may report, for the province or for a unit (see may_report)."""
        key = (agency_id, for_province)
        cache = self._reportable
        if key not in cache:
            cache[key] = frozenset(i.id for i in self.indicators if self.may_report(agency_id, i.id, for_province))
        return cache[key]

    @cached_property
    def _reportable(self) -> dict[tuple[str, bool], frozenset[str]]:
        return {}

    def may_report(self, agency_id: str, indicator_id: str, for_province: bool) -> bool:
        """True when the plan lets AGENCY_ID report INDICATOR_ID: as one of its reporters, or as
        the districts' committees for a district-level unit (FOR_PROVINCE false)."""
        if agency_id in self.reporters.get(indicator_id, ()):
            return True
        agency = self.agency_by_id.get(agency_id)
        return agency is not None and agency.for_units and not for_province


def load_plan(path: Path) -> tuple[Plan | None, YamlDoc | None, list[Problem]]:
    """Read and validate the plan at PATH: the plan (None on errors), its YAML and the problems."""
    try:
        doc = read_yaml(path)
    except YamlError as exc:
        return None, None, [exc.problem(path)]
    plan, problems = validate_model(Plan, doc, str(path))
    return plan, doc, doc.problems + problems
