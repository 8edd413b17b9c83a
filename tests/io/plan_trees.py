"""What a clerk sees of an imported plan, for comparing the imports of one plan in several formats."""

from __future__ import annotations

from ecodesk.io.plan_import import ImportResult

TaskView = tuple[str, str, str, list[str], list[str], object]


def tree_of(result: ImportResult) -> tuple[str, str, list[TaskView], list[object], list[str]]:
    """Title, preamble, every task (number, title, measures, units, deadline), targets and unit names."""
    plan = result.plan
    tasks = [(t.number, t.title, t.measures, t.lead_units, t.co_units, t.deadline) for t in plan.walk()]
    return plan.title, plan.preamble, tasks, list(plan.targets), [u.name for u in plan.units]
