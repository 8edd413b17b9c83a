"""Dated status and percent, inside the editing services' transactions (ecodesk.domain.history).

Every status or percent a service sets is recorded as a change taking effect on a day (a progress update's
date, the date the clerk gives, else today); the task's own status and percent columns always hold its
latest standing (the change dated latest, ties by the order made), which is what the window edits and
every reader without a date shows. A change is part of its task: recording or taking one back moves the
task's version counter, so an undo that finds the version it left knows the task's newest change is its own.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from ecodesk.domain.history import Standing, StatusChange, implied_status, standing_as_of
from ecodesk.domain.status import Status
from ecodesk.domain.task_fields import DATED_FIELD, PERCENT, STATUS
from ecodesk.services import audit
from ecodesk.services.rows import write_field
from ecodesk.store.models import StatusChangeRow, TaskRow

DATED_FIELDS = (STATUS, PERCENT)  # the fields whose every change is dated
Diff = dict[str, tuple[object, object]]  # field name → (old, new), as audit.record_changes takes it


def change_rows(session: Session, task_id: int) -> list[StatusChangeRow]:
    """The task's changes in the order they were made (TaskRow.changes: one query a transaction)."""
    task = session.get(TaskRow, task_id)  # the row the service holds already: no query
    return list(task.changes) if task is not None else []


def as_change(row: StatusChangeRow) -> StatusChange:
    return StatusChange(row.effective, row.id, Standing(Status(row.status), row.percent), row.progress_id)


def history_of(session: Session, task_id: int) -> list[StatusChange]:
    return [as_change(row) for row in change_rows(session, task_id)]


def record_change(session: Session, task: TaskRow, day: dt.date, standing: Standing, progress_id: int | None = None,
                  history: list[StatusChange] | None = None) -> Diff:
    """Record that from `day` on the task stands at `standing`; its columns follow its latest standing.
    `history` is the task's, if the caller has read it in this transaction. Returns the columns' (old,
    new) for the audit log."""
    known = history_of(session, task.id) if history is None else history
    row = StatusChangeRow(effective=day, status=standing.status.value, percent=standing.percent,
                          progress_id=progress_id)
    task.changes.append(row)
    session.flush()
    return _audited(session, task, _settle(task, [*known, as_change(row)]), new=change_words(as_change(row)))


def gone_with_update(session: Session, task: TaskRow, rows: list[StatusChangeRow]) -> Diff:
    """The changes that went with a progress update the caller deleted by statement (ON DELETE CASCADE on
    the server: a 股室填报 clerk may delete its own report, not the change rows themselves): the session
    forgets them instead of deleting them again, and the columns follow."""
    described = _described(rows)
    for row in rows:
        session.expunge(row)
    session.expire(task, ["changes"])
    return _audited(session, task, _settle(task, history_of(session, task.id)), old=described)


def change_words(change: StatusChange) -> str:
    """A dated change as the audit log says it: “2021-06-20起 推进中 40%”."""
    return f"{change.effective.isoformat()}起 {change.standing.status.value} {change.standing.percent}%"


def _described(rows: list[StatusChangeRow]) -> str:
    return "；".join(change_words(as_change(r)) for r in rows)


def leaves_standing(diff: Diff, old: str | None, new: str | None) -> bool:
    """Whether a change (told `old` → `new`) leaves the task's current status and percent (`diff`) as they
    are, a back-dated one: it gets an audit row of its own; one that moves them is told by their rows."""
    return all(before == after for before, after in diff.values()) and bool(old or new)


def _audited(session: Session, task: TaskRow, diff: Diff, *, old: str | None = None, new: str | None = None) -> Diff:
    """The audit row of a change that leaves the standing as it is (the caller audits `diff`)."""
    if leaves_standing(diff, old, new):
        audit.record(session, action="update", entity="task", entity_id=task.id, plan_id=task.plan_id,
                     field=DATED_FIELD, old=old, new=new)
    return diff


def standing_diff(current: Standing, latest: Standing) -> Diff:
    """The status and percent columns' (old, new) for the audit log, from `current` to `latest`."""
    return {STATUS.name: (STATUS.audit(current.status), STATUS.audit(latest.status)),
            PERCENT.name: (PERCENT.audit(current.percent), PERCENT.audit(latest.percent))}


def _settle(task: TaskRow, history: list[StatusChange]) -> Diff:
    """Put the task's status and percent columns at its latest standing, and move its version counter."""
    latest = standing_as_of(history, dt.date.max)
    flag_modified(task, STATUS.name)
    return {STATUS.name: write_field(task, STATUS, latest.status),
            PERCENT.name: write_field(task, PERCENT, latest.percent)}


def imported_history(task_id: int, entries: list[tuple[dt.date, Status | None, int | None, int | None]],
                     now: Standing, undated: dt.date) -> list[StatusChangeRow]:
    """The changes of an imported task: one per update (`entries`: date, status, percent, progress id), in
    date order, each as add_progress would record it; then, if they do not end where the task stands, its
    standing dated by its latest update, else `undated`."""
    standing, rows = Standing(Status.NOT_STARTED, 0), []
    for day, status, percent, progress_id in sorted(entries, key=lambda e: e[0]):
        standing = Standing(status or implied_status(standing.status, percent),
                            standing.percent if percent is None else percent)
        rows.append(StatusChangeRow(task_id=task_id, effective=day, status=standing.status.value,
                                    percent=standing.percent, progress_id=progress_id))
    if standing != now:
        day = max((e[0] for e in entries), default=undated)
        rows.append(StatusChangeRow(task_id=task_id, effective=day, status=now.status.value, percent=now.percent))
    return rows
