"""The JSON export: a public contract other tools read. Keep its shape stable: keys are only ever added.

A plan read as of a day (load_plan(as_of=…)) adds the top-level `as_of` and, per task, `expected_percent`
(序时, a number or null), `light` (done/red/yellow/blue/green/none) and `reported_in_period` (true/false);
`status` and `percent` are then those of that day. A task's `number` is its full label as every document
prints it (三（三）2.4）: chapters numbered after the preamble's, domain/numbering.task_label).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ecodesk.domain.extensions import Extension
from ecodesk.domain.numbering import full_label, plan_chapter_offset
from ecodesk.domain.periods import Period
from ecodesk.domain.plan import PlanTree, TaskNode
from ecodesk.domain.reporting import TaskMark, plan_marks
from ecodesk.io.atomic import atomic_write


def plan_to_json(plan: PlanTree, period: Period | None = None) -> dict[str, Any]:
    """{"plan": {...}, "targets": [...], "units": [...], "tasks": [... nested "children" ...]}, and `as_of`
    for a plan shown as of a day (未报 judged on `period`'s round, default the period that day falls in)."""
    marks = plan_marks(plan, period=period) if plan.as_of is not None else {}
    dated = {"as_of": plan.as_of.isoformat()} if plan.as_of is not None else {}
    return {
        "plan": {"year": plan.year, "title": plan.title, "bureau": plan.bureau, "draft": plan.draft},
        **dated,
        "targets": [{"text": t.text, "category": t.category or None} for t in plan.targets],
        "units": [u.name for u in plan.units],
        "tasks": [_task(t, marks, plan_chapter_offset(plan)) for t in plan.tasks],
    }


def _mark(mark: TaskMark | None) -> dict[str, Any]:
    if mark is None:
        return {}
    return {"expected_percent": mark.expected, "light": mark.light.value, "reported_in_period": mark.reported}


def _extension(extension: Extension) -> dict[str, Any]:
    """One 延期: the deadline it replaced, the new one, the reason and the approval date."""
    old = extension.old
    return {"old_deadline": old.date.isoformat() if old and old.date else None,
            "old_deadline_text": old.text if old else "",
            "new_deadline": extension.new.date.isoformat() if extension.new.date else None,
            "new_deadline_text": extension.new.text, "reason": extension.reason,
            "approved_on": extension.approved_on.isoformat() if extension.approved_on else None}


def _task(task: TaskNode, marks: dict[int, TaskMark], offset: int) -> dict[str, Any]:
    """A task and its children; `number` is the label every document prints (三（三）2.5）: domain/numbering)."""
    return {
        "number": full_label(task.path, offset),
        "title": task.title,
        "measures": task.measures,
        "lead_units": list(task.lead_units),
        "co_units": list(task.co_units),
        "deadline": task.deadline_date.isoformat() if task.deadline_date else None,
        "deadline_text": task.deadline_text,
        "deadline_shown": task.deadline_shown,
        "extensions": [_extension(e) for e in task.extensions],
        "carried_from": {"year": task.carried.year, "number": task.carried.number} if task.carried else None,
        "status": task.status.value,
        "percent": task.percent,
        "progress": [
            {"date": p.date.isoformat(), "text": p.text, "percent": p.percent, "unit": p.unit}
            for p in sorted(task.progress, key=lambda p: (p.date, p.id or 0))
        ],
        **_mark(marks.get(task.id) if task.id is not None else None),
        "children": [_task(c, marks, offset) for c in task.children],
    }


def export_json(plan: PlanTree, path: Path, period: Period | None = None) -> Path:
    """Write the plan as UTF-8 JSON (Chinese kept readable), atomically."""
    text = json.dumps(plan_to_json(plan, period), ensure_ascii=False, indent=2)
    with atomic_write(path) as tmp:
        tmp.write_text(text + "\n", encoding="utf-8")
    return path
