"""The year plan as plain data: the tree an importer builds and the snapshot exports and views read.

One shape serves both directions: an importer fills a `PlanTree` without ids and the store saves it;
the store loads a `PlanTree` with ids, numbers and progress, and exporters and the GUI read it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from ecodesk.domain import numbering
from ecodesk.domain.carry import Carried
from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.extensions import Extension, shown_deadline
from ecodesk.domain.history import StatusChange
from ecodesk.domain.pace import YINCHUAN, PaceRule
from ecodesk.domain.periods import Period, parse_period, plan_periods
from ecodesk.domain.status import Status, display_status, is_closed, is_overdue
from ecodesk.domain.units import covers


class PlanInfo(NamedTuple):
    """A line of the plan list: enough to pick a plan without loading its tree.
    A NamedTuple: a dataclass compiles its methods at start-up (some 3 million instructions each)."""

    id: int
    year: int
    title: str
    bureau: str
    task_count: int
    draft: bool = False  # made by a year rollover, not yet adopted (草案)


class Unit(NamedTuple):
    """A 股室 or 直属单位 of the bureau.
    A NamedTuple: a dataclass compiles its methods at start-up (some 3 million instructions each)."""

    name: str
    short_name: str = ""
    sort_order: int = 0
    active: bool = True
    id: int | None = None


@dataclass(frozen=True, slots=True)
class TargetValue:
    """A 主要目标's indicator as measured in one reporting period (`period` is its key, 2021-H1), with the
    judgement 达标 (True) / 未达标 (False), or None when it is not judged yet."""

    period: str
    value: str
    met: bool | None = None

    @property
    def end(self) -> dt.date:
        return parse_period(self.period).end

    @property
    def order(self) -> tuple[dt.date, bool]:
        """Values sort by the day their period ends, a month before the cumulative period ending with it."""
        return self.end, not self.period[5:].isdigit()

    @property
    def judgement(self) -> str:
        return {True: "达标", False: "未达标", None: ""}[self.met]


@dataclass(slots=True)
class Target:
    """One 主要目标 indicator, in plan order, with its actual values by period (in the order they end)."""

    text: str
    category: str = ""
    id: int | None = None
    values: list[TargetValue] = field(default_factory=list)

    def value_as_of(self, day: dt.date) -> TargetValue | None:
        """The newest value of a period ended by `day` (a cumulative period before a month ending with it):
        a report as of 6-30 shows the 上半年 figure, never the 前三季度 one."""
        known = [v for v in self.values if v.end <= day]
        return max(known, key=lambda v: v.order, default=None)

    def value_in(self, period: str) -> TargetValue | None:
        return next((v for v in self.values if v.period == period), None)

    def with_value(self, value: TargetValue) -> Target:
        """This target with `value` replacing its period's (an empty value removes that period's)."""
        values = [v for v in self.values if v.period != value.period]
        if value.value.strip():
            values.append(value)
        values.sort(key=lambda v: v.order)
        return Target(self.text, self.category, self.id, values)


class ProgressEntry(NamedTuple):
    """A dated progress update (进展情况) of a task.
    A NamedTuple: a dataclass compiles its methods at start-up (some 3 million instructions each)."""

    date: dt.date
    text: str
    percent: int | None = None
    unit: str = ""
    author: str = ""
    status: Status | None = None
    created_at: dt.datetime | None = None
    id: int | None = None
    problems: str = ""  # 存在问题 and 下步打算, as a returned 进展征集表 gives them
    next_steps: str = ""


@dataclass(slots=True)
class TaskNode:
    """A task with its sub-tasks. `number` and `path` are derived by `renumber`, never typed."""

    title: str
    measures: str = ""
    lead_units: list[str] = field(default_factory=list)
    co_units: list[str] = field(default_factory=list)
    deadline: Deadline | None = None
    status: Status = Status.NOT_STARTED
    percent: int = 0
    notes: str = ""
    progress: list[ProgressEntry] = field(default_factory=list)
    history: list[StatusChange] = field(default_factory=list)  # the dated changes of status and percent
    children: list[TaskNode] = field(default_factory=list)
    id: int | None = None
    version: int = 1
    number: str = ""
    path: tuple[int, ...] = ()
    source_line: int | None = None
    extensions: list[Extension] = field(default_factory=list)  # its 延期, oldest first
    carried: Carried | None = None  # a 跨年 task: where it came from

    @property
    def depth(self) -> int:
        return len(self.path)

    @property
    def deadline_date(self) -> dt.date | None:
        return self.deadline.date if self.deadline else None

    @property
    def deadline_text(self) -> str:
        return self.deadline.text if self.deadline else ""

    @property
    def deadline_shown(self) -> str:
        """The 完成时限 as exports print it, a 延期 included (domain/extensions.shown_deadline)."""
        return shown_deadline(self.deadline, self.extensions)

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def walk(self) -> Iterator[TaskNode]:
        """This task and all below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def latest_progress(self, as_of: dt.date | None = None) -> ProgressEntry | None:
        """The newest update dated on or before `as_of` (all updates when None)."""
        entries = [p for p in self.progress if as_of is None or p.date <= as_of]
        if not entries:
            return None
        return max(entries, key=lambda p: (p.date, p.created_at or dt.datetime.min, p.id or 0))

    def is_overdue(self, today: dt.date) -> bool:
        return is_overdue(self.status, self.deadline_date, today)

    def display_status(self, today: dt.date) -> str:
        return display_status(self.status, self.deadline_date, today)

    def leads(self, unit: str) -> bool:
        """Whether `unit` is among the leads, by name or as one of “各股室” (every unit)."""
        return covers(self.lead_units, unit)

    def supports(self, unit: str) -> bool:
        """Whether `unit` is among the co-units, by name or as one of “各股室”."""
        return covers(self.co_units, unit)

    def involves(self, unit: str) -> bool:
        return self.leads(unit) or self.supports(unit)


