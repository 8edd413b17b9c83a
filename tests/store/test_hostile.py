"""Hostile conditions on SQLite: each gives a Chinese message naming the file, and no data changes."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from ecodesk.domain.errors import CorruptDatabaseError, StorageError, UserError
from ecodesk.domain.task_fields import TaskChanges
from ecodesk.services import backups, progress, tasks
from ecodesk.store.backup import integrity_errors
from ecodesk.store.db import Database, open_database, sqlite_engine, url_engine
from ecodesk.store.health import check_stamp_path, full_check_due
from tests.mounts import read_only_mount
from tests.targets import WRITER, fresh_pg_database, pg_server_url, progress_ids, seed_plan


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def seeded(tmp_path: Path) -> tuple[Path, int]:
    """A closed database file holding one task with one progress update."""
    path = tmp_path / "ecodesk.sqlite"
    db = open_database(str(path))
    task_id = seed_plan(db)
    progress.add_progress(db, task_id, date=dt.date(2026, 3, 1), text="已部署")
    db.close()
    return path, task_id


def test_pragmas_are_set_on_every_connection(seeded: tuple[Path, int]) -> None:
    db = open_database(str(seeded[0]))
    with db.engine.connect() as conn:
        pragma = {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                  for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")}
    db.close()
    assert pragma == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1, "busy_timeout": 10_000}


def test_read_only_database(seeded: tuple[Path, int]) -> None:
    path, task_id = seeded
    db = Database(sqlite_engine(path, read_only=True), path)
    before = progress_ids(db)
    with pytest.raises(StorageError, match="只读") as caught:
        progress.add_progress(db, task_id, date=dt.date(2026, 4, 1), text="不会保存")
    assert str(path) in str(caught.value) and "未保存" in str(caught.value)
    assert progress_ids(db) == before
    db.close()


def test_read_only_folder(seeded: tuple[Path, int], tmp_path: Path) -> None:
    """WAL needs its -shm file beside the database even to read, so a read-only folder is refused at open."""
    path, _ = seeded
    before = digest(path)
    with read_only_mount(path.parent, tmp_path / "ro") as mount:
        with pytest.raises(StorageError, match="只读") as caught:
            open_database(str(mount / path.name))
        assert str(mount / path.name) in str(caught.value)
    assert digest(path) == before


def test_database_locked_too_long(seeded: tuple[Path, int]) -> None:
    path, task_id = seeded
    db = Database(sqlite_engine(path, busy_timeout_ms=200), path)
    before = progress_ids(db)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StorageError, match="长时间占用") as caught:
            progress.add_progress(db, task_id, date=dt.date(2026, 4, 1), text="等不到锁")
        assert str(path) in str(caught.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert progress_ids(db) == before
    db.close()


def shown_edit(db: Database, task_id: int) -> None:
    """An edit of the task as the window shows it: on SQLite it runs in a Turn (store/turn), not a session."""
    shown = tasks.get_task(db, task_id)
    tasks.update_task(db, task_id, TaskChanges.named(title="不会保存"), expected_version=shown.version, shown=shown)


def test_an_edit_of_the_shown_task_on_a_read_only_or_locked_database(seeded: tuple[Path, int]) -> None:
    path, task_id = seeded
    read_only = Database(sqlite_engine(path, read_only=True), path)
    with pytest.raises(StorageError, match="只读") as caught:
        shown_edit(read_only, task_id)
    assert str(path) in str(caught.value) and "未保存" in str(caught.value)
    read_only.close()
    db = Database(sqlite_engine(path, busy_timeout_ms=200), path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StorageError, match="长时间占用"):
            shown_edit(db, task_id)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert tasks.get_task(db, task_id).title == "推进大气污染防治"
    shown_edit(db, task_id)  # the lock released, the same edit lands
    assert tasks.get_task(db, task_id).title == "不会保存"
    db.close()


def test_opening_and_reading_while_another_clerk_writes(seeded: tuple[Path, int]) -> None:
    """Readers and the schema check at open take no write lock, so a long write elsewhere does not stall them."""
    path, task_id = seeded
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        db = open_database(str(path))
        assert tasks.get_task(db, task_id).title == "推进大气污染防治"
        db.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_disk_full(seeded: tuple[Path, int]) -> None:
    """A child process whose files may not grow (RLIMIT_FSIZE) writes a large update and is refused."""
    path, task_id = seeded
    limit = path.stat().st_size + 32 * 1024
    child = subprocess.run([sys.executable, str(WRITER), str(path), str(task_id), "1", str(limit), "200000"],
                           capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert child.returncode == 3, child.stderr
    assert "磁盘已满" in child.stdout and str(path) in child.stdout
    db = open_database(str(path))
    assert len(progress_ids(db)) == 1
    db.close()
    assert integrity_errors(path) == []


def test_newer_schema_is_refused_untouched(seeded: tuple[Path, int]) -> None:
    path, _ = seeded
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    before = digest(path)
    with pytest.raises(UserError, match="更新版本的 EcoDesk"):
        open_database(str(path))
    assert digest(path) == before


def corrupt(path: Path) -> None:
    """Overwrite every page after the first with garbage, as a failing disk might."""
    wal = Path(str(path) + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0, "close the database first: its WAL would mask the damage"
    with path.open("r+b") as fh:
        page = int.from_bytes(fh.read(18)[16:18], "big")
        size = path.stat().st_size
        for offset in range(page, size, page):
            fh.seek(offset)
            fh.write(b"\xde\xad\xbe\xef" * (page // 4))


def test_corrupt_database_is_not_written(seeded: tuple[Path, int]) -> None:
    path, _ = seeded
    db = open_database(str(path))
    good = backups.create_backup(db).path
    db.close()
    corrupt(path)
    before = digest(path)
    with pytest.raises(CorruptDatabaseError, match="已损坏") as caught:
        open_database(str(path))
    message = str(caught.value)
    assert str(path) in message and str(good) in message
    assert caught.value.backup == good
    assert digest(path) == before
    wal = Path(str(path) + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_full_integrity_check_runs_weekly(seeded: tuple[Path, int]) -> None:
    path, _ = seeded
    assert not check_stamp_path(path).exists()  # a new file has nothing to check yet
    open_database(str(path)).close()
    now = dt.datetime.now()
    assert not full_check_due(path, now)
    assert full_check_due(path, now + dt.timedelta(days=8))
    assert full_check_due(path, now - dt.timedelta(days=1))  # the clock went back: check rather than trust


def test_unreachable_server() -> None:
    with pytest.raises(StorageError, match="无法连接数据库服务器") as caught:
        open_database("postgresql://ecodesk:secret@127.0.0.1:1/ecodesk")
    assert "secret" not in str(caught.value)


@pytest.mark.postgres
def test_row_locked_too_long_on_postgresql() -> None:
    with fresh_pg_database(pg_server_url()) as url:
        opened = open_database(url)
        task_id = seed_plan(opened)
        opened.close()
        db = Database(url_engine(url, busy_timeout_ms=200), None)
        holder = Database(url_engine(url), None)
        try:
            with holder.session() as s:
                s.execute(text("SELECT id FROM tasks WHERE id = :id FOR UPDATE"), {"id": task_id})
                with pytest.raises(StorageError, match="长时间占用") as caught:
                    progress.add_progress(db, task_id, date=dt.date(2026, 4, 1), text="等不到锁")
                assert "ecodesk_t_" in str(caught.value) and "改用服务器模式" not in str(caught.value)
            assert progress_ids(db) == set()
        finally:
            db.close()
            holder.close()
