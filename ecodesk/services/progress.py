"""Progress updates (进展情况): each one dated, and the task's status and percent follow it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ecodesk.domain.changes import Changes, tasks_changed
from ecodesk.domain.errors import ConflictError, NotFoundError, UserError
from ecodesk.domain.history import Standing, StatusChange, implied_status, standing_as_of
from ecodesk.domain.plan import ProgressEntry, TaskNode
from ecodesk.domain.status import Status
from ecodesk.domain.task_fields import DATED_FIELD, PERCENT, STATUS, checked_percent
from ecodesk.domain.text import clean_text
from ecodesk.services import audit
from ecodesk.services.plans import progress_entry
from ecodesk.services.rows import task_row
from ecodesk.services.standing import (
    change_rows,
    change_words,
    gone_with_update,
    history_of,
    leaves_standing,
    record_change,
    standing_diff,
)
from ecodesk.services.tasks import known_copy, read_node, with_update
from ecodesk.store.db import Database
from ecodesk.store.guarded import Insert, Inserted, Updated, update_versioned
from ecodesk.store.models import AuditRow, ProgressRow, StatusChangeRow, TaskRow, utcnow
from ecodesk.store.signin import login_of, session_login
from ecodesk.store.turn import Turn


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
    with db.session() as s:
        return progress_entry(record_update(s, task_id, date=date, text=text, percent=percent, unit=unit,
                                            author=author, status=status))


def add_progress_read(db: Database, task_id: int, *, date: dt.date, text: str, percent: int | None = None,
                      unit: str = "", shown: TaskNode | None = None) -> tuple[ProgressEntry, TaskNode]:
    """add_progress for the window: the update, and the task as it left it, from the same transaction.
    `shown` is the task as the window shows it: while the stored task is still at its version, the update,
    its dated change and its audit rows go with the task's UPDATE, which checks that version, and nothing is
    read (on a server: BEGIN, one statement, COMMIT; store/guarded). A task saved by someone else meanwhile
    is held and read whole instead: reports on one task queue rather than conflict. In a SQLite file the
    first attempt is a `Turn` of its own (store/turn), without the ORM session."""
    if shown is not None and shown.id == task_id and db.is_sqlite:
        with db.turn() as turn:
            made = _reported_on(turn, shown, date, *_cleaned(text, unit, percent))
        if made is not None:
            return made
    with db.session() as s:
        if shown is not None and shown.id == task_id and not db.is_sqlite:
            made = _reported_on(s, shown, date, *_cleaned(text, unit, percent))
            if made is not None:
                return made
        row = record_update(s, task_id, date=date, text=text, percent=percent, unit=unit)
        task = task_row(s, task_id)  # held already: no query; its version moves at the flush
        known = known_copy(shown, task_id, task.version)
        s.flush()
        entry = progress_entry(row)
        return entry, read_node(s, task, known, units=known is None, added=entry)


def _cleaned(text: str, unit: str, percent: int | None) -> tuple[str, str, int | None]:
    """An update's text (never empty), unit and percent as stored."""
    text = clean_text(text).strip()
    if not text:
        raise UserError("进展内容不能为空")
    return text, clean_text(unit).strip(), None if percent is None else checked_percent(percent)


def _standing_after(history: list[StatusChange], date: dt.date, percent: int | None,
                    status: Status | None) -> Standing:
    """Where an update dated `date` puts the task from that day on: a first one on a task not started moves
    it to 推进中, 100 % marks it 已完成, unless `status` is given."""
    before = standing_as_of(history, date)
    return Standing(status or implied_status(before.status, percent), before.percent if percent is None else percent)


def _reported_on(target: Session | Turn, task: TaskNode, date: dt.date, text: str, unit: str,
                 percent: int | None) -> tuple[ProgressEntry, TaskNode] | None:
    """The update written with the task's UPDATE if the task is still at the version of `task` (as the window
    shows it, so nothing is read): the update and the task as it left it; None when it was not."""
    assert task.id is not None
    new, author, made_at = _standing_after(task.history, date, percent, None), login_of(target), utcnow()
    report = {"task_id": task.id, "date": date, "text": text, "percent": percent, "status": new.status.value,
              "unit_name": unit, "author": author, "created_at": made_at, "problems": "", "next_steps": "",
              "return_id": None}
    change = StatusChange(date, max((c.seq for c in task.history), default=0) + 1, new)  # its seq: its id, below
    latest = standing_as_of([*task.history, change], dt.date.max)
    moved = standing_diff(Standing(task.status, task.percent), latest)
    signed = partial(audit.row_values, target, plan_id=Updated("plan_id"))
    rows = [signed(action="update", entity="task", entity_id=task.id, field=DATED_FIELD, new=change_words(change))
            ] if leaves_standing(moved, None, change_words(change)) else []
    rows.append(signed(action="create", entity="progress", entity_id=Inserted(0), field=str(task.id), new=text))
    rows += audit.changed_rows(target, entity="task", entity_id=task.id, plan_id=Updated("plan_id"), changes=moved)
    dated = {"task_id": task.id, "effective": date, "status": new.status.value, "percent": new.percent,
             "progress_id": Inserted(0)}
    writes = [Insert(ProgressRow.__table__, report), Insert(StatusChangeRow.__table__, dated),
              *(Insert(AuditRow.__table__, row) for row in rows)]
    values = {**STATUS.written(latest.status), **PERCENT.written(latest.percent)}
    written = update_versioned(target, TaskRow.__table__, task.id, task.version, values, writes)
    if written is None:
        return None
    progress_id, change_id = written.inserted[:2]
    entry = ProgressEntry(date, text, percent, unit, author, new.status, made_at, progress_id)
    history = [*task.history, change._replace(seq=change_id, progress_id=progress_id)]
    return entry, replace(task, status=latest.status, percent=latest.percent, version=written.version,
                          progress=with_update(task.progress, entry), history=history, children=[])


