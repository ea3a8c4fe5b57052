"""The plan's cross-checks: ids, references, breakdowns, ranges, pairs and deadlines."""

from __future__ import annotations

from decimal import Decimal

from giamngheo.calc.denominators import Implied, implied_denominators
from giamngheo.core.messages import Joined, msg
from giamngheo.core.problems import Problem, error, warning
from giamngheo.core.text import did_you_mean
from giamngheo.core.yamlsafe import YamlDoc
from giamngheo.model.plan import Plan, unit_word

COLLECTIONS = ("documents", "groups", "indicators", "pairs", "agencies", "assignments")
MAX_HINTS = 50


def check_plan(plan: Plan, doc: YamlDoc, file: str) -> list[Problem]:
    """Every cross-check of the plan, in one list."""
    return [
        *check_unique_ids(plan, doc, file),
        *check_references(plan, doc, file),
        *check_breakdowns(plan, doc, file),
        *check_percentages(plan, doc, file),
        *check_pairs(plan, doc, file),
        *check_deadlines(plan, doc, file),
    ]


def check_unique_ids(plan: Plan, doc: YamlDoc, file: str) -> list[Problem]:
    """Ids are unique within each list."""
    problems = []
    for collection in COLLECTIONS:
        seen: dict[str, int] = {}
        for index, item in enumerate(getattr(plan, collection)):
            line = doc.line_of((collection, index, "id"))
            if item.id in seen:
                first = doc.line_of((collection, seen[item.id], "id"))
                problems.append(error(file, line, "duplicate-id", msg(
                    "{collection}: id '{id}' is used twice (first at line {first})",
                    collection=collection, id=item.id, first=first)))
            else:
                seen[item.id] = index
    return problems


def check_references(plan: Plan, doc: YamlDoc, file: str) -> list[Problem]:
    """Every id that one part of the plan names exists in the part it refers to."""
    known = {
        "group": [g.id for g in plan.groups],
        "indicator": [i.id for i in plan.indicators],
        "agency": [a.id for a in plan.agencies],
        "document": [d.id for d in plan.documents],
    }
    known_sets = {kind: set(ids) for kind, ids in known.items()}
    unknown = {  # whole sentences, so that each reads right in another language
        "group": lambda v, hint: msg("unknown group '{id}'{hint}", id=v, hint=hint),
        "indicator": lambda v, hint: msg("unknown indicator '{id}'{hint}", id=v, hint=hint),
        "agency": lambda v, hint: msg("unknown agency '{id}'{hint}", id=v, hint=hint),
        "document": lambda v, hint: msg("unknown document '{id}'{hint}", id=v, hint=hint),
    }
    problems: list[Problem] = []

    def ref(kind: str, value: str | None, loc: tuple) -> None:
        if value is not None and value not in known_sets[kind]:
            # "Did you mean" compares with every id; past a few dozen unknown ids it would
            # cost seconds on a hostile file, and nobody reads that many hints.
            hint = did_you_mean(value, known[kind]) if len(problems) < MAX_HINTS else ""
            problems.append(error(file, doc.line_of(loc), "unknown-reference", unknown[kind](value, hint)))

    for i, ind in enumerate(plan.indicators):
        ref("group", ind.group, ("indicators", i, "group"))
        ref("indicator", ind.parent, ("indicators", i, "parent"))
        for k, cite in enumerate(ind.cites):
            ref("document", cite, ("indicators", i, "cites", k))
    for i, pair in enumerate(plan.pairs):
        ref("indicator", pair.count, ("pairs", i, "count"))
        ref("indicator", pair.rate, ("pairs", i, "rate"))
    for i, task in enumerate(plan.assignments):
        for field in ("agencies", "partners", "covers", "cites"):
            kind = {"agencies": "agency", "partners": "agency", "covers": "indicator", "cites": "document"}[field]
            for k, value in enumerate(getattr(task, field)):
                ref(kind, value, ("assignments", i, field, k))
        ref("agency", task.reports_to, ("assignments", i, "reports_to"))
        ref("agency", task.via, ("assignments", i, "via"))
    return problems


