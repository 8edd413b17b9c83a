"""Plan wording shared by every export: task numbers, unit lists, deadlines and progress lines.

Kept in one place so that the Word document, the Excel table, the unit sheets and the summary print a
task the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from ecodesk.domain.pace import Light
from ecodesk.domain.periods import Period, period_of_day
from ecodesk.domain.plan import PlanTree, ProgressEntry, Target, TaskNode
from ecodesk.domain.reporting import TaskMark, task_mark
from ecodesk.domain.units import DEFAULT_BUREAU
from ecodesk.io.plan_import.heading import bureau_of

UNIT_SEPARATOR = "、"
NO_PROGRESS = "暂无进展记录"


def plan_heading(plan: PlanTree) -> str:
    """The document title: the plan's own title, or “{bureau}{year}年工作要点” when it has none."""
    return plan.title.strip() or f"{bureau_name(plan)}{plan.year}年工作要点"


@dataclass(frozen=True, slots=True)
class DatedExport:
    """A document of the plan as of a day: the day it shows and the period its lights are judged in."""

    plan: PlanTree
    as_of: dt.date
    period: Period
    periods: list[Period]
    marks: dict[int, TaskMark] = field(default_factory=dict)  # by id(task): a task is on several unit sheets

    @classmethod
    def of(cls, plan: PlanTree, as_of: dt.date | None = None, period: Period | None = None) -> DatedExport:
        """As of `as_of`, else the day the plan is shown as of, else today; in `period`, else the period
        that day falls in."""
        day = as_of or plan.as_of or dt.date.today()
        periods = plan.reporting_periods()
        return cls(plan, day, period or period_of_day(periods, day), periods)

    def mark(self, task: TaskNode) -> TaskMark:
        """The task's 序时 light and 未报 in the period, as of the day (worked out once a task)."""
        found = self.marks.get(id(task))
        if found is None:
            found = self.marks[id(task)] = task_mark(task, year=self.plan.year, as_of=self.as_of,
                                                     rule=self.plan.pace_rule, period=self.period,
                                                     periods=self.periods)
        return found


def bureau_name(plan: PlanTree) -> str:
    """The bureau as documents name it: its stored name, or while that is still the placeholder 本局 (a
    database begun with a blank plan), the bureau the plan's title names, once one does."""
    if plan.bureau and plan.bureau != DEFAULT_BUREAU:
        return plan.bureau
    return bureau_of(plan.title) or plan.bureau or DEFAULT_BUREAU


def light_text(mark: TaskMark) -> str:
    """A status cell, a short line each: the 序时 light in words, 实际40%, 序时50% (the pace), 本期未报."""
    head = mark.light.label if mark.light in (Light.DONE, Light.NONE) else f"{mark.light.label}灯"
    pace = [f"实际{mark.pace.actual}%"] + ([] if mark.expected is None else [f"序时{mark.expected:g}%"])
    lines = [head, *pace] + (["本期未报"] if mark.unreported else [])
    return "\n".join(lines)


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


def progress_line(entry: ProgressEntry | None, *, notes: bool = True) -> str:
    """The latest update as printed: “6月30日：已完成2家企业改造。”, or 暂无进展记录; with the 存在问题 and
    下步打算 a returned 进展征集表 gave it: “…（存在问题：资金未到位；下步打算：督促施工）”, unless `notes` is
    False (a table with columns of their own for them)."""
    if entry is None:
        return NO_PROGRESS
    line = f"{short_date(entry.date)}：{entry.text}"
    parts = (("存在问题", entry.problems), ("下步打算", entry.next_steps)) if notes else ()
    told = "；".join(f"{label}：{text.strip().rstrip('。；;')}" for label, text in parts if text.strip())
    return line + (f"（{told}）" if told else "")


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