def record_update(session: Session, task_id: int, *, date: dt.date, text: str, percent: int | None = None,
                  unit: str = "", author: str | None = None, status: Status | None = None, problems: str = "",
                  next_steps: str = "", return_id: int | None = None) -> ProgressRow:
    """One update written and audited in the caller's transaction, the task's status and percent after it
    (`problems`, `next_steps` and `return_id`: what a returned 进展征集表 adds, services/collection)."""
    text, unit, value = _cleaned(text, unit, percent)
    task = _locked_task(session, task_id)  # clerks reporting on one task at once queue, none is lost
    history = history_of(session, task_id)
    new = _standing_after(history, date, value, status)
    row = ProgressRow(task_id=task_id, date=date, text=text, percent=value, status=new.status.value,
                      unit_name=unit, author=author if author is not None else session_login(session),
                      problems=clean_text(problems).strip(), next_steps=clean_text(next_steps).strip(),
                      return_id=return_id)
    session.add(row)
    session.flush()
    changes = record_change(session, task, date, new, progress_id=row.id, history=history)
    audit.record(session, action="create", entity="progress", entity_id=row.id, plan_id=task.plan_id,
                 field=str(task_id), new=text)
    audit.record_changes(session, entity="task", entity_id=task_id, plan_id=task.plan_id, changes=changes)
    return row


@dataclass(frozen=True, slots=True)
class Reported:
    """One passage of a 进展 report the clerk confirmed: the task it speaks of and what it says."""

    task_id: int
    text: str


def add_reported(db: Database, plan_id: int, reported: Sequence[Reported], *, date: dt.date,
                 unit: str = "") -> Changes:
    """Record a whole 进展 report as dated updates, in one transaction. A passage already recorded on its
    task with that date (the same report imported twice) is not recorded again."""
    with db.session() as s:
        known = {(task_id, text) for task_id, text in s.execute(
            select(ProgressRow.task_id, ProgressRow.text).join(TaskRow)
            .where(TaskRow.plan_id == plan_id, ProgressRow.date == date))}
        added: set[int] = set()
        for entry in reported:
            task = task_row(s, entry.task_id)
            if task.plan_id != plan_id:
                raise UserError(f"任务（编号 {entry.task_id}）不属于该年度工作要点")
            if (entry.task_id, clean_text(entry.text).strip()) in known:
                continue
            record_update(s, entry.task_id, date=date, text=entry.text, unit=unit)
            known.add((entry.task_id, clean_text(entry.text).strip()))
            added.add(entry.task_id)
        return tasks_changed(*added, progress=True)


def _locked_task(session: Session, task_id: int) -> TaskRow:
    """The task, held until the transaction ends. On a server, a task the clerk may see but not lock is
    another unit's (row-level security, store/server_roles.py): that is said, not "not found"."""
    try:
        return task_row(session, task_id, lock=True)
    except NotFoundError:
        if session.get(TaskRow, task_id) is not None:
            raise UserError(NOT_ITS_TASK) from None
        raise


def list_progress(db: Database, task_id: int) -> list[ProgressEntry]:
    """A task's updates, newest first, as the progress panel lists them."""
    with db.reader() as s:
        rows = s.scalars(select(ProgressRow).where(ProgressRow.task_id == task_id)
                         .order_by(ProgressRow.date.desc(), ProgressRow.id.desc()))
        return [progress_entry(r) for r in rows]


NOT_ITS_TASK = "登录的账户无权为这项任务填报进展（股室填报账户只能为本股室牵头或配合的任务填报），本次修改未保存"
NOT_YOURS = "这条进展由其他账户填报，登录的账户无权删除它，本次修改未保存"
UNDO_CONFLICT_MESSAGE = "这项任务在您记录该进展之后已被其他人修改，为免覆盖他人的修改，未撤销这条进展"


def delete_progress(db: Database, progress_id: int, *, expected_version: int | None = None) -> Changes:
    """Remove an update and the dated change it came with (undo of `add_progress`): the task's status
    and percent are then its latest standing without it (the task is named as changed).

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
        came_with = [c for c in change_rows(s, task.id) if c.progress_id == row.id]
        audit.record(s, action="delete", entity="progress", entity_id=row.id, plan_id=task.plan_id,
                     field=str(task.id), old=row.text)
        # by statement, to see its row count: a server's row-level security skips a report that is not the
        # signed-in clerk's to remove (store/server_roles.py), which must undo the whole transaction
        if s.execute(delete(ProgressRow).where(ProgressRow.id == progress_id)).rowcount != 1:
            raise UserError(NOT_YOURS)
        changes = gone_with_update(s, task, came_with)
        audit.record_changes(s, entity="task", entity_id=task.id, plan_id=task.plan_id, changes=changes)
        return tasks_changed(task.id, progress=True)
