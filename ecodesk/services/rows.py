"""Row-level helpers for the task tree, shared by the editing services (inside their transactions)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ecodesk.domain.errors import NotFoundError, UserError
from ecodesk.store.models import TaskRow


def task_row(session: Session, task_id: int, *, lock: bool = False) -> TaskRow:
    """The task row; `lock` holds it (SELECT … FOR UPDATE on PostgreSQL) until the transaction ends."""
    row = session.get(TaskRow, task_id, with_for_update=lock)
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


def checked_percent(value: object) -> int:
    try:
        percent = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise UserError(f"完成百分比“{value}”无效，应为 0 至 100 的整数") from None
    if not 0 <= percent <= 100:
        raise UserError(f"完成百分比“{value}”无效，应为 0 至 100 的整数")
    return percent
