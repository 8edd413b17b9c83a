"""Backups for the 备份/恢复 dialog, the `ecodesk backup` command and the GUI's timers.

Copies go to backups/ beside a SQLite database (SQLite's backup API, each verified with
integrity_check) and are pruned by ecodesk.store.retention. A PostgreSQL database is backed up by
its server (pg_dump), so the automatic calls do nothing there and the explicit ones say so.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from sqlalchemy import Engine

from ecodesk.domain.errors import UserError
from ecodesk.store import migrate
from ecodesk.store.backup import (
    BackupFile,
    backup_dir,
    backup_name,
    copy_database,
    integrity_errors,
    list_backup_files,
    partial_name,
    prune_backups,
    remove_stale_partials,
    remove_with_companions,
    replace_database,
    restore_in_place,
)
from ecodesk.store.db import BUSY_TIMEOUT_MS, Database, sqlite_engine

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
    remove_stale_partials(_file(db))
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
    """Replace the open database's data with `backup`'s (the current state is backed up first).

    The candidate is checked and brought to this version's schema in a private copy before anything is
    touched; then the rows are swapped in one write transaction that also takes the safety copy, so a
    writer in another process lands wholly before (in the safety copy) or after (in the restored data).
    Returns the safety copy of the state before the restore, so the clerk can undo it.
    """
    path = _file(db)
    now = now or dt.datetime.now()
    remove_stale_partials(path)
    safety = backup_name(path, "before-restore", now)  # pruning waits: it might take the chosen copy
    with _prepared(backup, path) as incoming, db.storage_errors():
        restore_in_place(path, incoming, safety, BUSY_TIMEOUT_MS / 1000)
    prune_backups(path, now)
    return BackupFile(safety, now, "before-restore", safety.stat().st_size)


def restore_damaged(path: Path, backup: Path, now: dt.datetime | None = None) -> Path | None:
    """Replace a database that cannot be opened (damaged, deleted or emptied) with `backup`.

    The damaged file is kept in backups/ as it was, for a technician; returns that copy's path (None when
    there was nothing to keep: the file was gone or empty).
    """
    remove_stale_partials(path)
    with _prepared(backup, path) as incoming:
        kept = _keep_damaged(path, now) if path.exists() and path.stat().st_size else None
        replace_database(incoming, path)
    return kept


def _keep_damaged(path: Path, now: dt.datetime | None) -> Path:
    kept = backup_name(path, "damaged", now)
    kept.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal"):
        if Path(str(path) + suffix).exists():
            shutil.copy2(str(path) + suffix, str(kept) + suffix)  # no connection of ours is open on it
    return kept


@contextmanager
def _prepared(backup: Path, db_path: Path) -> Iterator[Path]:
    """A private copy of `backup`, verified and brought to this version's schema, deleted afterwards.

    Refuses (UserError, nothing touched) a file that is missing, damaged, not an EcoDesk database, empty,
    or written by a newer EcoDesk. Working on a copy also means the candidate cannot change after its check.
    """
    _check_backup(backup)
    copy = partial_name(backup_dir(db_path) / f"{db_path.stem}-incoming.sqlite")
    try:
        copy_database(backup, copy)
        engine = sqlite_engine(copy)
        try:
            _bring_candidate_to_head(engine, backup)
        finally:
            engine.dispose()
        yield copy
    finally:
        remove_with_companions(copy)


def _bring_candidate_to_head(engine: Engine, backup: Path) -> None:
    if migrate.current_revision(engine) is None:
        raise UserError(f"“{backup}”不是 EcoDesk 的数据库备份（没有 EcoDesk 的版本信息），不能用于恢复，未做任何改动")
    try:
        migrate.bring_to_head(engine, None)
    except UserError as err:
        raise UserError(f"备份文件“{backup}”不能用于恢复：{err}") from None


def _check_backup(backup: Path) -> None:
    if not backup.is_file():
        raise UserError(f"备份文件“{backup}”不存在")
    try:
        problems = integrity_errors(backup)
    except sqlite3.Error as err:
        raise UserError(f"无法读取备份文件“{backup}”：{err}") from None
    if problems:
        raise UserError(f"备份文件“{backup}”已损坏（{problems[0]}），不能用于恢复，请选择其他备份")
