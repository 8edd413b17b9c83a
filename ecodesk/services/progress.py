"""Progress updates (进展情况): each one dated, and the task's status and percent follow it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ecodesk.domain.errors import ConflictError, NotFoundError, UserError
from ecodesk.domain.history import Standing, implied_status, standing_as_of
from ecodesk.domain.plan import ProgressEntry
from ecodesk.domain.status import Status
from ecodesk.domain.task_fields import checked_percent
from ecodesk.domain.text import clean_text
from ecodesk.identity import current_user
from ecodesk.services import audit
from ecodesk.services.plans import progress_entry
from ecodesk.services.rows import task_row
from ecodesk.services.standing import change_rows, history_of, record_change, take_back
from ecodesk.store.db import Database
from ecodesk.store.models import ProgressRow


def add_progress(
    db: Database,
    task_id: int,
    *,
    date: dt.date,
    text: str,
    percent: int | None = None,
    unit: str = "",
    author: str | None = None,
    status: Status | None = None,
) -> ProgressEntry:
    """Record an update; a percent or status given with it is the task's from the update's date on
    (a dated change, services/standing: the latest dated one is the task's current standing).

    A first update on a task not yet started (on that date) moves it to 推进中, and 100% marks it 已完成,
    unless a status is given explicitly.
    """
    text, unit = clean_text(text).strip(), clean_text(unit)
    if not text:
        raise UserError("进展内容不能为空")
    value = None if percent is None else checked_percent(percent)
    with db.session() as s:
        task = task_row(s, task_id, lock=True)  # clerks reporting on one task at once queue, none is lost
        history = history_of(s, task_id)
        before = standing_as_of(history, date)
        new = Standing(status or implied_status(before.status, value), before.percent if value is None else value)
        row = ProgressRow(task_id=task_id, date=date, text=text, percent=value, status=new.status.value,
                          unit_name=unit.strip(), author=author if author is not None else current_user())
        s.add(row)
        s.flush()
        changes = record_change(s, task, date, new, progress_id=row.id, history=history)
        audit.record(s, action="create", entity="progress", entity_id=row.id, plan_id=task.plan_id,
                     field=str(task_id), new=text)
        audit.record_changes(s, entity="task", entity_id=task_id, plan_id=task.plan_id, changes=changes)
        return progress_entry(row)


def list_progress(db: Database, task_id: int) -> list[ProgressEntry]:
    """A task's updates, newest first, as the progress panel lists them."""
    with db.reader() as s:
        rows = s.scalars(select(ProgressRow).where(ProgressRow.task_id == task_id)
                         .order_by(ProgressRow.date.desc(), ProgressRow.id.desc()))
        return [progress_entry(r) for r in rows]


UNDO_CONFLICT_MESSAGE = "这项任务在您记录该进展之后已被其他人修改，为免覆盖他人的修改，未撤销这条进展"


def delete_progress(db: Database, progress_id: int, *, expected_version: int | None = None) -> None:
    """Remove an update and the dated change it came with (undo of `add_progress`): the task's status
    and percent are then its latest standing without it.

    With `expected_version` (the version the update gave the task), a task saved by someone else since
    raises ConflictError and keeps both the update and their status and percent.
    """
    with db.session() as s:
        row = s.get(ProgressRow, progress_id)
        if row is None:
            raise NotFoundError(f"进展记录（编号 {progress_id}）不存在，可能已被删除")
        task = task_row(s, row.task_id)
        if expected_version is not None and task.version != expected_version:
            raise ConflictError(UNDO_CONFLICT_MESSAGE)
        changes = take_back(s, task, [c for c in change_rows(s, task.id) if c.progress_id == row.id])
        audit.record(s, action="delete", entity="progress", entity_id=row.id, plan_id=task.plan_id,
                     field=str(task.id), old=row.text)
        audit.record_changes(s, entity="task", entity_id=task.id, plan_id=task.plan_id, changes=changes)
        s.delete(row)
