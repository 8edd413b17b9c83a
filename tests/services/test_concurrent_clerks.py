"""Several clerks on one database: a stale save is a conflict, never a silent overwrite; every
progress update from many writers at once lands. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from ecodesk.domain.errors import ConflictError
from ecodesk.domain.task_fields import TaskChanges
from ecodesk.services import tasks
from ecodesk.store.db import Database, open_database
from tests.targets import WRITER, fresh_pg_database, pg_server_url, progress_ids, seed_plan


def test_later_save_of_a_stale_task_is_a_conflict(db_target: str) -> None:
    alice, bob = open_database(db_target), open_database(db_target)
    try:
        task_id = seed_plan(alice)
        seen_by_alice = tasks.get_task(alice, task_id)
        seen_by_bob = tasks.get_task(bob, task_id)
        tasks.update_task(alice, task_id, TaskChanges.named(title="甲的标题"), expected_version=seen_by_alice.version)
        with pytest.raises(ConflictError, match="已被其他人修改") as caught:
            tasks.update_task(bob, task_id, TaskChanges.named(title="乙的标题"), expected_version=seen_by_bob.version)
        assert caught.value.current.title == "甲的标题"
        assert tasks.get_task(bob, task_id).title == "甲的标题"
        merged = tasks.update_task(bob, task_id, TaskChanges.named(title="乙的标题"),
                                  expected_version=caught.value.current.version)
        assert merged.title == "乙的标题"
    finally:
        alice.close()
        bob.close()


def test_simultaneous_saves_of_one_version_let_exactly_one_win(db_target: str) -> None:
    clerks = [open_database(db_target) for _ in range(6)]
    task_id = seed_plan(clerks[0])
    version = tasks.get_task(clerks[0], task_id).version
    outcomes: list[str] = []
    start = threading.Barrier(len(clerks))

    def save(db: Database, n: int) -> None:
        start.wait()
        try:
            tasks.update_task(db, task_id, TaskChanges.named(notes=f"第{n}位"), expected_version=version)
            outcomes.append("saved")
        except ConflictError:
            outcomes.append("conflict")

    threads = [threading.Thread(target=save, args=(db, n)) for n, db in enumerate(clerks)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert sorted(outcomes) == ["conflict"] * (len(clerks) - 1) + ["saved"]
        assert tasks.get_task(clerks[0], task_id).version == version + 1
    finally:
        for db in clerks:
            db.close()


def run_writers(db: Database, writers: int, each: int) -> None:
    """`writers` processes add `each` progress updates to the same task at once; all must land."""
    task_id = seed_plan(db)
    target = str(db.path) if db.is_sqlite else db.engine.url.render_as_string(hide_password=False)
    children = [subprocess.Popen([sys.executable, str(WRITER), target, str(task_id), str(each)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(writers)]
    reported: set[int] = set()
    for child in children:
        out, err = child.communicate(timeout=1800)
        assert child.returncode == 0, err
        reported |= {int(line.split()[1]) for line in out.splitlines()}
    assert len(reported) == writers * each
    assert progress_ids(db) == reported


def test_many_writers_all_land(target_db: Database) -> None:
    run_writers(target_db, 8, 15)


@pytest.mark.slow
@pytest.mark.postgres
def test_load_8_writers_500_updates_each_on_postgresql() -> None:
    with fresh_pg_database(pg_server_url()) as url:
        db = open_database(url)
        try:
            run_writers(db, 8, 500)
        finally:
            db.close()
