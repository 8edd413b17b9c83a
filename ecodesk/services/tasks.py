"""Editing the task tree: add, edit fields, move/indent/outdent, delete and restore a subtree.

Positions among siblings are kept contiguous (0..n-1), so numbering is always derived from them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.errors import ConflictError, NotFoundError, UserError
from ecodesk.domain.numbering import MAX_DEPTH, number_path
from ecodesk.domain.plan import TaskNode
from ecodesk.domain.status import Status
from ecodesk.domain.text import clean_text
from ecodesk.domain.units import normalize_unit_name
from ecodesk.services import audit
from ecodesk.services.plans import progress_entry, task_node
from ecodesk.services.rows import checked_percent, depth_of, reposition, sibling_rows, task_row
from ecodesk.services.units import ensure_units, resolve_units
from ecodesk.store.db import Database, Written
from ecodesk.store.models import PlanRow, ProgressRow, TaskRow, TaskUnitRow

EDITABLE = ("title", "measures", "notes", "percent", "status", "deadline", "lead_units", "co_units")


def _unit_names(row: TaskRow, role: str) -> list[str]:
    return [link.unit.name for link in row.unit_links if link.role == role]


def task_id_at(db: Database, plan_id: int, path: list[int]) -> int | None:
    """The id of the task at a number path such as [3, 1, 2]; None for the empty path (the root)."""
    parent_id: int | None = None
    with db.reader() as s:
        for depth, position in enumerate(path, start=1):
            siblings = sibling_rows(s, plan_id, parent_id)
            if not 1 <= position <= len(siblings):
                raise NotFoundError(f"没有编号路径为 {number_path(path[:depth])} 的任务")
            parent_id = siblings[position - 1].id
    return parent_id


def written_version(written: Written, task_id: int) -> int | None:
    """The version counter task `task_id` got from the writes recorded in `written`, if they wrote it
    (see Database.recording_versions)."""
    return written.get((TaskRow.__tablename__, task_id))


def get_task(db: Database, task_id: int) -> TaskNode:
    """One task with its units and progress (sub-tasks not loaded)."""
    with db.reader() as s:
        row = task_row(s, task_id)
        progress = s.scalars(select(ProgressRow).where(ProgressRow.task_id == task_id)
                             .order_by(ProgressRow.date, ProgressRow.id))
        return task_node(row, _unit_names(row, "lead"), _unit_names(row, "co"), [progress_entry(p) for p in progress])


def add_task(
    db: Database,
    plan_id: int,
    *,
    title: str,
    parent_id: int | None = None,
    index: int | None = None,
    measures: str = "",
    lead: list[str] | None = None,
    co: list[str] | None = None,
    deadline: Deadline | None = None,
    notes: str = "",
    create_units: bool = False,
) -> int:
    """Insert a task under `parent_id` at `index` (end when None); its younger siblings move down."""
    title, measures, notes, deadline = _title(title), clean_text(measures), clean_text(notes), _clean(deadline)
    with db.session() as s:
        plan = s.get(PlanRow, plan_id)
        if plan is None:
            raise NotFoundError(f"工作要点（编号 {plan_id}）不存在")
        parent = task_row(s, parent_id) if parent_id is not None else None
        if parent is not None and parent.plan_id != plan_id:
            raise UserError("上级任务不属于该年度工作要点")
        if depth_of(s, parent) >= MAX_DEPTH:
            raise UserError(f"任务最多 {MAX_DEPTH} 级，不能再添加下级任务")
        siblings = sibling_rows(s, plan_id, parent_id)
        row = TaskRow(plan_id=plan_id, parent_id=parent_id, position=len(siblings), title=title,
                      measures=measures, deadline=deadline.date if deadline else None,
                      deadline_text=deadline.text if deadline else "", status=Status.NOT_STARTED.value,
                      percent=0, notes=notes)
        s.add(row)
        siblings.insert(len(siblings) if index is None else max(0, min(index, len(siblings))), row)
        s.flush()
        reposition(siblings)
        _link_units(s, row, plan.bureau_id, lead or [], co or [], create_units)
        audit.record(s, action="create", entity="task", entity_id=row.id, plan_id=plan_id, new=title)
        s.flush()
        return row.id


def _title(text: str) -> str:
    """A task's title as stored: clean text, trimmed, never empty."""
    title = clean_text(text).strip()
    if not title:
        raise UserError("任务名称不能为空")
    return title


