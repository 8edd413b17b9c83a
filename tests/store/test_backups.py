"""Automatic and manual backups, restore and rotation on real SQLite files; server mode declines."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ecodesk.domain.errors import CorruptDatabaseError, UserError
from ecodesk.domain.task_fields import TaskChanges
from ecodesk.services import backups, progress, tasks
from ecodesk.store.backup import integrity_errors
from ecodesk.store.db import Database, open_database
from tests.store.test_hostile import corrupt
from tests.targets import fresh_pg_database, pg_server_url, progress_ids, seed_plan

NOON = dt.datetime(2026, 11, 23, 12, 0)


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = open_database(str(tmp_path / "ecodesk.sqlite"))
    yield database
    database.close()


def add_update(db: Database, task_id: int, text: str = "又有进展") -> None:
    progress.add_progress(db, task_id, date=dt.date(2026, 5, 1), text=text)


def test_create_and_list(db: Database) -> None:
    seed_plan(db)
    first = backups.create_backup(db, now=NOON)
    second = backups.create_backup(db, "manual", now=NOON + dt.timedelta(minutes=1))
    listed = backups.list_backups(db)
    assert [b.path for b in listed] == [second.path, first.path]
    assert listed[0].path.parent == db.path.parent / "backups"
    assert (listed[0].at, listed[0].reason) == (NOON + dt.timedelta(minutes=1), "manual")
    assert listed[0].size == second.path.stat().st_size > 0
    assert integrity_errors(second.path) == []


def test_maybe_backup_waits_for_changes_and_half_an_hour(db: Database) -> None:
    task_id = seed_plan(db)
    first = backups.maybe_backup(db, NOON)
    assert first is not None and first.reason == "auto"
    assert backups.maybe_backup(db, NOON + dt.timedelta(hours=2)) is None  # nothing changed
    add_update(db, task_id)
    assert backups.maybe_backup(db, NOON + dt.timedelta(hours=2, minutes=-91)) is None  # 29 minutes old
    later = backups.maybe_backup(db, NOON + dt.timedelta(hours=2))
    assert later is not None
    assert len(backups.list_backups(db)) == 2


def test_backup_on_exit_only_when_something_is_new(db: Database) -> None:
    task_id = seed_plan(db)
    assert backups.backup_on_exit(db, NOON) is not None
    assert backups.backup_on_exit(db, NOON + dt.timedelta(seconds=1)) is None
    add_update(db, task_id)
    made = backups.backup_on_exit(db, NOON + dt.timedelta(seconds=2))
    assert made is not None and made.reason == "exit"


def test_restore_brings_back_the_copy_and_keeps_the_present(db: Database) -> None:
    task_id = seed_plan(db)
    add_update(db, task_id, "备份前的进展")
    copy = backups.create_backup(db, now=NOON)
    add_update(db, task_id, "备份后的进展")
    tasks.update_task(db, task_id, TaskChanges.named(title="备份后改的标题"))
    assert len(progress_ids(db)) == 2

    safety = backups.restore_backup(db, copy.path, now=NOON + dt.timedelta(minutes=5))

    assert [p.text for p in progress.list_progress(db, task_id)] == ["备份前的进展"]
    assert tasks.get_task(db, task_id).title == "推进大气污染防治"
    assert safety.reason == "before-restore"
    with sqlite3.connect(safety.path) as conn:
        assert conn.execute("SELECT title FROM tasks").fetchone() == ("备份后改的标题",)
    conn.close()
    add_update(db, task_id, "恢复后照常记录")  # the database is usable at once
    db.close()
    assert integrity_errors(db.path) == []
    assert not list(db.path.parent.glob("*.restoring"))


def test_restore_refuses_a_damaged_backup(db: Database) -> None:
    task_id = seed_plan(db)
    copy = backups.create_backup(db, now=NOON)
    corrupt(copy.path)
    add_update(db, task_id)
    with pytest.raises(UserError, match=r"已损坏.*不能用于恢复"):
        backups.restore_backup(db, copy.path)
    assert len(progress_ids(db)) == 1


def test_restore_a_damaged_database(tmp_path: Path) -> None:
    """The GUI's path when open_database raised CorruptDatabaseError: restore from .backup, then open."""
    path = tmp_path / "ecodesk.sqlite"
    db = open_database(str(path))
    task_id = seed_plan(db)
    add_update(db, task_id)
    backups.create_backup(db, now=NOON)
    db.close()
    corrupt(path)
    with pytest.raises(CorruptDatabaseError) as caught:
        open_database(str(path))
    kept = backups.restore_damaged(path, caught.value.backup)
    assert kept.name.endswith("-damaged.sqlite") and kept.exists()
    db = open_database(str(path))
    assert len(progress_ids(db)) == 1
    db.close()


