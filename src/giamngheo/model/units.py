"""Reporting units: the province and its district-level units, and named groups of them.

Reference data, not part of the plan: `units.yaml` in the workspace, each fact with its source.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field

from giamngheo.core.problems import Problem
from giamngheo.core.yamlsafe import YamlDoc, YamlError, read_yaml
from giamngheo.model.fields import Model, Number, SchemaVersion, ShortText, Slug, Text, validate_model

Kind = Literal["city", "town", "district"]
KIND_NAMES: dict[str, tuple[str, str]] = {"city": ("thành phố", "city"), "town": ("thị xã", "town"),
                                          "district": ("huyện", "district")}
# How each kind is written before a unit's name, in full and in the usual short forms.
KIND_PREFIXES: dict[str, tuple[str, ...]] = {"city": ("Thành phố", "TP", "TP."), "town": ("Thị xã", "TX", "TX."),
                                             "district": ("Huyện", "H.")}


class Source(Model):
    """An official document that establishes a fact of the list."""

    id: Slug
    title: Text
    number: ShortText | None = None
    date: dt.date | None = None
    issuer: ShortText | None = None
    url: ShortText | None = None
    note: Text | None = None


class Province(Model):
    """The whole province: the unit the plan's targets are set for."""

    id: Slug
    name: ShortText
    name_en: ShortText
    code: ShortText | None = None
    code_source: Slug | None = None
    aliases: list[ShortText] = []
    sources: list[Slug] = []


class KindChange(Model):
    """A change of a unit's kind and name on a day, such as a town that became a city."""

    date: dt.date
    kind: Kind
    name: ShortText
    name_en: ShortText
    source: Slug


class Unit(Model):
    """A district-level unit: a city, a town or a district."""

    id: Slug
    name: ShortText
    short: ShortText
    kind: Kind
    name_en: ShortText
    code: ShortText | None = None
    code_source: Slug | None = None
    aliases: list[ShortText] = []
    sources: list[Slug] = Field(min_length=1)
    kind_changes: list[KindChange] = []
    note: Text | None = None

    def kind_on(self, day: dt.date) -> Kind:
        """The unit's kind on DAY (its kind as of the list's date, changed by any change up to DAY)."""
        kind = self.kind
        for change in sorted(self.kind_changes, key=lambda c: c.date):
            if change.date <= day:
                kind = change.kind
        return kind


class UnitGroup(Model):
    """A named group of units, such as the poor districts under Resolution 30a."""

    id: Slug
    name: ShortText
    name_en: ShortText
    members: list[Slug] = Field(min_length=1)
    sources: list[Slug] = Field(min_length=1)


class Units(Model):
    """The reporting units of the province as of a day."""

    schema_version: SchemaVersion
    as_of: dt.date
    note: Text | None = None
    sources: list[Source]
    province: Province
    units: list[Unit]
    groups: list[UnitGroup] = []

    @cached_property
    def unit_by_id(self) -> dict[str, Unit]:
        """Units by id (the province not among them)."""
        return {u.id: u for u in self.units}

    @cached_property
    def group_by_id(self) -> dict[str, UnitGroup]:
        """Groups by id."""
        return {g.id: g for g in self.groups}

    def name_of(self, unit_id: str) -> str:
        """The name of a unit or of the province; the id itself when unknown."""
        if unit_id == self.province.id:
            return self.province.name
        unit = self.unit_by_id.get(unit_id)
        return unit.name if unit else unit_id

    def is_known(self, unit_id: str) -> bool:
        """True for the province and every unit of the list."""
        return unit_id == self.province.id or unit_id in self.unit_by_id


class UnitTarget(Model):
    """A target set for one unit, with the document that sets it: the plan gives none by unit."""

    unit: Slug
    indicator: Slug
    target: Number
    source: ShortText


class UnitTargets(Model):
    """The targets users have entered for units (`unit_targets.yaml`), each with its source."""

    schema_version: SchemaVersion
    targets: list[UnitTarget] = []

    def of(self, unit_id: str) -> dict[str, Decimal]:
        """The targets of UNIT_ID, by indicator."""
        return {t.indicator: t.target for t in self.targets if t.unit == unit_id}


def load_units(path: Path) -> tuple[Units | None, YamlDoc | None, list[Problem]]:
    """Read and validate the units list at PATH: the list (None on errors), its YAML and the problems."""
    try:
        doc = read_yaml(path)
    except YamlError as exc:
        return None, None, [exc.problem(path)]
    units, problems = validate_model(Units, doc, str(path))
    return units, doc, doc.problems + problems


def load_unit_targets(path: Path) -> tuple[UnitTargets | None, YamlDoc | None, list[Problem]]:
    """Read and validate the unit targets at PATH, like `load_units`."""
    try:
        doc = read_yaml(path)
    except YamlError as exc:
        return None, None, [exc.problem(path)]
    targets, problems = validate_model(UnitTargets, doc, str(path))
    return targets, doc, doc.problems + problems
