"""Editing the task tree: add, edit fields, move/indent/outdent, delete and restore a subtree.

Positions among siblings are kept contiguous (0..n-1), so numbering is always derived from them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.errors import ConflictError, NotFoundError, UserError
from ecodesk.domain.history import Standing, StatusChange, standing_as_of
from ecodesk.domain.numbering import MAX_DEPTH, number_path
from ecodesk.domain.plan import ProgressEntry, TaskNode
from ecodesk.domain.task_fields import (
    CO_UNITS,
    COLUMN_FIELDS,
    DATED_FIELD,
    LEAD_UNITS,
    PERCENT,
    STATUS,
    UNIT_FIELDS,
    TaskChanges,
)
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
)
from ecodesk.services.standing import DATED_FIELDS, Diff, change_words, history_of, leaves_standing, standing_diff
from ecodesk.services.units import ensure_units, resolve_units
from ecodesk.store.db import Database, Written
from ecodesk.store.guarded import Delete, Insert, Updated, update_versioned
from ecodesk.store.models import AuditRow, PlanRow, ProgressRow, StatusChangeRow, TaskRow, TaskUnitRow
from ecodesk.store.turn import Turn


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
    else:
        progress = with_update(known.progress, added) if added else known.progress
    names = unit_names(row) if known is None or units else {LEAD_UNITS.unit_role: known.lead_units,
                                                            CO_UNITS.unit_role: known.co_units}
    changes = history_of(session, row.id) if known is None or history else known.history
    node = task_node(row, names, progress, changes)
    node.extensions = extensions_of(row) if known is None or units else known.extensions  # 延期, loaded with
    node.carried = carried_of(row) if known is None or units else known.carried  # the units, or as they were
    return node


def with_update(progress: list[ProgressEntry], added: ProgressEntry) -> list[ProgressEntry]:
    """A task's updates with one more, in the order a read gives: by date, then as made."""
    return sorted([*progress, added], key=lambda p: (p.date, p.id or 0))


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
    """Write `changes` in one transaction, each field that really changed audited; the task as it now is.

    A status or percent in `changes` is a dated change (services/standing) taking effect on `date`
    (default today; a date given must lie in the plan's year), recorded even when the value is the one
    the task has: the clerk confirms it on that day, and `undo_update` knows there is one to take back.
    With `expected_version`, a task changed by someone else since it was read raises ConflictError
    carrying the current version, so the clerk can compare and choose. `shown` is the task as the window
    shows it: at the expected version it is the stored task, so nothing is read (on a server an edit is
    then BEGIN, one statement, COMMIT: store/guarded; in a SQLite file, unless units are relinked or a date
    is checked against the plan's year, a `Turn` without the ORM session). An edit that changes nothing
    writes nothing.
    """
    if not isinstance(changes, TaskChanges):
        raise TypeError(f"update_task takes TaskChanges, not {type(changes).__name__}")
    known = known_copy(shown, task_id, expected_version)
    dated = any(field in changes for field in DATED_FIELDS)
    if known is not None and db.is_sqlite and date is None and not any(field.unit_role for field in changes):
        with conflict_shows_current(db, task_id), db.turn() as turn:
            return _write(turn, known, changes, _recorded(known, changes, None) if dated else None)
    with conflict_shows_current(db, task_id), db.session() as s:
        task = known or stored_node(s, task_id, expected_version)
        if date is not None and dated:
            assert task.id is not None
            check_in_year(s, task.id, date, "修改日期")
        return _write(s, task, changes, _recorded(task, changes, date) if dated else None)


def undo_update(db: Database, task_id: int, old: TaskChanges, *, expected_version: int | None) -> TaskNode:
    """Undo of `update_task(…, changes)`: `old` (changes.current of the task before) written back, and the
    dated change the edit recorded (if it set a status or percent) taken back instead of a new one
    recorded, so that the history is as it was. The version check proves no change was made since, so
    the task's newest change is the edit's."""
    with conflict_shows_current(db, task_id), db.session() as s:
        task = stored_node(s, task_id, expected_version)
        dated = _taken_back(task) if any(field in old for field in DATED_FIELDS) else None
        return _write(s, task, old, dated)


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


def stored_node(session: Session, task_id: int, expected_version: int | None) -> TaskNode:
    """The task as stored, with its units, progress and dated changes, if at the version expected."""
    return read_node(session, expected_row(session, task_id, expected_version, units=True))


class DatedWrite(NamedTuple):
    """What an edit does to the task's dated changes: its history after, the row inserted or deleted (none:
    an undo that finds no change to take back), and what the audit log says of a change that leaves the
    task's current status and percent as they are (a back-dated one)."""

    history: list[StatusChange]
    write: Insert | Delete | None
    old: str | None = None
    new: str | None = None


