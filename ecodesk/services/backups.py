"""Backups for the 备份/恢复 dialog, the `ecodesk backup` command and the GUI's timers.

Copies go to backups/ beside a SQLite database (SQLite's backup API, each verified with
integrity_check) and are pruned by ecodesk.store.retention. A PostgreSQL database is backed up by
its server (pg_dump), so the automatic calls do nothing there and the explicit ones say so.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from ecodesk.domain.errors import UserError
from ecodesk.store import migrate
from ecodesk.store.backup import (
    BackupFile,
    backup_name,
    copy_database,
    integrity_errors,
    list_backup_files,
    prune_backups,
    replace_database,
)
from ecodesk.store.db import Database

AUTO_BACKUP_EVERY = dt.timedelta(minutes=30)
SERVER_MODE = "服务器模式（PostgreSQL）的数据库“{name}”由数据库服务器备份（如 pg_dump），请联系管理员"


def _file(db: Database) -> Path:
    if db.path is None:
        raise UserError(SERVER_MODE.format(name=db.display_name))
    return db.path


def list_backups(db: Database) -> list[BackupFile]:
    """The copies in backups/, newest first, for the dialog's list."""
    return list_backup_files(_file(db))


def create_backup(db: Database, reason: str = "manual", now: dt.datetime | None = None) -> BackupFile:
    """Copy the database now (verified), then prune old copies; returns the new copy."""
    now = now or dt.datetime.now()
    made = _copy(db, reason, now)
    prune_backups(_file(db), now)
    return made


def _copy(db: Database, reason: str, now: dt.datetime) -> BackupFile:
    path = _file(db)
    copy = copy_database(path, backup_name(path, reason, now))
    return BackupFile(copy, now, reason, copy.stat().st_size)


def _last_change(path: Path) -> tuple[int, str] | None:
    """The newest audit row (id, time) in a SQLite file. Every change writes one, and after a restore
    reuses ids the times still differ, so equal values mean equal data."""
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            row = conn.execute("SELECT id, at FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    except sqlite3.Error:
        return None  # no audit_log yet (a pre-0002 copy) or unreadable: not comparable
    return (row[0], str(row[1])) if row else (0, "")


def changed_since_last_backup(db: Database) -> bool:
    newest = next(iter(list_backups(db)), None)
    if newest is None:
        return True
    current = _last_change(_file(db))
    return current is None or current != _last_change(newest.path)


def maybe_backup(db: Database, now: dt.datetime | None = None) -> BackupFile | None:
    """Call from a timer: back up when something changed and the newest copy is 30 minutes old."""
    if db.path is None:
        return None
    now = now or dt.datetime.now()
    newest = next(iter(list_backups(db)), None)
    if newest is not None and now - newest.at < AUTO_BACKUP_EVERY:
        return None
    return create_backup(db, "auto", now) if changed_since_last_backup(db) else None


def backup_on_exit(db: Database, now: dt.datetime | None = None) -> BackupFile | None:
    """Call when the window closes: a last copy unless the newest one already holds every change."""
    if db.path is None or not changed_since_last_backup(db):
        return None
    return create_backup(db, "exit", now)


def restore_backup(db: Database, backup: Path, now: dt.datetime | None = None) -> BackupFile:
    """Replace the open database with `backup` (the current state is backed up first).

    Returns the safety copy of the state before the restore, so the clerk can undo it.
    """
    path = _file(db)
    _check_backup(backup)
    now = now or dt.datetime.now()
    safety = _copy(db, "before-restore", now)  # pruning waits: it might take the chosen copy
    db.engine.dispose()
    replace_database(backup, path)
    with db.storage_errors():
        migrate.bring_to_head(db.engine, path)
    prune_backups(path, now)
    return safety


def restore_damaged(path: Path, backup: Path, now: dt.datetime | None = None) -> Path:
    """Replace a database that failed its integrity check (and so cannot be opened) with `backup`.

    The damaged file is kept in backups/ as it was, for a technician; returns that copy's path.
    """
    _check_backup(backup)
    kept = backup_name(path, "damaged", now)
    kept.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal"):
        if Path(str(path) + suffix).exists():
            shutil.copy2(str(path) + suffix, str(kept) + suffix)
    replace_database(backup, path)
    return kept


def _check_backup(backup: Path) -> None:
    if not backup.is_file():
        raise UserError(f"备份文件“{backup}”不存在")
    try:
        problems = integrity_errors(backup)
    except sqlite3.Error as err:
        raise UserError(f"无法读取备份文件“{backup}”：{err}") from None
    if problems:
        raise UserError(f"备份文件“{backup}”已损坏（{problems[0]}），不能用于恢复，请选择其他备份")
