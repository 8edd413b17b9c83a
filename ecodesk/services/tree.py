"""Moving tasks in the tree and deleting/restoring whole subtrees (undo and the audit log use these)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ecodesk.domain.errors import ConflictError, NotFoundError, UserError
from ecodesk.domain.history import NOT_STARTED, Standing
from ecodesk.domain.numbering import MAX_DEPTH
from ecodesk.domain.status import Status
from ecodesk.domain.task_fields import POSITION_FIELD, TASK_COLUMNS
from ecodesk.services import attachments, audit
from ecodesk.services.rows import depth_of, reposition, sibling_rows, subtree_height, task_row
from ecodesk.services.standing import change_rows
from ecodesk.store.db import Database
from ecodesk.store.models import (
    AuditRow,
    CarriedRow,
    CollectionReturnRow,
    ExtensionRow,
    PlanRow,
    ProgressRow,
    StatusChangeRow,
    TaskRow,
    TaskUnitRow,
    UnitRow,
    UrgingRow,
)


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a task sits: its parent (None = top level) and 0-based index among siblings."""

    parent_id: int | None
    index: int


def placement(db: Database, task_id: int) -> Placement:
    with db.reader() as s:
        row = task_row(s, task_id)
        return Placement(row.parent_id, row.position)


def move_task(db: Database, task_id: int, parent_id: int | None, index: int) -> Placement:
    """Move a task (with its subtree) under `parent_id` at `index`; returns where it was, for undo."""
    with db.session() as s:
        return _move(s, task_row(s, task_id), parent_id, index)


def _move(session: Session, row: TaskRow, parent_id: int | None, index: int) -> Placement:
    before = Placement(row.parent_id, row.position)
    parent = task_row(session, parent_id) if parent_id is not None else None
    if parent is not None:
        if parent.plan_id != row.plan_id:
            raise UserError("不能把任务移到另一年度的工作要点中")
        ancestor: TaskRow | None = parent
        while ancestor is not None:
            if ancestor.id == row.id:
                raise UserError("不能把任务移到它自己的下级任务中")
            ancestor = session.get(TaskRow, ancestor.parent_id) if ancestor.parent_id else None
    if depth_of(session, parent) + subtree_height(row) > MAX_DEPTH:
        raise UserError(f"任务最多 {MAX_DEPTH} 级，移动后会超过这个层数")
    old_siblings = [r for r in sibling_rows(session, row.plan_id, row.parent_id) if r.id != row.id]
    reposition(old_siblings)
    new_siblings = [r for r in sibling_rows(session, row.plan_id, parent_id) if r.id != row.id]
    new_siblings.insert(max(0, min(index, len(new_siblings))), row)
    row.parent_id = parent_id
    reposition(new_siblings)
    after = Placement(parent_id, row.position)
    if after != before:
        audit.record(session, action="move", entity="task", entity_id=row.id, plan_id=row.plan_id,
                     field=POSITION_FIELD, old=[before.parent_id, before.index], new=[after.parent_id, after.index])
    return before


def move_up(db: Database, task_id: int) -> Placement:
    """Swap with the sibling above."""
    with db.session() as s:
        row = task_row(s, task_id)
        if row.position == 0:
            raise UserError("已经是同级第一项，不能再上移")
        return _move(s, row, row.parent_id, row.position - 1)


def move_down(db: Database, task_id: int) -> Placement:
    """Swap with the sibling below."""
    with db.session() as s:
        row = task_row(s, task_id)
        if row.position >= len(sibling_rows(s, row.plan_id, row.parent_id)) - 1:
            raise UserError("已经是同级最后一项，不能再下移")
        return _move(s, row, row.parent_id, row.position + 1)


def indent(db: Database, task_id: int) -> Placement:
    """Make the task the last child of the sibling above it (降级)."""
    with db.session() as s:
        row = task_row(s, task_id)
        if row.position == 0:
            raise UserError("同级第一项不能降级：上面没有可作为上级的任务")
        above = sibling_rows(s, row.plan_id, row.parent_id)[row.position - 1]
        return _move(s, row, above.id, len(sibling_rows(s, row.plan_id, above.id)))


def outdent(db: Database, task_id: int) -> Placement:
    """Make the task the next sibling of its parent (升级)."""
    with db.session() as s:
        row = task_row(s, task_id)
        if row.parent_id is None:
            raise UserError("已经是第一级任务，不能再升级")
        parent = task_row(s, row.parent_id)
        return _move(s, row, parent.parent_id, parent.position + 1)