def _recorded(task: TaskNode, changes: TaskChanges, date: dt.date | None) -> DatedWrite:
    """The status and percent of `changes` recorded as one change dated `date` (else today; checked to lie in
    the plan's year by the caller)."""
    assert task.id is not None
    day = date or dt.date.today()
    before = standing_as_of(task.history, day)
    standing = Standing(STATUS.clean(changes[STATUS]) if STATUS in changes else before.status,
                        PERCENT.clean(changes[PERCENT]) if PERCENT in changes else before.percent)
    # its id, which orders it after the task's other changes of the day, is known once written (ids only grow)
    change = StatusChange(day, max((c.seq for c in task.history), default=0) + 1, standing)
    row = {"task_id": task.id, "effective": day, "status": standing.status.value, "percent": standing.percent,
           "progress_id": None}
    return DatedWrite([*task.history, change], Insert(StatusChangeRow.__table__, row), new=change_words(change))


def _taken_back(task: TaskNode) -> DatedWrite:
    """The task's newest change taken back."""
    if not task.history:
        return DatedWrite([], None)
    newest = max(task.history, key=lambda c: c.seq)
    return DatedWrite([c for c in task.history if c is not newest], Delete(StatusChangeRow.__table__, newest.seq),
                      old=change_words(newest))


def _write(target: Session | Turn, task: TaskNode, changes: TaskChanges, dated: DatedWrite | None) -> TaskNode:
    """Write the changed fields (cleaned, in the order of FIELDS), the dated change and the audit rows in
    `target`'s transaction, if the task is still at the version read; the task as it now is."""
    assert task.id is not None
    values: dict[str, object] = {}
    diff: Diff = {}
    edited: dict[str, object] = {}
    for field in changes:
        if field.columns and field not in DATED_FIELDS:
            old, new = field.of(task), field.clean(changes[field])
            if field.written(new) != field.written(old):
                values.update(field.written(new))
            diff[field.name], edited[field.name] = (field.audit(old), field.audit(new)), new
    audit_rows = []
    if dated is not None:
        latest = standing_as_of(dated.history, dt.date.max)  # the columns follow the latest standing
        moved = standing_diff(Standing(task.status, task.percent), latest)
        values.update({**STATUS.written(latest.status), **PERCENT.written(latest.percent)})
        edited.update({STATUS.name: latest.status, PERCENT.name: latest.percent})
        if leaves_standing(moved, dated.old, dated.new):
            audit_rows.append(audit.row_values(target, action="update", entity="task", entity_id=task.id,
                                               plan_id=Updated("plan_id"), field=DATED_FIELD, old=dated.old,
                                               new=dated.new))
        diff.update(moved)
    if any(field.unit_role for field in changes):
        assert isinstance(target, Session)  # units are relinked through the ORM (update_task opens a session)
        units = _relinked_units(target, task, changes)
        diff.update({name: (field.of(task), units[name]) for name, field in _UNIT_NAMES.items()})
        edited.update(units)
    audit_rows += audit.changed_rows(target, entity="task", entity_id=task.id, plan_id=Updated("plan_id"),
                                     changes=diff)
    writes = [*([dated.write] if dated is not None and dated.write is not None else []),
              *(Insert(AuditRow.__table__, row) for row in audit_rows)]
    if not values and not writes:
        return task
    written = update_versioned(target, TaskRow.__table__, task.id, task.version, values, writes)
    if written is None:
        raise ConflictError(CONFLICT_MESSAGE)
    history = dated.history if dated is not None else task.history
    if dated is not None and isinstance(dated.write, Insert):  # the change made: its seq is its id
        history = [*history[:-1], history[-1]._replace(seq=written.inserted[0])]
    return replace(task, **edited, version=written.version, history=history, children=[])


_UNIT_NAMES = {field.name: field for field in UNIT_FIELDS}


def check_in_year(session: Session, task_id: int, day: dt.date, what: str) -> None:
    """A date a clerk gives for a task must lie in its plan's year."""
    plan_of_task = select(PlanRow.year).join(TaskRow, TaskRow.plan_id == PlanRow.id).where(TaskRow.id == task_id)
    year = session.scalar(plan_of_task)
    if day.year != year:
        raise UserError(f"{what} {day.isoformat()} 不在 {year} 年内")


def _relinked_units(session: Session, task: TaskNode, changes: TaskChanges) -> dict[str, list[str]]:
    """Relink the task's units from the changed lists (the others as they are); each list's names after."""
    assert task.id is not None
    wanted = {f.unit_role: f.clean(changes[f]) if f in changes else f.of(task) for f in UNIT_FIELDS}
    row = task_row(session, task.id, with_units=True)
    plan = session.get(PlanRow, row.plan_id)
    assert plan is not None
    _link_units(session, row, plan.bureau_id, wanted, create=False)
    after = unit_names(row)
    return {f.name: after[f.unit_role] for f in UNIT_FIELDS}