def check_breakdowns(plan: Plan, doc: YamlDoc, file: str) -> list[Problem]:
    """Breakdown parts share their whole's unit, go one level deep, and add up to it."""
    problems = []
    by_id = plan.indicator_by_id
    for i, part in enumerate(plan.indicators):
        whole = by_id.get(part.parent) if part.parent else None
        if whole is None:
            continue
        line = doc.line_of(("indicators", i, "parent"))
        if whole.id == part.id or whole.parent is not None:
            problems.append(error(file, line, "bad-parent",
                                  msg("'{part}': a part's whole must be a top-level target", part=part.id)))
        elif part.unit != whole.unit:
            problems.append(error(file, line, "unit-mismatch", msg(
                "'{part}' is in {unit} but its whole '{whole}' is in {whole_unit}",
                part=part.id, unit=part.unit, whole=whole.id, whole_unit=whole.unit)))
    for i, whole in enumerate(plan.indicators):
        parts = plan.parts_of(whole.id)
        if not parts or whole.parent is not None:
            continue
        total = sum((p.target for p in parts), Decimal(0))
        if total != whole.target:
            shown = Joined((p.target for p in parts), " + ")
            if whole.target != whole.target.to_integral_value() and total == total.to_integral_value():
                # 14.996 typed for 14996: in either language's marks the two would look alike, so
                # say in plain digits what each is.
                message = msg("'{whole}': the target is written {target}, a number with decimals, but its parts add "
                              "up to the whole number {total} ({parts:num}); write a count without a decimal mark, "
                              "such as {total}", whole=whole.id, target=str(whole.target), total=str(total), parts=shown)
            else:
                message = msg("'{whole}': parts add up to {parts:num} = {total:num}, not the target {target:num}",
                              whole=whole.id, parts=shown, total=total, target=whole.target)
            problems.append(error(file, doc.line_of(("indicators", i, "target")), "parts-sum", message))
    return problems


def check_percentages(plan: Plan, doc: YamlDoc, file: str) -> list[Problem]:
    """Percentages lie in 0–100; counts are whole numbers."""
    problems = []
    for i, ind in enumerate(plan.indicators):
        for field in ("target", "baseline"):
            value = getattr(ind, field)
            if value is None:
                continue
            line = doc.line_of(("indicators", i, field))
            if ind.is_rate and not 0 <= value <= 100:
                problems.append(error(file, line, "percent-range", msg(
                    "'{id}': {field} {value:num}% is outside 0–100", id=ind.id, field=field, value=value)))
            if not ind.is_rate and value != value.to_integral_value():
                problems.append(error(file, line, "not-whole", msg(
                    "'{id}': {field} {value:num} {unit} is not a whole number", id=ind.id, field=field, value=value,
                    unit=unit_word(ind.unit))))
    return problems


def check_pairs(plan: Plan, doc: YamlDoc, file: str) -> list[Problem]:
    """Pairs link a count to a rate, agree with a given denominator, and agree with each other."""
    problems = []
    by_id = plan.indicator_by_id
    for i, pair in enumerate(plan.pairs):
        count, rate = by_id.get(pair.count), by_id.get(pair.rate)
        if count is not None and count.is_rate:
            problems.append(error(file, doc.line_of(("pairs", i, "count")), "pair-kind",
                                  msg("pair '{pair}': '{id}' is a rate, not a count", pair=pair.id, id=count.id)))
        if rate is not None and not rate.is_rate:
            problems.append(error(file, doc.line_of(("pairs", i, "rate")), "pair-kind",
                                  msg("pair '{pair}': '{id}' is a count, not a rate", pair=pair.id, id=rate.id)))
    implied = implied_denominators(plan)
    index = {p.id: i for i, p in enumerate(plan.pairs)}
    for imp in implied:
        given = imp.pair.denominator
        if given is not None and not imp.low <= given <= imp.high:
            problems.append(warning(file, doc.line_of(("pairs", index[imp.pair.id], "denominator")), "pair-denominator",
                                    msg("pair '{pair}': denominator {given:num} does not match count ÷ rate ≈ {estimate:num}",
                                        pair=imp.pair.id, given=given, estimate=imp.estimate)))
    by_unit: dict[str, list[Implied]] = {}
    for imp in implied:
        by_unit.setdefault(imp.unit, []).append(imp)
    for unit, group in by_unit.items():
        if len(group) < 2 or max(g.low for g in group) <= min(g.high for g in group):
            continue
        for imp in group:
            others = Joined(msg("'{pair}' ≈ {estimate:num}", pair=o.pair.id, estimate=o.estimate)
                            for o in group if o is not imp)
            problems.append(warning(file, doc.line_of(("pairs", index[imp.pair.id])), "pairs-disagree", msg(
                "pair '{pair}' implies ≈ {estimate:num} {unit} in all, which disagrees with {others}; "
                "the plan gives no denominator", pair=imp.pair.id, estimate=imp.estimate, unit=unit_word(unit), others=others)))
    return problems


def check_deadlines(plan: Plan, doc: YamlDoc, file: str) -> list[Problem]:
    """Deadlines fall in the plan period (a warning a little outside it, an error far outside)."""
    problems = []
    period = plan.plan.period
    for i, task in enumerate(plan.assignments):
        if task.deadline is None:
            continue
        due = task.deadline.due
        line = doc.line_of(("assignments", i, "deadline", "due"))
        values = {"task": task.id, "due": due, "start": period.start, "end": period.end}
        if (period.start - due).days > 366 or (due - period.end).days > 366:  # no date arithmetic: year 1 and 9999 are valid
            problems.append(error(file, line, "deadline-range", msg(
                "'{task}': deadline {due} is far outside the plan period {start} – {end}", **values)))
        elif not period.start <= due <= period.end:
            problems.append(warning(file, line, "deadline-range", msg(
                "'{task}': deadline {due} is outside the plan period {start} – {end}", **values)))
    return problems
