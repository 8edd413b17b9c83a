"""Per-unit figures for the overview tab and year-end summaries: who leads what, and how far it got."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ecodesk.domain.plan import PlanTree
from ecodesk.domain.status import Status


@dataclass(frozen=True, slots=True)
class UnitStats:
    """One row of the overview table; a task counts for every unit it names (lead or co)."""

    unit: str
    led: int
    co: int
    done: int
    overdue: int
    cancelled: int

    @property
    def involved(self) -> int:
        return self.led + self.co

    @property
    def completion_rate(self) -> float:
        """Done among the unit's tasks that are not cancelled (0.0 when there are none)."""
        counted = self.involved - self.cancelled
        return self.done / counted if counted else 0.0


def unit_stats(plan: PlanTree, today: dt.date) -> list[UnitStats]:
    """A row per unit in the bureau's order (units only named on tasks come after), idle units omitted."""
    order = [u.name for u in plan.units]
    order += sorted({n for t in plan.walk() for n in (*t.lead_units, *t.co_units)} - set(order))
    rows = []
    for name in order:
        lead = [t for t in plan.walk() if name in t.lead_units]
        co = [t for t in plan.walk() if name in t.co_units and name not in t.lead_units]
        tasks = lead + co
        if not tasks:
            continue
        rows.append(UnitStats(
            unit=name, led=len(lead), co=len(co),
            done=sum(t.status is Status.DONE for t in tasks),
            overdue=sum(t.is_overdue(today) for t in tasks),
            cancelled=sum(t.status is Status.CANCELLED for t in tasks),
        ))
    return rows