def _kept_return(session: Session, return_id: int | None) -> int | None:
    """The 进展征集 return a restored update came in, if the register still has it (snapshots made before
    revision 0005 have none)."""
    return return_id if return_id is not None and session.get(CollectionReturnRow, return_id) is not None else None


def _snapshot(session: Session, row: TaskRow) -> dict[str, Any]:
    progress = session.scalars(select(ProgressRow).where(ProgressRow.task_id == row.id).order_by(ProgressRow.id))
    return {
        "id": row.id, "plan_id": row.plan_id, "parent_id": row.parent_id, "position": row.position,
        **{column.name: column.encode(getattr(row, column.name)) for column in TASK_COLUMNS},
        "units": [[link.unit_id, link.role, link.position] for link in row.unit_links],
        "progress": [
            {"id": p.id, "date": p.date.isoformat(), "text": p.text, "percent": p.percent, "status": p.status,
             "unit_name": p.unit_name, "author": p.author, "created_at": p.created_at.isoformat(),
             "problems": p.problems, "next_steps": p.next_steps, "return_id": p.return_id}
            for p in progress
        ],
        "history": [{"id": c.id, "effective": c.effective.isoformat(), "status": c.status, "percent": c.percent,
                     "progress_id": c.progress_id} for c in change_rows(session, row.id)],
        "attachments": attachments.links_of(session, row.id),
        "extensions": [_row_values(e) for e in session.scalars(select(ExtensionRow).where(
            ExtensionRow.task_id == row.id).order_by(ExtensionRow.id))],
        "carried": _row_values(carried) if (carried := session.get(CarriedRow, row.id)) is not None else None,
        "carried_into": list(session.scalars(select(CarriedRow.task_id).where(CarriedRow.from_task_id == row.id))),
        "urgings": [_row_values(u) for u in session.scalars(select(UrgingRow).where(  # the 催办 log of it
            UrgingRow.task_id == row.id).order_by(UrgingRow.id))],
        "children": [_snapshot(session, c) for c in row.children],
    }


def _row_values(row: ExtensionRow | CarriedRow | UrgingRow) -> dict[str, Any]:
    """A 延期, 跨年 link or 催办 row's columns as JSON values (dates and times as ISO text), for a snapshot."""
    values = {column.name: getattr(row, column.name) for column in row.__table__.columns}
    return {name: value.isoformat() if isinstance(value, dt.date) else value for name, value in values.items()}


def _restored_row(model: type[ExtensionRow] | type[CarriedRow] | type[UrgingRow],
                  values: dict[str, Any]) -> ExtensionRow | CarriedRow | UrgingRow:
    """A row of `model` from `_row_values` (its Date and DateTime columns read back from ISO text)."""
    kinds = {column.name: column.type.python_type for column in model.__table__.columns}
    return model(**{name: kinds[name].fromisoformat(value) if isinstance(value, str) and kinds[name] in (
        dt.date, dt.datetime) else value for name, value in values.items()})


UNDO_ADD_CONFLICT = ("这项任务（或其下级任务）在您添加或恢复之后已被其他人修改或添加了下级任务，为免删除他人的工作，"
                     "未撤销；如确需删除，请选中该任务后删除")


def delete_task(db: Database, task_id: int, *,
                expected_version: Callable[[int], int | None] | None = None) -> dict[str, Any]:
    """Delete a task and its subtree; the returned snapshot (also kept in the audit log) restores it.

    The undo of adding or restoring a task passes `expected_version` (the version this window's own
    writes gave each task, None for one it never wrote): a task of the subtree saved or added by someone
    else since raises ConflictError, and nothing of theirs is deleted."""
    with db.session() as s:
        row = task_row(s, task_id)
        if expected_version is not None and any(r.version != expected_version(r.id) for r in _subtree(row)):
            raise ConflictError(UNDO_ADD_CONFLICT)
        snapshot = _snapshot(s, row)
        audit.record(s, action="delete", entity="task", entity_id=row.id, plan_id=row.plan_id,
                     old=json.dumps(snapshot, ensure_ascii=False), new=None)
        plan_id, parent_id = row.plan_id, row.parent_id
        s.delete(row)
        s.flush()
        reposition(sibling_rows(s, plan_id, parent_id))
        return snapshot


def _subtree(row: TaskRow) -> Iterator[TaskRow]:
    yield row
    for child in row.children:
        yield from _subtree(child)


