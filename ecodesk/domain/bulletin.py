"""The 督查通报 of a period: how each 股室's tasks stand against the pace, the slow and on-pace lists, and the
units that did not report.

Counted as 金寨's 通报 counts, over leaf tasks (cancelled ones left out) as of the period's end: 欠进度 (a 黄
or 红 light), 达进度, 超进度, 已完成 (domain/pace.pace_count), and 未报 — an open task with no update in the
period's round is its own count, whatever its light (domain/reporting). A task counts under each of its
lead units, once in the 合计 line. A unit "did not report" when it returned no 进展征集表 for the period
and none of its open tasks has an update in the round; a unit whose tasks are all closed owes no report.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from ecodesk.domain.pace import PaceCount, pace_count
from ecodesk.domain.period_report import NO_LEAD
from ecodesk.domain.periods import Period
from ecodesk.domain.urging import Candidate

UNREPORTED = "未报"
COLUMNS = (PaceCount.BEHIND.value, PaceCount.ON_PACE.value, PaceCount.AHEAD.value, PaceCount.DONE.value,
           UNREPORTED)
ON_PACE_COUNTS = frozenset({PaceCount.ON_PACE.value, PaceCount.AHEAD.value})


def category(candidate: Candidate) -> str:
    """The column a task is counted in: 未报 first, else its pace count (无序时要求 for 长期坚持)."""
    return UNREPORTED if candidate.mark.unreported else pace_count(candidate.mark.pace).value


@dataclass(slots=True)
class UnitCount:
    """One line of the counts table."""

    unit: str
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class Bulletin:
    """Everything the 通报 prints, in order."""

    bureau: str
    plan_title: str
    period: Period
    number: int  # 第N期: the period's place among the plan's periods
    as_of: dt.date
    issued_on: dt.date
    units: list[UnitCount]
    total: UnitCount
    columns: tuple[str, ...]  # COLUMNS, and 无序时要求 when a task has no pace
    slow: list[Candidate]
    on_pace: list[Candidate]
    silent_units: list[str]


def build_bulletin(candidates: Iterable[Candidate], *, unit_order: Sequence[str], returned: Collection[str],
                   bureau: str, plan_title: str, period: Period, periods: Sequence[Period], as_of: dt.date,
                   issued_on: dt.date) -> Bulletin:
    """The 通报 of `period` over `candidates` (the leaves as of `as_of`); `returned`: the units that sent
    back a table for the period."""
    tasks = list(candidates)
    by_unit: dict[str, UnitCount] = {}
    total = UnitCount("合计")
    reported: set[str] = set()
    owing: set[str] = set()
    for task in tasks:
        kind = category(task)
        total.counts[kind] += 1
        for unit in task.units or (NO_LEAD,):
            by_unit.setdefault(unit, UnitCount(unit)).counts[kind] += 1
            if task.mark.needs_report:
                owing.add(unit)
            if task.mark.reported:
                reported.add(unit)
    order = {name: i for i, name in enumerate(unit_order)}
    units = sorted(by_unit.values(), key=lambda u: (u.unit == NO_LEAD, order.get(u.unit, len(order)), u.unit))
    silent = [u.unit for u in units if u.unit in owing and u.unit not in reported and u.unit not in returned
              and u.unit != NO_LEAD]
    extra = tuple(k for k in (PaceCount.NO_PACE.value,) if total.counts[k])
    number = next(i for i, p in enumerate(periods, start=1) if p.key == period.key)
    return Bulletin(bureau, plan_title, period, number, as_of, issued_on, units, total, COLUMNS + extra,
                    [t for t in tasks if category(t) == PaceCount.BEHIND.value],
                    [t for t in tasks if category(t) in ON_PACE_COUNTS], silent)
