"""Per-unit figures for the overview tab and year-end summaries: who leads what, and how far it got."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ecodesk.domain.pace import PaceCount, pace_count
from ecodesk.domain.plan import PlanTree, TaskNode
from ecodesk.domain.reporting import TaskMark
from ecodesk.domain.status import Status
from ecodesk.domain.units import is_collective


@dataclass(frozen=True, slots=True)
class UnitStats:
    """One row of the overview table; a task counts for every unit it names (lead or co)."""

    unit: str
    led: int
    co: int
    done: int
    overdue: int
    cancelled: int
    pace: PaceCounts = field(default_factory=lambda: PaceCounts(Counter(), 0))

    @property
    def involved(self) -> int:
        return self.led + self.co

    @property
    def completion_rate(self) -> float:
        """Done among the unit's tasks that are not cancelled (0.0 when there are none)."""
        counted = self.involved - self.cancelled
        return self.done / counted if counted else 0.0


@dataclass(frozen=True, slots=True)
class PaceCounts:
    """Tasks by 序时 as a 通报 counts them (欠进度 / 达进度 / 超进度 / 已完成 / 无序时要求, adding up to all
    the tasks counted), and 未报 apart: an unreported task is also counted by its light."""

    by_pace: Counter[PaceCount]
    unreported: int

    def __getitem__(self, kind: PaceCount) -> int:
        return self.by_pace[kind]

    @property
    def total(self) -> int:
        return sum(self.by_pace.values())


def pace_counts(tasks: Iterable[TaskNode], marks: Mapping[int, TaskMark]) -> PaceCounts:
    """Count `tasks` that have a mark by their 序时 and 未报."""
    counted = [m for t in tasks if (m := marks.get(t.id or -1)) is not None]
    return PaceCounts(Counter(pace_count(m.pace) for m in counted), sum(m.unreported for m in counted))


def unit_stats(plan: PlanTree, today: dt.date, marks: Mapping[int, TaskMark] | None = None) -> list[UnitStats]:
    """A row per unit in the bureau's order (units only named on tasks come after), idle units omitted;
    with `marks`, each row counts its tasks by 序时 and 未报 too."""
    order = [u.name for u in plan.units]
    named = {n for t in plan.walk() for n in (*t.lead_units, *t.co_units) if not is_collective(n)}
    order += sorted(named - set(order))
    rows = []
    for name in order:
        lead = [t for t in plan.walk() if t.leads(name)]
        co = [t for t in plan.walk() if t.supports(name) and not t.leads(name)]
        tasks = lead + co
        if not tasks:
            continue
        rows.append(UnitStats(
            unit=name, led=len(lead), co=len(co),
            done=sum(t.status is Status.DONE for t in tasks),
            overdue=sum(t.is_overdue(today) for t in tasks),
            cancelled=sum(t.status is Status.CANCELLED for t in tasks),
            pace=pace_counts(tasks, marks or {}),
        ))
    return rows
