"""Copies of a SQLite database made with SQLite's backup API (safe while WAL writers are active)."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import sqlite3
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path

from ecodesk.domain.errors import UserError
from ecodesk.store.retention import backups_to_keep

BACKUP_DIR = "backups"
STAMP_FORMAT = "%Y%m%d-%H%M%S-%f"
_DAMAGED = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
_STAMP_PATTERN = r"(\d{8}-\d{6}-\d{6})-([\w-]+)\.sqlite"


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / BACKUP_DIR


def backup_name(db_path: Path, reason: str, now: dt.datetime | None = None) -> Path:
    """backups/ecodesk-20210630-141500-upgrade.sqlite: sortable by time, tagged by why it was made."""
    stamp = (now or dt.datetime.now()).strftime(STAMP_FORMAT)
    return backup_dir(db_path) / f"{db_path.stem}-{stamp}-{reason}.sqlite"


def copy_database(source: Path, dest: Path) -> Path:
    """Copy `source` into `dest` via a temporary file, verify it, then rename it into place."""
    partial = dest.with_name(dest.name + ".partial")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(partial)) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # a standalone file: read-only checks leave no -wal/-shm
        if integrity_errors(partial):
            raise UserError(f"备份“{dest}”校验失败，原数据库可能已损坏")
        os.replace(partial, dest)
    except (sqlite3.Error, OSError) as err:
        raise UserError(f"无法备份数据库到“{dest}”（{_why(err)}），原数据库未受影响") from None
    finally:
        partial.unlink(missing_ok=True)  # gone already after a successful rename
    return dest


def _why(err: sqlite3.Error | OSError) -> str:
    text = str(err).lower()
    disk = getattr(err, "errno", None) in (errno.ENOSPC, errno.EFBIG) or "full" in text or "disk i/o" in text
    return "磁盘已满或写入出错" if disk else str(err)


def integrity_errors(path: Path, quick: bool = False) -> list[str]:
    """Problems `PRAGMA integrity_check` (or quick_check) reports; empty when the file is sound.

    A file that cannot be read at all (missing, no permission) raises sqlite3.Error: that is not damage.
    """
    pragma = "quick_check" if quick else "integrity_check"
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}")]
    except sqlite3.DatabaseError as err:
        if err.sqlite_errorcode & 0xFF in _DAMAGED:
            return [str(err)]
        raise
    return [] if rows == ["ok"] else rows


@dataclass(frozen=True, slots=True)
class BackupFile:
    """One copy in backups/: when it was made (local time), why, and its size in bytes."""

    path: Path
    at: dt.datetime
    reason: str
    size: int


def list_backup_files(db_path: Path) -> list[BackupFile]:
    """Backups of `db_path`, newest first; half-written `.partial` files and strangers are ignored."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    pattern = re.compile(re.escape(db_path.stem) + "-" + _STAMP_PATTERN)
    found = []
    for path in folder.iterdir():
        match = pattern.fullmatch(path.name)
        if match and path.is_file():
            at = dt.datetime.strptime(match[1], STAMP_FORMAT)
            found.append(BackupFile(path, at, match[2], path.stat().st_size))
    return sorted(found, key=lambda b: b.at, reverse=True)


def newest_good_backup(db_path: Path) -> Path | None:
    """The newest backup that passes quick_check: what to offer when the database is damaged."""
    return next((b.path for b in list_backup_files(db_path) if not integrity_errors(b.path, quick=True)), None)


def prune_backups(db_path: Path, now: dt.datetime) -> list[Path]:
    """Delete the backups the retention rule no longer wants; returns what was deleted."""
    backups = list_backup_files(db_path)
    keep = backups_to_keep((b.at for b in backups), now)
    doomed = [b.path for b in backups if b.at not in keep]
    for path in doomed:
        for companion in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):  # a damaged original's WAL
            companion.unlink(missing_ok=True)
    return doomed


def replace_database(source: Path, path: Path) -> None:
    """Make `path` a verified copy of `source`, atomically: copy beside it, check, drop -wal/-shm, rename.

    The caller must have closed every connection to `path`. Its WAL is checkpointed into the old file
    and removed: a stale WAL left beside the new file would be replayed into it.
    """
    incoming = copy_database(source, path.with_name(path.name + ".restoring"))
    if path.exists():
        with suppress(sqlite3.Error), closing(sqlite3.connect(path)) as old:  # a damaged file may refuse
            old.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    os.replace(incoming, path)


BACKUP_REASONS = {"manual": "手动", "auto": "自动", "exit": "退出时", "before-upgrade": "升级前",
           "before-restore": "恢复前", "damaged": "损坏的原文件"}


def reason_label(reason: str) -> str:
    """Why a backup was made, in the words the CLI and the backup dialog both show."""
    return BACKUP_REASONS.get(reason, reason)