@dataclass(slots=True)
class PlanTree:
    """A year's 工作要点: heading, preamble, targets and the task tree, with its reporting periods and pace
    rule. `as_of` is the day the tree shows (services.plans.load_plan(as_of=…)); None: the latest standing."""

    year: int
    title: str
    bureau: str = ""
    preamble: str = ""
    targets: list[Target] = field(default_factory=list)
    tasks: list[TaskNode] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    id: int | None = None
    periods: list[Period] = field(default_factory=list)  # empty: the default four (reporting_periods)
    pace_rule: PaceRule = YINCHUAN
    as_of: dt.date | None = None
    draft: bool = False  # made by a year rollover and not yet adopted (草案)

    def reporting_periods(self) -> list[Period]:
        """The plan's periods in the order they end: those stored, else 一季度/上半年/前三季度/全年."""
        return self.periods or plan_periods(self.year)

    def walk(self) -> Iterator[TaskNode]:
        for task in self.tasks:
            yield from task.walk()

    def leaves(self) -> Iterator[TaskNode]:
        return (t for t in self.walk() if t.is_leaf)

    def find(self, path: tuple[int, ...] | list[int]) -> TaskNode:
        """The task at a 1-based position path; KeyError names the missing number."""
        siblings, node = self.tasks, None
        for depth, pos in enumerate(path, start=1):
            if not 1 <= pos <= len(siblings):
                raise KeyError(f"没有编号为 {numbering.number_path(list(path[:depth]))} 的任务")
            node = siblings[pos - 1]
            siblings = node.children
        if node is None:
            raise KeyError("编号路径为空")
        return node

    def renumber(self) -> None:
        """Number the tree, its chapters after the preamble's (domain/numbering.chapter_offset)."""
        renumber(self.tasks, chapter_offset=numbering.plan_chapter_offset(self))


def renumber(tasks: list[TaskNode], parent_path: tuple[int, ...] = (), *, chapter_offset: int = 0) -> None:
    """Give every task its label and path from its position: 一、 / （一） / 1. / 1）. The path counts
    task chapters from 1 (the CLI's 3.1.2); the chapter label comes after `chapter_offset` prose chapters."""
    for position, task in enumerate(tasks, start=1):
        task.path = (*parent_path, position)
        shown = position + chapter_offset if not parent_path else position
        task.number = numbering.label(len(task.path), shown)
        renumber(task.children, task.path)


class PlanStats(NamedTuple):
    """The counts a status bar, an overview tab or a year-end summary shows.
    A NamedTuple: a dataclass compiles its methods at start-up (some 3 million instructions each)."""

    total: int
    done: int
    in_progress: int
    not_started: int
    cancelled: int
    overdue: int

    @property
    def completion_rate(self) -> float:
        """Share of tasks done among those not cancelled (0.0 when there are none)."""
        counted = self.total - self.cancelled
        return self.done / counted if counted else 0.0


def stats_of(tasks: list[TaskNode] | Iterator[TaskNode], today: dt.date) -> PlanStats:
    """Count tasks by status; `tasks` is usually the leaves, the units of work."""
    by = dict.fromkeys(Status, 0)
    overdue = 0
    for task in tasks:
        by[task.status] += 1
        overdue += task.is_overdue(today)
    return _plan_stats(by, overdue)


def _plan_stats(by: dict[Status, int], overdue: int) -> PlanStats:
    return PlanStats(total=sum(by.values()), done=by[Status.DONE], in_progress=by[Status.IN_PROGRESS],
                     not_started=by[Status.NOT_STARTED], cancelled=by[Status.CANCELLED], overdue=overdue)


class Tally:
    """`stats_of` some tasks, kept up to date task by task: after an edit of a few of them the status bar
    counts those few again (`recount`), not the other 10,000."""

    def __init__(self, tasks: list[TaskNode] | Iterator[TaskNode], today: dt.date) -> None:
        self.today = today
        # by id(task): the task (held, so that no other node takes its id) and what it was counted as
        self._counted: dict[int, tuple[TaskNode, Status, bool]] = {}
        self._by = dict.fromkeys(Status, 0)
        self._overdue = 0
        for task in tasks:
            self._add(task)

    def _add(self, task: TaskNode) -> None:
        status, late = task.status, task.is_overdue(self.today)
        self._counted[id(task)] = (task, status, late)
        self._by[status] += 1
        self._overdue += late

    def recount(self, tasks: list[TaskNode]) -> None:
        """Count these tasks again as they now are (nodes are updated in place); others are left out."""
        for task in tasks:
            counted = self._counted.get(id(task))
            if counted is not None:
                _task, status, late = counted
                self._by[status] -= 1
                self._overdue -= late
                self._add(task)

    def stats(self) -> PlanStats:
        return _plan_stats(self._by, self._overdue)


__all__ = [
    "PlanInfo",
    "PlanStats",
    "PlanTree",
    "ProgressEntry",
    "Tally",
    "Target",
    "TargetValue",
    "TaskNode",
    "Unit",
    "is_closed",
    "renumber",
    "stats_of",
]
