"""本期 vs 上期 — per 股室, what changed between the previous period's end and this one's (which period a plan
opens on and the day it is read as of are domain/periods' `default_period` and `as_of_for`).

The comparison takes two trees read as of the two periods' ends, with each tree's marks (domain/reporting),
and lists the leaves (the units of work) that changed, under each of their lead units (a task without one
under 未明确牵头股室), with the counts a 通报 gives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from ecodesk.domain.history import NOT_STARTED, Standing
from ecodesk.domain.numbering import task_label
from ecodesk.domain.pace import Light
from ecodesk.domain.periods import Period
from ecodesk.domain.plan import PlanTree, TaskNode
from ecodesk.domain.reporting import TaskMark
from ecodesk.domain.status import Status

NO_LEAD = "未明确牵头股室"
BEHIND_LIGHTS = frozenset({Light.RED, Light.YELLOW})


class ChangeKind(StrEnum):
    """What a task did between two periods; the values head the view's and the workbook's columns."""

    DONE = "新完成"
    STATUS = "状态变化"
    PERCENT = "进度变化"
    BEHIND = "新滞后"
    UNREPORTED = "未报"


@dataclass(frozen=True, slots=True)
class ComparedTask:
    """One leaf task in both periods: where it stood and its light then and now, and what of it changed;
    `number` is its label (三（三）2.5）, domain/numbering.task_label), as every document prints it."""

    number: str
    title: str
    before: Standing
    after: Standing
    before_light: Light
    after_light: Light
    kinds: frozenset[ChangeKind]

    @property
    def percent_change(self) -> int:
        return self.after.percent - self.before.percent


@dataclass(slots=True)
class UnitComparison:
    """A 股室's changed tasks, in plan order, and how many fall in each kind."""

    unit: str
    tasks: list[ComparedTask] = field(default_factory=list)

    def count(self, kind: ChangeKind) -> int:
        return sum(kind in t.kinds for t in self.tasks)


def compare_periods(before: PlanTree, after: PlanTree, before_marks: Mapping[int, TaskMark],
                    after_marks: Mapping[int, TaskMark]) -> list[UnitComparison]:
    """Per lead unit (in the bureau's order), the leaves of `after` that changed since `before` or are 未报
    in `after`'s period; a task added since stands at 未开始 before. Units with nothing to list are left out."""
    earlier = {t.id: t for t in before.walk()}
    by_unit: dict[str, UnitComparison] = {}
    for task in after.leaves():
        compared = _compared(task, task_label(after, task), earlier.get(task.id), before_marks.get(task.id or -1),
                             after_marks[task.id or -1])
        if compared.kinds:
            for unit in task.lead_units or [NO_LEAD]:
                by_unit.setdefault(unit, UnitComparison(unit)).tasks.append(compared)
    order = {u.name: i for i, u in enumerate(after.units)}
    return sorted(by_unit.values(), key=lambda u: (u.unit == NO_LEAD, order.get(u.unit, len(order)), u.unit))


def _compared(task: TaskNode, number: str, old: TaskNode | None, old_mark: TaskMark | None,
              mark: TaskMark) -> ComparedTask:
    then = Standing(old.status, old.percent) if old is not None else NOT_STARTED
    now = Standing(task.status, task.percent)
    then_light = old_mark.light if old_mark is not None else Light.GREEN
    kinds = set()
    if now.status is Status.DONE and then.status is not Status.DONE:
        kinds.add(ChangeKind.DONE)
    elif now.status is not then.status:
        kinds.add(ChangeKind.STATUS)
    if now.percent != then.percent:
        kinds.add(ChangeKind.PERCENT)
    if mark.light in BEHIND_LIGHTS and then_light not in BEHIND_LIGHTS:
        kinds.add(ChangeKind.BEHIND)
    if mark.unreported:
        kinds.add(ChangeKind.UNREPORTED)
    return ComparedTask(number, task.title, then, now, then_light, mark.light, frozenset(kinds))


@dataclass(frozen=True, slots=True)
class PeriodComparison:
    """本期 vs 上期 of one plan: the two periods (上期 None for the year's first: compared with the year's
    start), the days the two trees were read as of, and the changes per 股室."""

    bureau: str
    year: int
    period: Period
    previous: Period | None
    day: dt.date
    previous_day: dt.date
    units: list[UnitComparison]

    @property
    def title(self) -> str:
        """X局2021年上半年与一季度工作任务进展对比 (the year's first period: …与年初对比)."""
        against = self.previous.label.removeprefix(f"{self.year}年") if self.previous else "年初"
        return f"{self.bureau}{self.period.label}与{against}工作任务进展对比"

    def total(self, kind: ChangeKind) -> int:
        """Tasks of the kind, each counted once however many lead units it has."""
        return len({(t.number, t.title) for u in self.units for t in u.tasks if kind in t.kinds})