def restore_task(db: Database, snapshot: dict[str, Any]) -> int:
    """Put a deleted subtree back where it was (or at the end of the top level if its parent is gone)."""
    with db.session() as s:
        if s.get(PlanRow, snapshot["plan_id"]) is None:
            raise NotFoundError("该任务所属的年度工作要点已被删除，无法恢复")
        if s.get(TaskRow, snapshot["id"]) is not None:
            raise UserError("该任务已经恢复过了")
        parent_id = snapshot["parent_id"] if s.get(TaskRow, snapshot["parent_id"] or -1) else None
        siblings = sibling_rows(s, snapshot["plan_id"], parent_id)
        row = _insert_snapshot(s, snapshot, parent_id)
        index = snapshot["position"] if parent_id == snapshot["parent_id"] else len(siblings)
        siblings.insert(max(0, min(index, len(siblings))), row)
        reposition(siblings)
        audit.record(s, action="restore", entity="task", entity_id=row.id, plan_id=row.plan_id, new=row.title)
        return row.id


def _insert_snapshot(session: Session, snap: dict[str, Any], parent_id: int | None) -> TaskRow:
    # a snapshot taken before a column was added lacks it: the row gets the column's default
    row = TaskRow(
        id=snap["id"], plan_id=snap["plan_id"], parent_id=parent_id, position=snap["position"],
        **{column.name: column.decode(snap[column.name]) for column in TASK_COLUMNS if column.name in snap},
    )
    session.add(row)
    session.flush()
    for unit_id, role, position in snap["units"]:
        if session.get(UnitRow, unit_id) is not None:
            session.add(TaskUnitRow(task_id=row.id, unit_id=unit_id, role=role, position=position))
    for p in snap["progress"]:
        session.add(ProgressRow(
            id=p["id"], task_id=row.id, date=dt.date.fromisoformat(p["date"]), text=p["text"], percent=p["percent"],
            status=p["status"], unit_name=p["unit_name"], author=p["author"],
            created_at=dt.datetime.fromisoformat(p["created_at"]), problems=p.get("problems", ""),
            next_steps=p.get("next_steps", ""), return_id=_kept_return(session, p.get("return_id")),
        ))
    session.flush()
    _restore_history(session, row, snap)
    attachments.relink(session, row.id, snap.get("attachments", []))  # none in snapshots made before 0008
    session.add_all(_restored_row(ExtensionRow, e) for e in snap.get("extensions", []))  # none before 0009
    if carried := snap.get("carried"):  # its link back, unless the old task is gone meanwhile
        kept = carried["from_task_id"] if session.get(TaskRow, carried["from_task_id"] or -1) else None
        session.add(_restored_row(CarriedRow, {**carried, "from_task_id": kept}))
    for urging in snap.get("urgings", []):  # none in snapshots made before 0007; a unit merged away since: by name
        unit_id = urging["unit_id"] if session.get(UnitRow, urging["unit_id"] or -1) is not None else None
        session.add(_restored_row(UrgingRow, {**urging, "unit_id": unit_id}))
    for later in snap.get("carried_into", []):  # next year's tasks carried from it link back to it again
        if (link := session.get(CarriedRow, later)) is not None:
            link.from_task_id = row.id
    for child in snap["children"]:
        _insert_snapshot(session, child, row.id)
    session.flush()
    return row


def _restore_history(session: Session, row: TaskRow, snap: dict[str, Any]) -> None:
    """The task's dated changes as they were; a snapshot taken before they were kept gets one, dated by
    its latest update (else today), giving the standing it had."""
    if "history" not in snap:
        now = Standing(Status(row.status), row.percent)
        if now != NOT_STARTED:
            day = max((dt.date.fromisoformat(p["date"]) for p in snap["progress"]), default=dt.date.today())
            session.add(StatusChangeRow(task_id=row.id, effective=day, status=row.status, percent=row.percent))
        return
    for c in snap["history"]:
        session.add(StatusChangeRow(id=c["id"], task_id=row.id, effective=dt.date.fromisoformat(c["effective"]),
                                    status=c["status"], percent=c["percent"], progress_id=c["progress_id"]))


@dataclass(frozen=True, slots=True)
class DeletedTask:
    """A deletion recorded in the audit log, restorable while its id is free."""

    audit_id: int
    at: dt.datetime
    who: str
    title: str
    snapshot: dict[str, Any]


def deleted_tasks(db: Database, plan_id: int) -> list[DeletedTask]:
    """Deleted tasks of a plan, newest first, that are not back in the tree."""
    with db.reader() as s:
        rows = s.scalars(select(AuditRow).where(AuditRow.plan_id == plan_id, AuditRow.entity == "task",
                                                AuditRow.action == "delete").order_by(AuditRow.id.desc()))
        result = []
        for row in rows:
            snap = json.loads(row.old or "{}")
            if snap and s.get(TaskRow, snap["id"]) is None:
                result.append(DeletedTask(row.id, row.at, row.who, snap["title"], snap))
        return result