def _clean(deadline: Deadline | None) -> Deadline | None:
    return Deadline(deadline.date, clean_text(deadline.text)) if deadline else None


def _link_units(session: Session, row: TaskRow, bureau_id: int, lead: list[str], co: list[str], create: bool) -> None:
    """Replace the task's units: lead first, then co-units; a unit named in both stays lead."""
    if create:
        found = ensure_units(session, bureau_id, [*lead, *co])
        lead_rows = [found[n] for n in map(normalize_unit_name, lead) if n in found]
        co_rows = [found[n] for n in map(normalize_unit_name, co) if n in found]
    else:
        lead_rows, co_rows = resolve_units(session, bureau_id, lead), resolve_units(session, bureau_id, co)
    row.unit_links.clear()
    session.flush()
    seen: set[int] = set()
    for role, rows in (("lead", lead_rows), ("co", co_rows)):
        for unit in rows:
            if unit.id not in seen:
                seen.add(unit.id)
                row.unit_links.append(TaskUnitRow(unit_id=unit.id, role=role, position=len(seen)))
    session.flush()
    session.refresh(row, ["unit_links"])


CONFLICT_MESSAGE = "该任务已被其他人修改，请比较两个版本后选择保留哪一个"


def update_task(db: Database, task_id: int, *, expected_version: int | None = None, **changes: Any) -> TaskNode:
    """Change some of EDITABLE fields in one transaction, each change audited.

    With `expected_version`, a task changed by someone else since it was read raises ConflictError
    carrying the current version, so the clerk can compare and choose.
    """
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    try:
        with db.session() as s:
            row = task_row(s, task_id)
            if expected_version is not None and row.version != expected_version:
                raise ConflictError(CONFLICT_MESSAGE)
            _apply(s, row, changes)
    except ConflictError:
        raise ConflictError(CONFLICT_MESSAGE, current=get_task(db, task_id)) from None
    return get_task(db, task_id)


def _apply(session: Session, row: TaskRow, changes: dict[str, Any]) -> None:
    diff: dict[str, tuple] = {}
    for field in ("title", "measures", "notes"):
        if field in changes:
            value = _title(str(changes[field])) if field == "title" else clean_text(str(changes[field]))
            diff[field] = (getattr(row, field), value)
            setattr(row, field, value)
    if "percent" in changes:
        diff["percent"] = (row.percent, checked_percent(changes["percent"]))
        row.percent = diff["percent"][1]
    if "status" in changes:
        status = changes["status"] if isinstance(changes["status"], Status) else Status.parse(changes["status"])
        diff["status"] = (row.status, status.value)
        row.status = status.value
    if "deadline" in changes:
        deadline = _clean(changes["deadline"])
        diff["deadline"] = (_deadline_text(row.deadline, row.deadline_text),
                            _deadline_text(deadline.date, deadline.text) if deadline else "")
        row.deadline = deadline.date if deadline else None
        row.deadline_text = deadline.text if deadline else ""
    if "lead_units" in changes or "co_units" in changes:
        diff.update(_apply_units(session, row, changes))
    audit.record_changes(session, entity="task", entity_id=row.id, plan_id=row.plan_id, changes=diff)


def _apply_units(session: Session, row: TaskRow, changes: dict[str, Any]) -> dict[str, tuple]:
    before = {"lead_units": _unit_names(row, "lead"), "co_units": _unit_names(row, "co")}
    lead = list(changes.get("lead_units", before["lead_units"]))
    co = list(changes.get("co_units", before["co_units"]))
    plan = session.get(PlanRow, row.plan_id)
    assert plan is not None
    _link_units(session, row, plan.bureau_id, lead, co, create=False)
    after = {"lead_units": _unit_names(row, "lead"), "co_units": _unit_names(row, "co")}
    if after != before:
        flag_modified(row, "title")  # the units are part of the task: move its version counter too
    return {key: (before[key], after[key]) for key in before}


def _deadline_text(day: dt.date | None, text: str) -> str:
    return f"{text}（{day.isoformat()}）" if day and text else (day.isoformat() if day else text)
