"""Editing the task tree: add, edit fields, move/indent/outdent, delete and restore a subtree.

Positions among siblings are kept contiguous (0..n-1), so numbering is always derived from them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.errors import ConflictError, NotFoundError, UserError
from ecodesk.domain.history import Standing, standing_as_of
from ecodesk.domain.numbering import MAX_DEPTH, number_path
from ecodesk.domain.plan import ProgressEntry, TaskNode
from ecodesk.domain.task_fields import CO_UNITS, COLUMN_FIELDS, LEAD_UNITS, PERCENT, STATUS, UNIT_FIELDS, TaskChanges
from ecodesk.domain.units import normalize_unit_name
from ecodesk.services import audit
from ecodesk.services.plans import progress_entry, task_node
from ecodesk.services.rows import (
    carried_of,
    depth_of,
    extensions_of,
    plan_row,
    reposition,
    sibling_rows,
    stored_columns,
    task_row,
    unit_names,
    write_field,
)
from ecodesk.services.standing import DATED_FIELDS, Diff, change_rows, history_of, record_change, take_back
from ecodesk.services.units import ensure_units, resolve_units
from ecodesk.store.db import Database, Written
from ecodesk.store.models import PlanRow, ProgressRow, TaskRow, TaskUnitRow


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
        return read_node(s, task_row(s, task_id, with_units=True))


def read_node(session: Session, row: TaskRow, known: TaskNode | None = None, *, units: bool = True,
              history: bool = True, added: ProgressEntry | None = None) -> TaskNode:
    """The row as a TaskNode with its units, 延期 and link back if carried (loaded with it: `task_row(…,
    with_units=True)`), its progress and its dated changes, as the session's transaction sees them. With
    `known` (the task as the caller holds it at the row's version, see known_copy), what the transaction did
    not change is taken from it: the units, 延期 and link unless `units`, the progress (with the update
    `added`, if the transaction added one), the dated changes unless `history`."""
    if known is None:
        progress = [progress_entry(p) for p in session.scalars(
            select(ProgressRow).where(ProgressRow.task_id == row.id).order_by(ProgressRow.date, ProgressRow.id))]
    else:  # in the order a read gives: by date, then as made
        progress = sorted([*known.progress, added], key=lambda p: (p.date, p.id or 0)) if added else known.progress
    names = unit_names(row) if known is None or units else {LEAD_UNITS.unit_role: known.lead_units,
                                                            CO_UNITS.unit_role: known.co_units}
    changes = history_of(session, row.id) if known is None or history else known.history
    node = task_node(row, names, progress, changes)
    node.extensions = extensions_of(row) if known is None or units else known.extensions  # 延期, loaded with
    node.carried = carried_of(row) if known is None or units else known.carried  # the units, or as they were
    return node


def known_copy(shown: TaskNode | None, task_id: int, expected_version: int | None) -> TaskNode | None:
    """The caller's copy of the task if it is the stored one: at the version the write expects, which the
    write checks (a version that moved since refuses the write), so its units, progress and dated changes
    need not be read again; else None."""
    if shown is None or expected_version is None or shown.id != task_id or shown.version != expected_version:
        return None
    return shown


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
    """Insert a task under `parent_id` at `index` (end when None); its younger siblings move down.

    The other fields take TaskNode's defaults (未开始, 0 %), every field cleaned as an edit would be.
    """
    given = TaskNode(title=title, measures=measures, deadline=deadline, notes=notes)
    new = TaskNode(**{field.name: field.clean(field.of(given)) for field in COLUMN_FIELDS})
    with db.session() as s:
        plan = plan_row(s, plan_id)
        parent = task_row(s, parent_id) if parent_id is not None else None
        if parent is not None and parent.plan_id != plan_id:
            raise UserError("上级任务不属于该年度工作要点")
        if depth_of(s, parent) >= MAX_DEPTH:
            raise UserError(f"任务最多 {MAX_DEPTH} 级，不能再添加下级任务")
        siblings = sibling_rows(s, plan_id, parent_id)
        row = TaskRow(plan_id=plan_id, parent_id=parent_id, position=len(siblings), **stored_columns(new))
        s.add(row)
        siblings.insert(len(siblings) if index is None else max(0, min(index, len(siblings))), row)
        s.flush()
        reposition(siblings)
        units = {LEAD_UNITS.unit_role: lead or [], CO_UNITS.unit_role: co or []}
        _link_units(s, row, plan.bureau_id, units, create_units)
        audit.record(s, action="create", entity="task", entity_id=row.id, plan_id=plan_id, new=new.title)
        s.flush()
        return row.id


def _link_units(session: Session, row: TaskRow, bureau_id: int, names: dict[str, list[str]], create: bool) -> None:
    """Replace the task's units by role, in the order of UNIT_FIELDS: a unit named twice keeps the first
    role (lead); `create` adds units the bureau does not have yet, else an unknown one is refused."""
    if create:
        found = ensure_units(session, bureau_id, [n for role_names in names.values() for n in role_names])
        rows = {role: [found[n] for n in map(normalize_unit_name, role_names) if n in found]
                for role, role_names in names.items()}
    else:
        rows = {role: resolve_units(session, bureau_id, role_names) for role, role_names in names.items()}
    row.unit_links.clear()
    session.flush()
    seen: set[int] = set()
    for role in (field.unit_role for field in UNIT_FIELDS):
        for unit in rows.get(role, []):
            if unit.id not in seen:
                seen.add(unit.id)
                row.unit_links.append(TaskUnitRow(unit_id=unit.id, role=role, position=len(seen)))
    session.flush()
    session.refresh(row, ["unit_links"])


CONFLICT_MESSAGE = "该任务已被其他人修改，请比较两个版本后选择保留哪一个"


def update_task(
    db: Database, task_id: int, changes: TaskChanges, *, expected_version: int | None = None,
    date: dt.date | None = None, shown: TaskNode | None = None,
) -> TaskNode:
    """Write `changes` in one transaction, each field that really changed audited; the task as it now
    is, read in the same transaction.

    A status or percent in `changes` is a dated change (services/standing) taking effect on `date`
    (default today; a date given must lie in the plan's year), recorded even when the value is the one
    the task has: the clerk confirms it on that day, and `undo_update` knows there is one to take back.
    With `expected_version`, a task changed by someone else since it was read raises ConflictError
    carrying the current version, so the clerk can compare and choose. `shown` is the task as the window
    shows it: at the expected version, what the write leaves as it was is taken from it, not read again
    (on a server each read is a round trip).
    """
    if not isinstance(changes, TaskChanges):
        raise TypeError(f"update_task takes TaskChanges, not {type(changes).__name__}")
    known = known_copy(shown, task_id, expected_version)
    units, dated = any(field.unit_role for field in changes), any(field in changes for field in DATED_FIELDS)
    with conflict_shows_current(db, task_id), db.session() as s:
        row = expected_row(s, task_id, expected_version, units=known is None or units, history=dated)
        _apply(s, row, changes, _dated(s, row, changes, date))
        s.flush()  # the UPDATE moves the version counter the returned node carries
        return read_node(s, row, known, units=units, history=dated)


def undo_update(db: Database, task_id: int, old: TaskChanges, *, expected_version: int | None) -> TaskNode:
    """Undo of `update_task(…, changes)`: `old` (changes.current of the task before) written back, and the
    dated change the edit recorded (if it set a status or percent) taken back instead of a new one
    recorded, so that the history is as it was. The version check proves no change was made since, so
    the task's newest change is the edit's."""
    with conflict_shows_current(db, task_id), db.session() as s:
        row = expected_row(s, task_id, expected_version, units=True)
        dated = any(field in old for field in DATED_FIELDS)
        _apply(s, row, old, take_back(s, row, change_rows(s, row.id)[-1:]) if dated else {})
        s.flush()
        return read_node(s, row)


@contextmanager
def conflict_shows_current(db: Database, task_id: int) -> Iterator[None]:
    """A conflict carries the task as it now is, so the clerk can compare and choose."""
    try:
        yield
    except ConflictError:
        raise ConflictError(CONFLICT_MESSAGE, current=get_task(db, task_id)) from None


def expected_row(session: Session, task_id: int, expected_version: int | None, *, units: bool = True,
                 history: bool = False) -> TaskRow:
    """The task row at the version expected, with its units and/or its dated changes loaded in the query."""
    row = task_row(session, task_id, with_units=units, with_changes=history)
    if expected_version is not None and row.version != expected_version:
        raise ConflictError(CONFLICT_MESSAGE)
    return row


def _apply(session: Session, row: TaskRow, changes: TaskChanges, dated: Diff) -> None:
    """Clean and store every changed field but status and percent, in the order of FIELDS, then audit them
    with `dated` (what the dated change did to status and percent)."""
    diff: dict[str, tuple[object, object]] = {}
    for field in changes:
        if field.columns and field not in DATED_FIELDS:
            diff[field.name] = write_field(row, field, field.clean(changes[field]))
    diff.update(dated)
    if any(field.unit_role for field in changes):
        diff.update(_apply_units(session, row, changes))
    audit.record_changes(session, entity="task", entity_id=row.id, plan_id=row.plan_id, changes=diff)


def _dated(session: Session, row: TaskRow, changes: TaskChanges, date: dt.date | None) -> Diff:
    """Record the status and percent of `changes` as one change dated `date` (else today)."""
    if not any(field in changes for field in DATED_FIELDS):
        return {}
    if date is not None:
        check_in_year(session, row.plan_id, date, "修改日期")
    day = date or dt.date.today()
    history = history_of(session, row.id)
    before = standing_as_of(history, day)
    status = STATUS.clean(changes[STATUS]) if STATUS in changes else before.status
    percent = PERCENT.clean(changes[PERCENT]) if PERCENT in changes else before.percent
    return record_change(session, row, day, Standing(status, percent), history=history)


def check_in_year(session: Session, plan_id: int, day: dt.date, what: str) -> None:
    """A date a clerk gives for a plan must lie in its year."""
    plan = session.get(PlanRow, plan_id)
    assert plan is not None
    if day.year != plan.year:
        raise UserError(f"{what} {day.isoformat()} 不在 {plan.year} 年内")


def _apply_units(session: Session, row: TaskRow, changes: TaskChanges) -> dict[str, tuple[object, object]]:
    """Relink the task's units from the changed lists (the others as they are); the (old, new) of each."""
    before = unit_names(row)
    wanted = {f.unit_role: f.clean(changes[f]) if f in changes else before[f.unit_role] for f in UNIT_FIELDS}
    plan = session.get(PlanRow, row.plan_id)
    assert plan is not None
    _link_units(session, row, plan.bureau_id, wanted, create=False)
    after = unit_names(row)
    if after != before:
        flag_modified(row, "title")  # the units are part of the task: move its version counter too
    return {f.name: (before[f.unit_role], after[f.unit_role]) for f in UNIT_FIELDS}
