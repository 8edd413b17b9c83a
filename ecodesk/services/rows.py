"""Row-level helpers for the task tree, shared by the editing services (inside their transactions)."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from ecodesk.domain.carry import Carried
from ecodesk.domain.errors import NotFoundError
from ecodesk.domain.extensions import Extension
from ecodesk.domain.plan import TaskNode
from ecodesk.domain.task_fields import COLUMN_FIELDS, UNIT_FIELDS, TaskField
from ecodesk.store.models import ExtensionRow, PlanRow, TaskRow, TaskUnitRow
from ecodesk.store.plan_rows import extension

V = TypeVar("V")


_WITH_UNITS = (joinedload(TaskRow.unit_links).joinedload(TaskUnitRow.unit), joinedload(TaskRow.extension_rows),
               joinedload(TaskRow.carried_row))
_WITH_CHANGES = joinedload(TaskRow.changes)


def plan_missing(plan_id: int) -> NotFoundError:
    return NotFoundError(f"工作要点（编号 {plan_id}）不存在")


def plan_row(session: Session, plan_id: int) -> PlanRow:
    """The plan row; NotFoundError (in Chinese) when it is gone, say deleted by another clerk."""
    plan = session.get(PlanRow, plan_id)
    if plan is None:
        raise plan_missing(plan_id)
    return plan


def task_row(session: Session, task_id: int, *, lock: bool = False, with_units: bool = False,
             with_changes: bool = False) -> TaskRow:
    """The task row; `lock` holds it (SELECT … FOR UPDATE on PostgreSQL) until the transaction ends;
    `with_units` loads its units in the same query (for `unit_names`), not one query each; `with_changes`
    its dated changes (services/standing), unless with its units (the join would repeat each unit by each
    change: they are read on first use instead)."""
    assert not (lock and (with_units or with_changes)), "FOR UPDATE cannot lock the outer join's side"
    options = [*_WITH_UNITS] if with_units else [_WITH_CHANGES] if with_changes else []
    row = session.get(TaskRow, task_id, with_for_update=lock, options=options)
    if row is None:
        raise NotFoundError(f"任务（编号 {task_id}）不存在，可能已被删除")
    return row


def sibling_rows(session: Session, plan_id: int, parent_id: int | None) -> list[TaskRow]:
    query = select(TaskRow).where(TaskRow.plan_id == plan_id)
    query = query.where(TaskRow.parent_id.is_(None) if parent_id is None else TaskRow.parent_id == parent_id)
    return list(session.scalars(query.order_by(TaskRow.position, TaskRow.id)))


def reposition(rows: list[TaskRow]) -> None:
    for position, row in enumerate(rows):
        if row.position != position:
            row.position = position


def depth_of(session: Session, row: TaskRow | None) -> int:
    depth = 0
    while row is not None:
        depth += 1
        row = session.get(TaskRow, row.parent_id) if row.parent_id else None
    return depth


def subtree_height(row: TaskRow) -> int:
    return 1 + max((subtree_height(c) for c in row.children), default=0)


def row_value(row: TaskRow, field: TaskField[V]) -> V:
    """A column field's value as the row stores it."""
    return field.read(lambda name: getattr(row, name))


def write_field(row: TaskRow, field: TaskField[V], value: V) -> tuple[object, object]:
    """Store a column field's (clean) value in the row; returns the (old, new) pair the audit log compares."""
    old = row_value(row, field)
    for name, stored in field.written(value).items():
        setattr(row, name, stored)
    return field.audit(old), field.audit(value)


def stored_columns(task: TaskNode) -> dict[str, object]:
    """The tasks-table columns of every column field of `task`, for a new row."""
    return {name: stored for field in COLUMN_FIELDS for name, stored in field.written(field.of(task)).items()}


def unit_names(row: TaskRow) -> dict[str, list[str]]:
    """The names of the task's units by role ("lead", "co"), in the plan's order."""
    names: dict[str, list[str]] = {field.unit_role: [] for field in UNIT_FIELDS}
    for link in row.unit_links:
        names.setdefault(link.role, []).append(link.unit.name)
    return names


def extensions_of(row: TaskRow) -> list[Extension]:
    """The task's 延期, oldest first, as the plan's read path gives them (store/plan_rows.extension)."""
    return [extension_of(e) for e in row.extension_rows]


def extension_of(row: ExtensionRow) -> Extension:
    return extension(row.old_deadline, row.old_deadline_text, row.new_deadline, row.new_deadline_text, row.reason,
                     row.approved_on, row.id)


def carried_of(row: TaskRow) -> Carried | None:
    """Where a 跨年 task came from; None for a task of this year's own."""
    link = row.carried_row
    return Carried(link.from_year, link.from_number, link.from_task_id) if link is not None else None
