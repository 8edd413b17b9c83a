"""A task's status and percent as of any day, from the dated changes that set them.

Every status or percent change takes effect on a date (the progress update's, the one the clerk gives, else
the day it was made). As of a day, a task stands where its latest change dated on or before that day put it,
and before any change at 未开始, 0 %: so a June table never shows what was done in November. A parent task
stands where its children stand together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ecodesk.domain.status import Status


class Standing(NamedTuple):
    """Where a task stands: its status and percent.
    A NamedTuple: a dataclass compiles its methods at start-up (some 3 million instructions each)."""

    status: Status
    percent: int


NOT_STARTED = Standing(Status.NOT_STARTED, 0)


class StatusChange(NamedTuple):
    """One dated change; `seq` orders changes of the same date as they were made (the store gives its row
    id); `progress_id` is the progress update it came with, if any (deleting the update takes it back).
    A NamedTuple: a dataclass compiles its methods at start-up (some 3 million instructions each)."""

    effective: dt.date
    seq: int
    standing: Standing
    progress_id: int | None = None


def standing_as_of(changes: Iterable[StatusChange], day: dt.date) -> Standing:
    """The latest change dated on or before `day` (ties by the order made), else 未开始, 0 %."""
    dated = [c for c in changes if c.effective <= day]
    return max(dated, key=lambda c: (c.effective, c.seq)).standing if dated else NOT_STARTED


def derived_standing(children: Sequence[Standing]) -> Standing:
    """A parent's standing from its children's: cancelled children do not count; all done → 已完成 at 100 %;
    any begun → 推进中; the percent is the children's mean, rounded down so that a parent never reads 100 %
    before its last child is done."""
    counted = [c for c in children if c.status is not Status.CANCELLED]
    if not counted:
        return Standing(Status.CANCELLED, 0) if children else NOT_STARTED
    if all(c.status is Status.DONE for c in counted):
        return Standing(Status.DONE, 100)
    percent = min(sum(c.percent for c in counted) // len(counted), 99)
    begun = any(c.status is not Status.NOT_STARTED or c.percent > 0 for c in counted)
    return Standing(Status.IN_PROGRESS if begun else Status.NOT_STARTED, percent)


def implied_status(current: Status, percent: int | None) -> Status:
    """The status a progress update gives when it names none: 100 % is 已完成, and a first report on a task
    not yet started moves it to 推进中."""
    if percent == 100:
        return Status.DONE
    if current is Status.NOT_STARTED:
        return Status.IN_PROGRESS
    return current
