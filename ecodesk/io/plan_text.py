"""Plan wording shared by every export: task numbers, unit lists, deadlines and progress lines.

Kept in one place so that the Word document, the Excel table, the unit sheets and the summary print a
task the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ecodesk.domain import numbering
from ecodesk.domain.plan import PlanTree, ProgressEntry, Target, TaskNode

UNIT_SEPARATOR = "、"
NO_PROGRESS = "暂无进展记录"


def plan_heading(plan: PlanTree) -> str:
    """The document title: the plan's own title, or “{bureau}{year}年工作要点” when it has none."""
    return plan.title.strip() or f"{plan.bureau}{plan.year}年工作要点"


def full_number(task: TaskNode) -> str:
    """The number a clerk quotes, with its ancestors: 一、 / 一（二） / 一（二）3. / 一（二）3.1）."""
    return numbering.full_label(task.path) or task.number


def join_units(names: list[str]) -> str:
    return UNIT_SEPARATOR.join(names)


def with_period(text: str) -> str:
    """A title sentence ends with 。 unless it already ends with punctuation."""
    text = text.strip()
    return text if not text or text[-1] in "。！？；：，.!?;:" else text + "。"


def units_clause(task: TaskNode) -> str:
    """“（牵头单位：…；配合单位：…）”, leaving out the parts the task does not name."""
    parts = []
    if task.lead_units:
        parts.append(f"牵头单位：{join_units(task.lead_units)}")
    if task.co_units:
        parts.append(f"配合单位：{join_units(task.co_units)}")
    return f"（{'；'.join(parts)}）" if parts else ""


def deadline_clause(task: TaskNode) -> str:
    return f"（完成时限：{task.deadline_shown}）" if task.deadline_shown else ""


def target_line(position: int | None, target: Target) -> str:
    """“1.环境空气方面：…”: the category as the 方面 lead-in the published plans write it with."""
    text = target.text.strip()
    category = target.category.strip()
    if category:
        text = f"{category.removesuffix('方面')}方面：{text}"
    return text if position is None else f"{position}.{text}"


def short_date(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def progress_line(entry: ProgressEntry | None) -> str:
    """The latest update as printed: “6月30日：已完成2家企业改造。”, or 暂无进展记录; with the 存在问题 and
    下步打算 a returned 进展征集表 gave it: “…（存在问题：资金未到位；下步打算：督促施工）”."""
    if entry is None:
        return NO_PROGRESS
    parts = (("存在问题", entry.problems), ("下步打算", entry.next_steps))
    notes = "；".join(f"{label}：{text}" for label, text in parts if text)
    return f"{short_date(entry.date)}：{entry.text}" + (f"（{notes}）" if notes else "")


WithParents = tuple[TaskNode, tuple[TaskNode, ...]]


def walk_with_parents(plan: PlanTree) -> Iterator[WithParents]:
    """Every task in document order with its ancestors (outermost first)."""

    def visit(tasks: list[TaskNode], parents: tuple[TaskNode, ...]) -> Iterator[WithParents]:
        for task in tasks:
            yield task, parents
            yield from visit(task.children, (*parents, task))

    return visit(plan.tasks, ())


def effective_units(task: TaskNode, parents: tuple[TaskNode, ...]) -> tuple[list[str], list[str]]:
    """Lead and co units of a task, inherited from the nearest ancestor that names any.

    Plans often name units on an item and not on its sub-items; the sub-items still belong to them.
    """
    for node in (task, *reversed(parents)):
        if node.lead_units or node.co_units:
            return node.lead_units, node.co_units
    return [], []


def unit_names(plan: PlanTree) -> list[str]:
    """Units in the plan's order (sort_order), then any unit a task names that the list lacks."""
    names = [u.name for u in sorted(plan.units, key=lambda u: u.sort_order)]
    seen = set(names)
    for task in plan.walk():
        for name in (*task.lead_units, *task.co_units):
            if name not in seen:
                seen.add(name)
                names.append(name)
    return names
