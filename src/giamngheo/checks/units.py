"""The units list's cross-checks: ids, the province's id, groups and sources that exist."""

from __future__ import annotations

from giamngheo.core.messages import msg
from giamngheo.core.problems import Problem, error
from giamngheo.core.text import did_you_mean, fold
from giamngheo.core.yamlsafe import YamlDoc
from giamngheo.model.plan import Plan
from giamngheo.model.submission import PROVINCE
from giamngheo.model.units import Units, UnitTargets


def check_units(units: Units, doc: YamlDoc, file: str) -> list[Problem]:
    """Every cross-check of the units list, in one list."""
    problems: list[Problem] = []
    if units.province.id != PROVINCE:
        problems.append(error(file, doc.line_of(("province", "id")), "bad-province-id", msg(
            "the province's id must be '{expected}', which every report about the whole province names",
            expected=PROVINCE)))
    seen: dict[str, int] = {PROVINCE: -1}
    names: dict[str, str] = {}
    for i, unit in enumerate(units.units):
        line = doc.line_of(("units", i, "id"))
        if unit.id in seen:
            problems.append(error(file, line, "duplicate-id", msg("units: id '{id}' is used twice", id=unit.id)))
        seen[unit.id] = i
        for name in (unit.name, unit.short):
            other = names.setdefault(fold(name), unit.id)
            if other != unit.id:
                problems.append(error(file, doc.line_of(("units", i, "name")), "duplicate-name", msg(
                    "units: '{name}' names both '{other}' and '{id}'", name=name, other=other, id=unit.id)))
    source_ids = [s.id for s in units.sources]
    cited = [(("province", "sources", k), s) for k, s in enumerate(units.province.sources)]
    cited += [(("province", "code_source"), units.province.code_source)] if units.province.code_source else []
    for i, unit in enumerate(units.units):
        cited += [(("units", i, "sources", k), s) for k, s in enumerate(unit.sources)]
        cited += [(("units", i, "code_source"), unit.code_source)] if unit.code_source else []
        cited += [(("units", i, "kind_changes", k, "source"), c.source) for k, c in enumerate(unit.kind_changes)]
    for i, group in enumerate(units.groups):
        cited += [(("groups", i, "sources", k), s) for k, s in enumerate(group.sources)]
        for k, member in enumerate(group.members):
            if member not in units.unit_by_id:
                problems.append(error(file, doc.line_of(("groups", i, "members", k)), "unknown-unit", msg(
                    "unknown unit '{unit}'{hint}", unit=member, hint=did_you_mean(member, list(units.unit_by_id)))))
    for loc, source in cited:
        if source not in source_ids:
            problems.append(error(file, doc.line_of(loc), "unknown-reference", msg(
                "unknown source '{id}'{hint}", id=source, hint=did_you_mean(source, source_ids))))
    for i, unit in enumerate(units.units):
        if unit.code is not None and unit.code_source is None:
            problems.append(error(file, doc.line_of(("units", i, "code")), "code-needs-source", msg(
                "'{id}': an official code needs code_source: the document that confirms it", id=unit.id)))
    return problems


def check_unit_targets(targets: UnitTargets, doc: YamlDoc, file: str, plan: Plan, units: Units) -> list[Problem]:
    """Each unit target names a known unit (not the province, whose targets are the plan's) and indicator."""
    problems = []
    seen: set[tuple[str, str]] = set()
    for i, t in enumerate(targets.targets):
        if t.unit == PROVINCE or not units.is_known(t.unit):
            problems.append(error(file, doc.line_of(("targets", i, "unit")), "unknown-unit", msg(
                "unknown unit '{unit}'{hint} (the province's targets are the plan's own)", unit=t.unit,
                hint=did_you_mean(t.unit, list(units.unit_by_id)))))
        ind = plan.indicator_by_id.get(t.indicator)
        if ind is None:
            problems.append(error(file, doc.line_of(("targets", i, "indicator")), "unknown-indicator", msg(
                "unknown indicator '{indicator}'{hint}", indicator=t.indicator,
                hint=did_you_mean(t.indicator, list(plan.indicator_by_id)))))
        elif ind.is_rate and not 0 <= t.target <= 100:
            problems.append(error(file, doc.line_of(("targets", i, "target")), "percent-range", msg(
                "'{id}': target {value}% is outside 0–100", id=t.indicator, value=t.target)))
        if (t.unit, t.indicator) in seen:
            problems.append(error(file, doc.line_of(("targets", i)), "duplicate-id", msg(
                "a target for {unit} and {indicator} is given twice", unit=t.unit, indicator=t.indicator)))
        seen.add((t.unit, t.indicator))
    return problems
