"""Which tasks a clerk wants to see: filters that combine (unit, status, overdue, due this month, text)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ecodesk.domain.plan import Tally, TaskNode
from ecodesk.domain.status import OVERDUE_LABEL, Status, is_closed


@dataclass(frozen=True, slots=True)
class TaskFilter:
    """All set criteria must hold. `status` may be a Status value or 已滞后."""

    unit: str | None = None
    status: str | None = None
    overdue_only: bool = False
    due_this_month: bool = False
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.unit or self.status or self.overdue_only or self.due_this_month or self.text)

    def matches(self, task: TaskNode, today: dt.date) -> bool:
        """Whether this one task (not its sub-tasks) meets every criterion."""
        if self.unit and not task.involves(self.unit):
            return False
        if self.status and not _status_matches(task, self.status, today):
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


def _due_in_month(task: TaskNode, today: dt.date) -> bool:
    day = task.deadline_date
    return day is not None and (day.year, day.month) == (today.year, today.month) and not is_closed(task.status)


def _text_matches(task: TaskNode, needle: str) -> bool:
    needle = needle.strip().casefold()
    haystack = " ".join([task.number, task.title, task.measures, task.notes, *task.lead_units, *task.co_units])
    return needle in haystack.casefold()


@dataclass(frozen=True, slots=True)
class FilterResult:
    """What a filtered tree view shows: the matching tasks, plus their ancestors for context."""

    matched: list[TaskNode]
    shown_ids: frozenset[int]


def apply_filter(tasks: list[TaskNode], flt: TaskFilter, today: dt.date) -> FilterResult:
    """Tasks meeting `flt` and the ids to show: a parent stays visible when a descendant matches."""
    matched: list[TaskNode] = []
    shown: set[int] = set()

    def visit(task: TaskNode) -> bool:
        below = [visit(child) for child in task.children]
        hit = flt.is_empty or flt.matches(task, today)
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

    def __init__(self, tasks: list[TaskNode], flt: TaskFilter, today: dt.date) -> None:
        self.filter, self.today = flt, today
        self._tasks = tasks
        self._refilter()

    def _refilter(self) -> None:
        result = apply_filter(self._tasks, self.filter, self.today)
        self.shown_ids: frozenset[int] | None = None if self.filter.is_empty else result.shown_ids
        self._matched = {task.id for task in result.matched}
        self.counts = Tally((task for task in result.matched if task.is_leaf), self.today)

    def update(self, changed: list[TaskNode]) -> None:
        """These tasks were edited in place (their place in the tree unchanged)."""
        if any((task.id in self._matched) != self._hit(task) for task in changed):
            self._refilter()
        else:
            self.counts.recount(changed)

    def _hit(self, task: TaskNode) -> bool:
        return self.filter.is_empty or self.filter.matches(task, self.today)
