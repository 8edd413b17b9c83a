"""The JSON export: a public contract other tools read. Keep its shape stable."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ecodesk.domain.plan import PlanTree, TaskNode
from ecodesk.io.atomic import atomic_write


def plan_to_json(plan: PlanTree) -> dict[str, Any]:
    """{"plan": {...}, "targets": [...], "units": [...], "tasks": [... nested "children" ...]}."""
    return {
        "plan": {"year": plan.year, "title": plan.title, "bureau": plan.bureau},
        "targets": [{"text": t.text, "category": t.category or None} for t in plan.targets],
        "units": [u.name for u in plan.units],
        "tasks": [_task(t) for t in plan.tasks],
    }


def _task(task: TaskNode) -> dict[str, Any]:
    return {
        "number": task.number,
        "title": task.title,
        "measures": task.measures,
        "lead_units": list(task.lead_units),
        "co_units": list(task.co_units),
        "deadline": task.deadline_date.isoformat() if task.deadline_date else None,
        "deadline_text": task.deadline_text,
        "status": task.status.value,
        "percent": task.percent,
        "progress": [
            {"date": p.date.isoformat(), "text": p.text, "percent": p.percent, "unit": p.unit}
            for p in sorted(task.progress, key=lambda p: (p.date, p.id or 0))
        ],
        "children": [_task(c) for c in task.children],
    }


def export_json(plan: PlanTree, path: Path) -> Path:
    """Write the plan as UTF-8 JSON (Chinese kept readable), atomically."""
    text = json.dumps(plan_to_json(plan), ensure_ascii=False, indent=2)
    with atomic_write(path) as tmp:
        tmp.write_text(text + "\n", encoding="utf-8")
    return path
