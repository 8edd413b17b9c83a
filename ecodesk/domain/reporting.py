"""The plan as of a day, and what each task looks like in a reporting period: 序时, its light, 未报.

A report "as of" a day shows every task as it stood at the end of that day: its status and percent from
its dated changes (domain/history), its progress only up to that day, and a parent where its children
stand together. Reading the stored plan without a day gives the latest standing, parents included as the
clerk set them (the window edits those); with a day, parents always derive from their children, since a
period's report speaks of the work done below them.

For each task the views and exports ask three things of a period: the percent it should have reached
(序时, domain/pace.expected_percent), its light (domain/pace.pace_state under the plan's PaceRule), and
whether it was reported in the period's round (未报: no update dated from the day after the previous
period ended to this period's end). A task closed by then (已完成, 已取消) needs no report, so it is never
counted 未报; one with a report is "reported" whatever its light.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from ecodesk.domain.history import Standing, derived_standing, standing_as_of
from ecodesk.domain.pace import Light, PaceRule, PaceState, expected_percent, pace_state
from ecodesk.domain.periods import Period, period_of_day, plan_periods, round_start
from ecodesk.domain.plan import PlanTree, TaskNode
from ecodesk.domain.status import is_closed


def show_as_of(tasks: list[TaskNode], day: dt.date) -> None:
    """Put `tasks` and everything below them as they stood at the end of `day`, in place."""
    for task in tasks:
        _as_of(task, day)


def _as_of(task: TaskNode, day: dt.date) -> Standing:
    task.progress = [p for p in task.progress if p.date <= day]
    task.history = [c for c in task.history if c.effective <= day]
    _deadline_as_of(task, day)
    if task.children:
        standing = derived_standing([_as_of(child, day) for child in task.children])
    else:
        standing = standing_as_of(task.history, day)
    task.status, task.percent = standing.status, standing.percent
    return standing


def _deadline_as_of(task: TaskNode, day: dt.date) -> None:
    """The 完成时限 in force at the end of `day`: a 延期 approved later had not moved it yet, so a report as
    of a past day prints, and its 序时 measures against, the deadline of that day (one with no approval
    date on record counts as in force)."""
    for index, extension in enumerate(task.extensions):
        if extension.approved_on is not None and extension.approved_on > day:
            task.deadline, task.extensions = extension.old, task.extensions[:index]
            return


class TaskMark(NamedTuple):
    """A task in a period: its pace (light, expected and actual percent) and whether it was reported.
    A NamedTuple: a dataclass compiles its methods at start-up (some 3 million instructions each)."""

    pace: PaceState
    reported: bool  # an update dated in the period's round (on the task or below it)
    needs_report: bool  # still open as of the day: a closed task is never 未报

    @property
    def light(self) -> Light:
        return self.pace.light

    @property
    def expected(self) -> float | None:
        return self.pace.expected

    @property
    def unreported(self) -> bool:
        """未报: open, and no update in the round (its own count, never "on pace")."""
        return self.needs_report and not self.reported


def task_mark(task: TaskNode, *, year: int, as_of: dt.date, rule: PaceRule, period: Period,
              periods: list[Period]) -> TaskMark:
    """The mark of `task` (as it stands on `as_of`, see show_as_of) in `period` of a plan of `year` whose
    periods are `periods`; the round runs from round_start to the period's end or `as_of`, the earlier."""
    expected = expected_percent(task.deadline, year, as_of)
    state = pace_state(task.status, task.percent, task.deadline_date, expected, as_of, rule)
    first = round_start(period, periods if period in periods else plan_periods(period.year, monthly=True))
    last = min(period.end, as_of)
    reported = any(first <= entry.date <= last for node in task.walk() for entry in node.progress)
    return TaskMark(state, reported, not is_closed(task.status))


def plan_marks(tree: PlanTree, as_of: dt.date | None = None, period: Period | None = None) -> dict[int, TaskMark]:
    """Every stored task's mark by id, as of `as_of` (default: the day the tree shows) in `period`
    (default: the plan's period that day falls in)."""
    day = as_of or tree.as_of
    if day is None:
        raise ValueError("plan_marks needs the day the plan is shown as of")
    periods = tree.reporting_periods()
    chosen = period or period_of_day(periods, day)
    return {task.id: task_mark(task, year=tree.year, as_of=day, rule=tree.pace_rule, period=chosen, periods=periods)
            for task in tree.walk() if task.id is not None}
