"""Next year's plan from this year's (年度滚动): which tasks carry over and how their dates move.

The new plan is a draft: same bureau (so the same units), the preamble and 主要目标 with the plan's
year changed to the new one, and the tasks `Carry` picks, each marked 跨年 with its link back. A dated
deadline keeps its month and day in the new year (29 February becomes the 28th); wordings without a year
(“6月底前”, “长期坚持”) are kept as they are, a wording naming the plan's year gets the new year.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

from ecodesk.domain.carry import Carried
from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.numbering import full_label
from ecodesk.domain.plan import Target, TaskNode
from ecodesk.domain.status import Status, is_closed


class Carry(StrEnum):
    """Which tasks a rollover carries: the unfinished ones (the default), all, or none."""

    UNFINISHED = "unfinished"
    ALL = "all"
    NONE = "none"


def year_words(text: str, old: int, new: int) -> str:
    """`text` with the plan's year `old` written as `new` where it names a year (“2021年”, “2021 年度”);
    other years (“2020年以来”) and numbers that merely contain the digits are left alone."""
    return re.sub(rf"(?<!\d){old}(?=\s*年)", str(new), text)


def moved_date(day: dt.date, years: int) -> dt.date:
    """The same month and day `years` later; 29 February becomes the 28th in a year without it."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def moved_deadline(deadline: Deadline | None, old: int, new: int) -> Deadline | None:
    """A deadline in the new year: a date moved by the years between, the wording's year words updated."""
    if deadline is None:
        return None
    day = moved_date(deadline.date, new - old) if deadline.date else None
    return Deadline(day, year_words(deadline.text, old, new))


def carried_targets(targets: list[Target], old: int, new: int) -> list[Target]:
    """The 主要目标 as the draft's: the same indicators, their year words updated."""
    return [Target(year_words(t.text, old, new), t.category) for t in targets]


def carried_tasks(tasks: list[TaskNode], carry: Carry, old: int, new: int, offset: int = 0) -> list[TaskNode]:
    """The new plan's tasks: those `carry` picks, with the parents that hold them, as fresh nodes (no ids,
    no progress) linked back to the tasks they come from. Carry.UNFINISHED picks the tasks without sub-tasks
    that are neither done nor cancelled (a heading carries only to hold them). An unfinished task keeps the
    status and percent it ended the year with; a finished or cancelled one (carried only by Carry.ALL)
    starts again, 未开始. The link back names the old task by its label there (`offset`: the old plan's
    chapters before its first task chapter, domain/numbering.plan_chapter_offset)."""
    if carry is Carry.NONE:
        return []
    return [node for task in tasks if (node := _carried(task, carry, old, new, offset)) is not None]


def _carried(task: TaskNode, carry: Carry, old: int, new: int, offset: int) -> TaskNode | None:
    children = carried_tasks(task.children, carry, old, new, offset)
    if carry is Carry.UNFINISHED and not children and (task.children or is_closed(task.status)):
        return None  # finished, or a heading none of whose tasks carries
    closed = is_closed(task.status)
    return TaskNode(
        title=task.title, measures=task.measures, lead_units=list(task.lead_units), co_units=list(task.co_units),
        deadline=moved_deadline(task.deadline, old, new), notes=task.notes,
        status=Status.NOT_STARTED if closed else task.status, percent=0 if closed else task.percent,
        children=children, carried=Carried(old, full_label(task.path, offset) or task.number, task.id),
    )
