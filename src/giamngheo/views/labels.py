"""The words people see for the plan's values: units, directions, roles, statuses, and names in a language."""

from __future__ import annotations

from giamngheo.model.plan import UNIT_NAMES, Assignment, Indicator, Plan

UNITS = UNIT_NAMES
DIRECTIONS = {"increase": ("tăng", "increase"), "decrease": ("giảm", "decrease")}
ROLES = {"lead": ("chủ trì", "lead"), "support": ("phối hợp", "support")}


def in_lang(pair: tuple[str, str], lang: str) -> str:
    """The Vietnamese or English half of a (vi, en) label."""
    return pair[1] if lang == "en" else pair[0]


def indicator_name(ind: Indicator, lang: str) -> str:
    """The indicator's name in LANG."""
    return ind.name_en if lang == "en" else ind.name


def group_label(plan: Plan, ind: Indicator) -> str:
    """The plan's label of the indicator's group (II.2.a …)."""
    group = plan.group_by_id.get(ind.group)
    return group.label if group else ind.group


def group_title(plan: Plan, ind: Indicator, lang: str) -> str:
    """The heading of the indicator's group: "II.2.a Giáo dục và Đào tạo"."""
    group = plan.group_by_id.get(ind.group)
    if group is None:
        return ind.group
    return f"{group.label} {group.name_en if lang == 'en' else group.name}"


def task_text(task: Assignment, lang: str) -> str:
    """The task in LANG: the plan's own words, or the English summary."""
    return task.summary_en if lang == "en" else " ".join(task.text.split())