def test_old_copies_are_rotated(db: Database) -> None:
    seed_plan(db)
    for days in range(40, 0, -1):
        backups.create_backup(db, now=NOON - dt.timedelta(days=days))
    backups.create_backup(db, now=NOON)
    kept = {b.at.date() for b in backups.list_backups(db)}
    assert len(kept) < 41
    assert {NOON.date(), (NOON - dt.timedelta(days=1)).date(), (NOON - dt.timedelta(days=13)).date()} <= kept
    assert (NOON - dt.timedelta(days=39)).date() not in kept or (NOON - dt.timedelta(days=40)).date() not in kept


@pytest.mark.postgres
def test_server_mode_backups_are_the_servers_job() -> None:
    with fresh_pg_database(pg_server_url()) as url:
        db = open_database(url)
        try:
            assert backups.maybe_backup(db) is None
            assert backups.backup_on_exit(db) is None
            with pytest.raises(UserError, match="服务器模式"):
                backups.list_backups(db)
        finally:
            db.close()


def test_backups_are_standalone_files(db: Database) -> None:
    """Copies are in rollback-journal mode, so checking or listing them leaves no -wal/-shm behind."""
    seed_plan(db)
    made = backups.create_backup(db, now=NOON)
    backups.maybe_backup(db, NOON + dt.timedelta(hours=1))
    with sqlite3.connect(made.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    conn.close()
    assert sorted(p.name for p in made.path.parent.iterdir()) == [made.path.name]


def test_changes_after_restoring_an_older_copy_are_backed_up(db: Database) -> None:
    """Restoring rewinds the audit ids; new changes reuse them but are still seen as new."""
    task_id = seed_plan(db)
    old = backups.create_backup(db, now=NOON)
    add_update(db, task_id, "将被撤销")
    backups.restore_backup(db, old.path, now=NOON + dt.timedelta(hours=1))  # newest copy: before-restore
    add_update(db, task_id, "恢复后新记录的进展")  # takes the id the undone update had
    assert backups.changed_since_last_backup(db)
    assert backups.maybe_backup(db, NOON + dt.timedelta(hours=2)) is not None


def test_restoring_a_copy_the_rotation_would_drop(db: Database) -> None:
    """A copy listed a moment ago is still restorable even if the new day's rotation no longer wants it."""
    task_id = seed_plan(db)
    early = backups.create_backup(db, now=NOON - dt.timedelta(days=3, hours=2))
    add_update(db, task_id)
    backups.create_backup(db, now=NOON - dt.timedelta(days=3, hours=1))  # newer copy of the same day
    backups.restore_backup(db, early.path, now=NOON)
    assert progress_ids(db) == set()
    assert not early.path.exists()  # pruned after the restore, as the rotation says


FULL_DISK_BACKUP = """
import resource, signal, sys
sys.path.insert(0, sys.argv[2])
from ecodesk.domain.errors import UserError
from ecodesk.services.backups import create_backup
from ecodesk.store.db import open_database
db = open_database(sys.argv[1])
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
try:
    create_backup(db)
except UserError as err:
    print(err)
"""


def test_backup_on_a_full_disk_leaves_nothing_behind(db: Database) -> None:
    task_id = seed_plan(db)
    add_update(db, task_id)
    db.close()
    child = subprocess.run([sys.executable, "-c", FULL_DISK_BACKUP, str(db.path), str(Path.cwd())],
                           capture_output=True, text=True, encoding="utf-8", timeout=60)
    # a file-size limit fails the write itself (EFBIG): an I/O error, not a full disk
    assert "无法备份数据库到" in child.stdout and "读写文件时出错" in child.stdout, (child.stdout, child.stderr)
    assert list((db.path.parent / "backups").iterdir()) == []
    assert integrity_errors(db.path) == []
    reopened = open_database(str(db.path))
    assert len(progress_ids(reopened)) == 1
    reopened.close()


def test_backup_onto_a_full_disk_says_the_disk_is_full(db: Database) -> None:
    task_id = seed_plan(db)
    for _ in range(40):
        add_update(db, task_id)
    folder = db.path.parent / "backups"
    folder.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48k", "none", str(folder)]).returncode:
        pytest.skip("needs root to mount a small tmpfs")
    try:
        with pytest.raises(UserError, match="磁盘已满") as caught:
            backups.create_backup(db)
        assert "原数据库未受影响" in str(caught.value)
        assert list(folder.iterdir()) == []
    finally:
        subprocess.run(["umount", str(folder)], check=True)
