"""Per-unit figures for the overview tab and year-end summaries: who leads what, and how far it got."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ecodesk.domain.plan import PlanTree
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
        ))
    return rows
