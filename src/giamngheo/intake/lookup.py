"""Finding agencies, indicators and tasks by id, abbreviation or name, with or without accents."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable

from giamngheo.core.messages import msg
from giamngheo.core.problems import UserError, error
from giamngheo.core.text import fold
from giamngheo.model.plan import Plan
from giamngheo.model.units import KIND_PREFIXES, Units


class LookupFailed(UserError):
    """A name that matches nothing, or more than one thing; the message lists the choices."""


def _compact(text: str) -> str:
    return fold(text).replace(" ", "").replace("&", "")


def _word_starts(text: str) -> list[str]:
    """TEXT compacted from each of its words on: "Sở Y tế" → ["soyte", "yte", "te"].

    A partial name matches from the start of a word, so "Sở" finds "Sở Y tế" but not
    "People's Committees of …", whose letters "s of" only happen to spell "so".
    """
    words = fold(text).replace("&", "").split()
    return ["".join(words[i:]) for i in range(len(words))]


# Whole sentences for each kind of thing, so that each reads right in another language.
_NONE_GIVEN = {"agency": lambda: msg("no agency given"), "indicator": lambda: msg("no indicator given"),
               "task": lambda: msg("no task given"), "unit": lambda: msg("no unit given"),
               "group": lambda: msg("no group given")}
_SEVERAL = {
    "agency": lambda q, c: msg("'{query}' matches several agencies: {choices}. Type more of the name, or an id",
                               query=q, choices=c),
    "indicator": lambda q, c: msg("'{query}' matches several indicators: {choices}. Type more of the name, or an id",
                                  query=q, choices=c),
    "task": lambda q, c: msg("'{query}' matches several tasks: {choices}. Type more of the name, or an id",
                             query=q, choices=c),
    "unit": lambda q, c: msg("'{query}' matches several units: {choices}. Type more of the name, or an id",
                             query=q, choices=c),
    "group": lambda q, c: msg("'{query}' matches several groups: {choices}. Type more of the name, or an id",
                              query=q, choices=c),
}
# An unknown name: a suggestion when one is close, else how to list the names.
_UNKNOWN: dict[str, Callable[[str, str], tuple[str, str]]] = {
    "agency": lambda q, h: ("unknown-agency", msg("unknown agency '{query}' (did you mean {hint}?)", query=q, hint=h))
    if h else ("unknown-agency", msg("unknown agency '{query}'; `giamngheo agencies` lists them", query=q)),
    "indicator": lambda q, h: ("unknown-indicator", msg("unknown indicator '{query}' (did you mean {hint}?)", query=q,
                                                        hint=h))
    if h else ("unknown-indicator", msg("unknown indicator '{query}'; `giamngheo indicators` lists them", query=q)),
    "task": lambda q, h: ("unknown-task", msg("unknown task '{query}' (did you mean {hint}?)", query=q, hint=h))
    if h else ("unknown-task", msg("unknown task '{query}'; `giamngheo tasks` lists them", query=q)),
    "unit": lambda q, h: ("unknown-unit", msg("unknown unit '{query}' (did you mean {hint}?)", query=q, hint=h))
    if h else ("unknown-unit", msg("unknown unit '{query}'; `giamngheo units` lists them", query=q)),
    "group": lambda q, h: ("unknown-group", msg("unknown group '{query}' (did you mean {hint}?)", query=q, hint=h))
    if h else ("unknown-group", msg("unknown group '{query}'; `giamngheo units` lists them", query=q)),
}
# How alike (difflib's ratio, accents and case aside) a name must be to be suggested: "So Y tee"
# suggests Sở Y tế, but "Sở Nội vụ" suggests nothing rather than the first Sở that shares letters.
SUGGEST_CUTOFF = 0.8


def resolve(kind: str, query: str, entries: Iterable[tuple[str, list[str]]]) -> str:
    """The id of the one entry that QUERY names; entries are (id, [names…]); KIND is agency, indicator or task."""
    entries = list(entries)
    wanted, wanted_compact = fold(query), _compact(query)
    if not wanted_compact:
        raise LookupFailed.of("nothing-given", _NONE_GIVEN[kind]())
    exact = [eid for eid, names in entries if any(fold(n) == wanted for n in [eid, *names])]
    if len(exact) == 1:
        return exact[0]
    partial = exact or [eid for eid, names in entries
                        if len(wanted_compact) >= 2
                        and any(start.startswith(wanted_compact) for n in [eid, *names] for start in _word_starts(n))]
    if len(partial) == 1:
        return partial[0]
    label = {eid: names[0] if names else eid for eid, names in entries}
    if partial:
        choices = "; ".join(f"{eid} ({label[eid]})" for eid in partial)
        raise LookupFailed.of("ambiguous-name", _SEVERAL[kind](query, choices))
    keys = {fold(n): eid for eid, names in entries for n in [eid, *names]}
    close = difflib.get_close_matches(wanted, list(keys), n=1, cutoff=SUGGEST_CUTOFF)
    hint = f"{keys[close[0]]}: {label[keys[close[0]]]}" if close else ""
    raise LookupFailed.of(*_UNKNOWN[kind](query, hint))


def find_agency(plan: Plan, query: str) -> str:
    """The id of the agency QUERY names."""
    return resolve("agency", query, ((a.id, [a.name, *([a.abbreviation] if a.abbreviation else []), a.name_en])
                                     for a in plan.agencies))


def find_indicator(plan: Plan, query: str) -> str:
    """The id of the indicator QUERY names."""
    return resolve("indicator", query, ((i.id, [i.name, i.name_en]) for i in plan.indicators))


def find_task(plan: Plan, query: str) -> str:
    """The id of the task QUERY names."""
    return resolve("task", query, ((t.id, [t.summary_en]) for t in plan.assignments))


def find_unit(units: Units, query: str) -> str:
    """The id of the unit (or the province) QUERY names: "Mường Lát", "Muong Lat", "TP Thanh Hoá",
    "huyện Như Xuân" or an id."""
    province = units.province
    entries = [(province.id, [province.name, province.name_en, "toàn tỉnh", "cả tỉnh", "tỉnh", *province.aliases])]
    for unit in units.units:
        kinds = [unit.kind, *(c.kind for c in unit.kind_changes)]
        names = [unit.name, unit.short, unit.name_en, *unit.aliases, *(c.name for c in unit.kind_changes),
                 *(f"{p} {unit.short}" for kind in dict.fromkeys(kinds) for p in KIND_PREFIXES[kind])]
        if unit.code:
            names.append(unit.code)
        entries.append((unit.id, names))
    return resolve("unit", query, entries)


def find_group(units: Units, query: str) -> str:
    """The id of the group of units QUERY names ("30a", or its name)."""
    return resolve("group", query, ((g.id, [g.name, g.name_en]) for g in units.groups))
