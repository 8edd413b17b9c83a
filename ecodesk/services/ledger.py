"""The 台账 export (一事一档): every file attached to the plan's tasks and updates, filed by task in a zip.

A file on an update is dated by the update and named with its reporting unit; a file on the task itself is
dated by the day it was added and named with the task's lead units. `--period` keeps the files dated within
the period (cumulative, from January 1st), `--unit` those of the tasks a unit leads or co-works on and of
its own updates.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ecodesk.domain.errors import UserError
from ecodesk.domain.numbering import task_label
from ecodesk.domain.periods import Period
from ecodesk.domain.plan import PlanTree, TaskNode
from ecodesk.io.ledger_zip import LedgerItem, write_ledger
from ecodesk.io.plan_text import join_units
from ecodesk.services.plans import load_plan
from ecodesk.store import blobs
from ecodesk.store.db import Database
from ecodesk.store.models import AttachmentRow, TaskRow


def export_ledger(db: Database, plan_id: int, target: Path, *, period: Period | None = None,
                  unit: str | None = None) -> Path:
    """Write the ledger zip to `target` (atomically); UserError when the choice holds no file."""
    with db.one_look(), db.reader() as s:
        plan = load_plan(db, plan_id)
        if unit is not None and not any(t.involves(unit) for t in plan.walk()):
            raise UserError(f"“{unit}”在该年度工作要点中没有牵头或配合的任务")
        items = [item for task, item in _items(s, plan) if _chosen(task, item, period, unit)]
        return write_ledger(items, Path(target), _heading(plan, period, unit))


def _items(session: Session, plan: PlanTree) -> list[tuple[TaskNode, LedgerItem]]:
    """The plan's files with their tasks, in the order of the tasks, each task's by date."""
    tasks = {t.id: t for t in plan.walk()}
    updates = {p.id: p for t in tasks.values() for p in t.progress}
    rows = session.scalars(select(AttachmentRow).join(TaskRow).where(TaskRow.plan_id == plan.id,
                                                                     AttachmentRow.removed_at.is_(None)))
    order = {task_id: n for n, task_id in enumerate(tasks)}
    items = []
    for row in rows:
        task, update = tasks[row.task_id], updates.get(row.progress_id)
        day = update.date if update is not None else _local_day(row.added_at)
        unit = update.unit if update is not None and update.unit else join_units(task.lead_units)
        items.append((task, LedgerItem(
            task_id=row.task_id, number=task_label(plan, task), title=task.title, day=day, unit=unit, name=row.name,
            size=row.size, sha256=row.sha256,
            parts=lambda sha=row.sha256, size=row.size: blobs.read(session, sha, size))))
    return sorted(items, key=lambda pair: (order[pair[1].task_id], pair[1].day))


def _local_day(at: dt.datetime) -> dt.date:
    return at.replace(tzinfo=dt.UTC).astimezone().date()


def _chosen(task: TaskNode, item: LedgerItem, period: Period | None, unit: str | None) -> bool:
    if period is not None and not period.contains(item.day):
        return False
    return unit is None or item.unit == unit or task.involves(unit)


def _heading(plan: PlanTree, period: Period | None, unit: str | None) -> str:
    scope = "".join(f"（{part}）" for part in (period.label if period else "", unit or "") if part)
    return f"{plan.bureau}{plan.year}年工作台账目录{scope}"
