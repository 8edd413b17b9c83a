"""The audit log: one row for every change, written inside the same transaction as the change."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from ecodesk.domain.audit import AuditEntry
from ecodesk.store.db import Database
from ecodesk.store.models import AuditRow, utcnow
from ecodesk.store.signin import login_of
from ecodesk.store.turn import Turn


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False, default=str)


def record(
    session: Session,
    *,
    action: str,
    entity: str,
    entity_id: int | None,
    plan_id: int | None = None,
    field: str = "",
    old: object = None,
    new: object = None,
) -> None:
    """Add one audit row to the session's transaction (see `row_values`)."""
    session.add(AuditRow(**row_values(session, action=action, entity=entity, entity_id=entity_id, plan_id=plan_id,
                                      field=field, old=old, new=new)))


def row_values(target: Session | Turn, *, action: str, entity: str, entity_id: int | None, plan_id: object = None,
               field: str = "", old: object = None, new: object = None) -> dict[str, object]:
    """The columns of one audit row written in `target`'s transaction, naming the signed-in clerk (on a server
    its login, which the server checks: a row naming anyone else is refused) and the time."""
    return {"at": utcnow(), "who": login_of(target), "action": action, "entity": entity, "entity_id": entity_id,
            "plan_id": plan_id, "field": field, "old": _text(old), "new": _text(new)}


def changed_rows(target: Session | Turn, *, entity: str, entity_id: int, plan_id: object,
                 changes: dict[str, tuple]) -> list[dict[str, object]]:
    """One 'update' row's columns per field that really changed."""
    return [row_values(target, action="update", entity=entity, entity_id=entity_id, plan_id=plan_id, field=field,
                       old=old, new=new) for field, (old, new) in changes.items() if old != new]


def record_changes(
    session: Session, *, entity: str, entity_id: int, plan_id: int | None, changes: dict[str, tuple]
) -> None:
    """One 'update' row per field that really changed."""
    session.add_all(AuditRow(**values) for values in changed_rows(session, entity=entity, entity_id=entity_id,
                                                                   plan_id=plan_id, changes=changes))


def _entry(r: AuditRow) -> AuditEntry:
    return AuditEntry(r.at, r.who, r.action, r.entity, r.entity_id, r.field, r.old, r.new)


def history(db: Database, *, entity: str, entity_id: int) -> list[AuditEntry]:
    """Every recorded change of one row, oldest first."""
    with db.reader() as s:
        rows = s.scalars(
            select(AuditRow).where(AuditRow.entity == entity, AuditRow.entity_id == entity_id).order_by(AuditRow.id)
        )
        return [_entry(r) for r in rows]


BY_TASK = ("progress", "attachment")  # entities whose audit rows name their task in `field`


def plan_log(db: Database, plan_id: int, task_id: int | None = None) -> list[AuditEntry]:
    """A plan's changes, oldest first: its own, its tasks' and progress updates', and the units'.

    With `task_id`, only that task's changes, its progress updates' and its files' (whose `field` holds the
    task id).
    """
    if task_id is None:
        which = or_(AuditRow.plan_id == plan_id, AuditRow.entity == "unit")
    else:
        which = or_(and_(AuditRow.entity == "task", AuditRow.entity_id == task_id),
                    and_(AuditRow.entity.in_(BY_TASK), AuditRow.field == str(task_id)))
    with db.reader() as s:
        return [_entry(r) for r in s.scalars(select(AuditRow).where(which).order_by(AuditRow.id))]
