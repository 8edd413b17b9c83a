"""Which tasks a clerk wants to see: filters that combine (unit, status, 序时 light or 未报, overdue, due
this month, text)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import NamedTuple

from ecodesk.domain.pace import Light
from ecodesk.domain.plan import Tally, TaskNode
from ecodesk.domain.reporting import TaskMark
from ecodesk.domain.status import OVERDUE_LABEL, Status, is_closed


class TaskFilter(NamedTuple):
    """All set criteria must hold. `status` may be a Status value or 已滞后.
    A NamedTuple: a dataclass compiles its methods at start-up (some 3 million instructions each)."""

    unit: str | None = None
    status: str | None = None
    pace: str | None = None  # a Light value, BEHIND (红 or 黄) or UNREPORTED (未报)
    overdue_only: bool = False
    due_this_month: bool = False
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.unit or self.status or self.pace or self.overdue_only or self.due_this_month or self.text)

    def matches(self, task: TaskNode, today: dt.date, mark: TaskMark | None = None) -> bool:
        """Whether this one task (not its sub-tasks), with its 序时 `mark`, meets every criterion."""
        if self.unit and not task.involves(self.unit):
            return False
        if self.status and not _status_matches(task, self.status, today):
            return False
        if self.pace and not pace_matches(mark, self.pace):
            return False
        if self.overdue_only and not task.is_overdue(today):
            return False
        if self.due_this_month and not _due_in_month(task, today):
            return False
        return not self.text or _text_matches(task, self.text)


def _status_matches(task: TaskNode, wanted: str, today: dt.date) -> bool:
    if wanted == OVERDUE_LABEL:
        return task.is_overdue(today)
    return task.status is Status.parse(wanted)


BEHIND = "behind"
UNREPORTED = "unreported"


def pace_matches(mark: TaskMark | None, wanted: str) -> bool:
    """A task without a mark (none computed for it) matches no 序时 criterion."""
    if mark is None:
        return False
    if wanted == UNREPORTED:
        return mark.unreported
    if wanted == BEHIND:
        return mark.light in (Light.RED, Light.YELLOW)
    return mark.light.value == wanted


def _due_in_month(task: TaskNode, today: dt.date) -> bool:
    day = task.deadline_date
    return day is not None and (day.year, day.month) == (today.year, today.month) and not is_closed(task.status)


def _text_matches(task: TaskNode, needle: str) -> bool:
    needle = needle.strip().casefold()
    haystack = " ".join([task.number, task.title, task.measures, task.notes, *task.lead_units, *task.co_units])
    return needle in haystack.casefold()


class FilterResult(NamedTuple):
    """What a filtered tree view shows: the matching tasks, plus their ancestors for context.
    A NamedTuple: a dataclass compiles its methods at start-up (some 3 million instructions each)."""

    matched: list[TaskNode]
    shown_ids: frozenset[int]


def apply_filter(tasks: list[TaskNode], flt: TaskFilter, today: dt.date,
                 marks: Mapping[int, TaskMark] | None = None) -> FilterResult:
    """Tasks meeting `flt` (with their 序时 `marks`) and the ids to show: a parent stays visible when a
    descendant matches."""
    marks = marks or {}
    matched: list[TaskNode] = []
    shown: set[int] = set()

    def visit(task: TaskNode) -> bool:
        below = [visit(child) for child in task.children]
        hit = flt.is_empty or flt.matches(task, today, marks.get(task.id or -1))
        if hit:
            matched.append(task)
        visible = hit or any(below)
        if visible and task.id is not None:
            shown.add(task.id)
        return visible

    for task in tasks:
        visit(task)
    return FilterResult(matched, frozenset(shown))


class Filtered:
    """A filter's result over a plan and the counts of the leaves it matched, kept up to date: after an
    edit of a few tasks `update` looks at those few; only one that starts or stops matching makes the whole
    plan be filtered again (a parent's visibility follows its descendants')."""

    def __init__(self, tasks: list[TaskNode], flt: TaskFilter, today: dt.date,
                 marks: Mapping[int, TaskMark] | None = None) -> None:
        self.filter, self.today = flt, today
        self._tasks = tasks
        self._marks: Mapping[int, TaskMark] = marks if marks is not None else {}  # kept up to date by the caller
        self._refilter()

    def _refilter(self) -> None:
        result = apply_filter(self._tasks, self.filter, self.today, self._marks)
        self.shown_ids: frozenset[int] | None = None if self.filter.is_empty else result.shown_ids
        self._matched = {task.id for task in result.matched}
        self.leaves = [task for task in result.matched if task.is_leaf]  # the same list until filtered again
        self.counts = Tally(self.leaves, self.today)

    def update(self, changed: list[TaskNode]) -> None:
        """These tasks were edited in place (their place in the tree unchanged)."""
        if any((task.id in self._matched) != self._hit(task) for task in changed):
            self._refilter()
        else:
            self.counts.recount(changed)

    def _hit(self, task: TaskNode) -> bool:
        return self.filter.is_empty or self.filter.matches(task, self.today, self._marks.get(task.id or -1))
