"""A versioned row's update with the rows that go with it (store/guarded), on SQLite and on PostgreSQL, where
it is one statement: all of it is written when the row is at the version read, none of it otherwise."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ecodesk.domain.errors import ConflictError
from ecodesk.domain.task_fields import TaskChanges
from ecodesk.services import audit, plans, tasks
from ecodesk.store.db import Database, Written, open_database
from ecodesk.store.guarded import Delete, Insert, Updated, update_versioned
from ecodesk.store.models import AuditRow, StatusChangeRow, TaskRow
from tests.round_trips import Trips
from tests.targets import db_target, target_db

__all__ = ["db_target", "target_db"]

TASKS, CHANGES, AUDIT = TaskRow.__table__, StatusChangeRow.__table__, AuditRow.__table__


@pytest.fixture
def db(target_db: Database) -> Database:
    return target_db


def a_task(db: Database) -> int:
    plan = plans.create_plan(db, year=2021, title="2021年工作要点", bureau="测试生态环境局")
    return tasks.add_task(db, plan.id, title="淘汰燃煤锅炉")


def counts(db: Database, task_id: int) -> tuple[int, int, int]:
    """The task's version, its dated changes, and the audit rows naming it."""
    with db.reader() as s:
        version = s.scalar(select(TaskRow.version).where(TaskRow.id == task_id))
        changes = s.scalar(select(func.count()).select_from(StatusChangeRow).where(StatusChangeRow.task_id == task_id))
        audited = s.scalar(select(func.count()).select_from(AuditRow).where(AuditRow.entity_id == task_id))
    return version, changes, audited  # type: ignore[return-value]


def change(task_id: int, percent: int) -> Insert:
    return Insert(CHANGES, {"task_id": task_id, "effective": dt.date(2021, 5, 1), "status": "推进中",
                            "percent": percent, "progress_id": None})


def audit_row(session: Session, task_id: int) -> Insert:
    return Insert(AUDIT, audit.row_values(session, action="update", entity="task", entity_id=task_id,
                                          plan_id=Updated("plan_id"), field="percent", old=0, new=30))


def test_at_the_version_read_the_row_and_its_writes_land_together(db: Database) -> None:
    task_id = a_task(db)
    version, _, audited = counts(db, task_id)
    written: Written = {}
    with db.recording_versions(written), db.session() as s:
        result = update_versioned(s, TASKS, task_id, version, {"percent": 30, "status": "推进中"},
                                  [change(task_id, 30), audit_row(s, task_id)])
    assert result is not None and result.version == version + 1 and written == {("tasks", task_id): version + 1}
    assert counts(db, task_id) == (version + 1, 1, audited + 1)
    [entry] = [e for e in audit.history(db, entity="task", entity_id=task_id) if e.field == "percent"]
    assert (entry.old, entry.new) == ("0", "30")
    with db.reader() as s:
        made = s.get(StatusChangeRow, result.inserted[0])
        row = s.get(TaskRow, task_id)
        assert made is not None and made.percent == 30 and row is not None and row.percent == 30
        assert s.scalar(select(AuditRow.plan_id).where(AuditRow.id == result.inserted[1])) == row.plan_id

    with db.session() as s:  # a delete goes with it too
        again = update_versioned(s, TASKS, task_id, version + 1, {"percent": 0}, [Delete(CHANGES, result.inserted[0])])
    assert again is not None and again.inserted == [] and counts(db, task_id)[:2] == (version + 2, 0)


def test_dates_times_and_defaults_are_stored_as_the_orm_stores_them(db: Database) -> None:
    """A date set, a dated change's day and an audit row's time read back through the ORM as written, and
    a column an insert leaves out takes its default: on SQLite the statements bypass SQLAlchemy's execution,
    not its types."""
    task_id = a_task(db)
    version = counts(db, task_id)[0]
    at = dt.datetime(2021, 6, 30, 17, 5, 9)  # no microseconds: sqlite3's own adapter would store none
    with db.session() as s:
        result = update_versioned(s, TASKS, task_id, version, {"deadline": dt.date(2021, 12, 31)},
                                  [change(task_id, 10), Insert(AUDIT, {"at": at, "action": "update", "entity": "task",
                                                                       "entity_id": task_id, "plan_id": None})])
    assert result is not None
    with db.reader() as s:
        row, made, logged = s.get(TaskRow, task_id), s.get(StatusChangeRow, result.inserted[0]), s.get(
            AuditRow, result.inserted[1])
        assert row is not None and row.deadline == dt.date(2021, 12, 31)
        assert made is not None and made.effective == dt.date(2021, 5, 1)
        assert logged is not None and logged.field == ""
        if db.is_sqlite:  # a server stamps its audit rows with its clock and the login (none can be forged)
            assert (logged.at, logged.who) == (at, "")
            stored = s.scalar(text("SELECT at FROM audit_log WHERE id = :id"), {"id": logged.id})
            assert stored == "2021-06-30 17:05:09.000000"  # as SQLAlchemy's DateTime stores it, so it sorts with others
        # the same as the ORM's own write of those columns sorts and compares with them
        assert s.scalar(select(func.count()).select_from(TaskRow).where(TaskRow.deadline == dt.date(2021, 12, 31))) == 1


def test_a_turn_that_fails_halfway_writes_nothing_and_records_only_what_it_committed(tmp_path: Path) -> None:
    """The SQLite Turn (store/turn) the window's edits run in: its UPDATE is undone with the write that failed
    after it, and the versions it gave are recorded (for undo) only once it committed."""
    db = open_database(str(tmp_path / "turn.sqlite"))
    task_id = a_task(db)
    before = counts(db, task_id)
    written: Written = {}
    with db.recording_versions(written), pytest.raises(sqlite3.IntegrityError), db.turn() as turn:
        update_versioned(turn, TASKS, task_id, before[0], {"percent": 20}, [change(task_id + 1000, 20)])  # no such task
    assert counts(db, task_id) == before and written == {}
    with db.recording_versions(written), db.turn() as turn:
        result = update_versioned(turn, TASKS, task_id, before[0], {"percent": 20}, [change(task_id, 20)])
    assert result is not None and written == {("tasks", task_id): before[0] + 1}
    assert counts(db, task_id) == (before[0] + 1, before[1] + 1, before[2])
    db.close()


@pytest.mark.parametrize("expected", ["an older version", "a deleted row"])
def test_at_another_version_nothing_is_written(db: Database, expected: str) -> None:
    task_id = a_task(db)
    with db.session() as s:
        update_versioned(s, TASKS, task_id, counts(db, task_id)[0], {"notes": "另一位同事"}, [change(task_id, 10)])
    before = counts(db, task_id)
    row_id, version = (task_id, before[0] - 1) if expected == "an older version" else (task_id + 1000, 1)
    with db.session() as s:
        writes = [change(task_id, 90), audit_row(s, task_id), Delete(CHANGES, 1)]
        result = update_versioned(s, TASKS, row_id, version, {"percent": 90}, writes)
    assert result is None and counts(db, task_id) == before


def test_an_edit_of_the_shown_task_is_one_statement_on_a_server(db: Database) -> None:
    """BEGIN, the statement, COMMIT on PostgreSQL; on SQLite the same writes in turn, in one transaction. A
    shown copy gone out of date is refused and writes nothing."""
    task_id = a_task(db)
    shown = tasks.get_task(db, task_id)
    version, changes, audited = counts(db, task_id)
    trips = Trips(db.engine)
    tasks.update_task(db, task_id, TaskChanges.named(percent=40, notes="已开展"), expected_version=shown.version,
                      shown=shown)
    if db.engine.dialect.name == "postgresql":
        assert (trips.kinds()["statements"], trips.kinds()["commits"]) == (1, 1), trips.kinds()
    # the UPDATE, the dated change, the audit rows of notes and percent (on SQLite in one Turn: store/turn)
    assert counts(db, task_id) == (version + 1, changes + 1, audited + 2)
    with pytest.raises(ConflictError):  # the shown copy is now out of date: refused, nothing written
        tasks.update_task(db, task_id, TaskChanges.named(percent=50), expected_version=shown.version,
                          shown=shown)
    assert tasks.get_task(db, task_id).percent == 40
