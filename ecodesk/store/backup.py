"""Copies of a SQLite database made with SQLite's backup API (safe while WAL writers are active)."""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path

from ecodesk.domain.errors import UserError, os_reason
from ecodesk.store.lock import pid_alive
from ecodesk.store.retention import backups_to_keep

BACKUP_DIR = "backups"
STAMP_FORMAT = "%Y%m%d-%H%M%S-%f"
_DAMAGED = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
_STAMP_PATTERN = r"(\d{8}-\d{6}-\d{6})-([\w-]+)\.sqlite"
PARTIAL = ".partial"
COMPANIONS = ("-journal", "-wal", "-shm")


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / BACKUP_DIR


def backup_name(db_path: Path, reason: str, now: dt.datetime | None = None) -> Path:
    """backups/ecodesk-20210630-141500-upgrade.sqlite: sortable by time, tagged by why it was made."""
    stamp = (now or dt.datetime.now()).strftime(STAMP_FORMAT)
    return backup_dir(db_path) / f"{db_path.stem}-{stamp}-{reason}.sqlite"


def copy_database(source: Path, dest: Path) -> Path:
    """Copy `source` into `dest` via a temporary file, verify it, then rename it into place."""
    if dest.exists() and dest.resolve() == source.resolve():
        raise UserError(f"不能把数据库“{source}”备份到它自己，请另选文件名")
    partial = partial_name(dest)
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        _copy_verified(source, partial)
        os.replace(partial, dest)
    except (sqlite3.Error, OSError) as err:
        raise UserError(f"无法备份数据库到“{dest}”（{_why(err)}），原数据库未受影响") from None
    finally:
        remove_with_companions(partial)  # gone already after a successful rename
    return dest


def partial_name(dest: Path) -> Path:
    """Where `dest` is written before it is complete: tagged with this process, so that a copy left by a
    killed process is known for one (`remove_stale_partials`) and one being written is not."""
    return dest.with_name(f"{dest.name}.{os.getpid()}{PARTIAL}")


def _copy_verified(source: Path, partial: Path) -> None:
    """SQLite's backup API into `partial`, a standalone file (no -wal/-shm), then its integrity_check."""
    remove_with_companions(partial)
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(partial)) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # a standalone file: read-only checks leave no -wal/-shm
    if integrity_errors(partial):
        raise UserError(f"复制“{source}”后校验失败，原数据库可能已损坏")


def remove_with_companions(path: Path) -> None:
    """Delete a SQLite file of ours with the journal, WAL and shared-memory files it may have left."""
    for companion in (path, *(Path(f"{path}{suffix}") for suffix in COMPANIONS)):
        companion.unlink(missing_ok=True)


def remove_stale_partials(db_path: Path) -> list[Path]:
    """Delete the half-written copies that killed processes left beside the database and in backups/."""
    pattern = re.compile(re.escape(db_path.stem) + r".*?(?:\.(\d+))?" + re.escape(PARTIAL))
    removed = []
    for folder in (db_path.parent, backup_dir(db_path)):
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            match = pattern.fullmatch(path.name)
            if match and not (match[1] and pid_alive(int(match[1]))):  # untagged: an older EcoDesk's
                remove_with_companions(path)
                removed.append(path)
    return removed


def _why(err: sqlite3.Error | OSError) -> str:
    """The reason in Chinese: a full disk only when the disk said so (an I/O error is not one)."""
    if isinstance(err, OSError):
        return os_reason(err)
    code = getattr(err, "sqlite_errorcode", 0) & 0xFF
    return _SQLITE_REASONS.get(code, f"SQLite 错误 {getattr(err, 'sqlite_errorname', '') or err}")


_SQLITE_REASONS = {sqlite3.SQLITE_FULL: "磁盘已满", sqlite3.SQLITE_IOERR: "读写文件时出错",
                   sqlite3.SQLITE_CANTOPEN: "无法打开文件（文件夹不存在或不可写）",
                   sqlite3.SQLITE_READONLY: "文件或文件夹是只读的", sqlite3.SQLITE_BUSY: "数据库正忙，请稍后重试",
                   sqlite3.SQLITE_CORRUPT: "原数据库已损坏", sqlite3.SQLITE_NOTADB: "不是数据库文件"}


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
        remove_with_companions(path)  # a damaged original's WAL too
    return doomed


def replace_database(source: Path, path: Path) -> None:
    """Make `path` a verified copy of `source`, atomically: copy beside it, check, drop -wal/-shm, rename.

    For a file no connection has open (a damaged or missing database, a failed upgrade): the caller must
    have closed every connection to `path`. Its WAL is checkpointed into the old file and removed: a stale
    WAL left beside the new file would be replayed into it. An open database is restored in place
    (`restore_in_place`).
    """
    incoming = partial_name(path)
    try:
        _copy_verified(source, incoming)
        if path.exists():
            with suppress(sqlite3.Error), closing(sqlite3.connect(path)) as old:  # a damaged file may refuse
                old.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for suffix in ("-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        os.replace(incoming, path)
    except (sqlite3.Error, OSError) as err:
        raise UserError(f"无法用“{source}”替换数据库“{path}”（{_why(err)}），原文件未改动") from None
    finally:
        remove_with_companions(incoming)


def restore_in_place(path: Path, incoming: Path, safety: Path, busy_timeout_s: float) -> None:
    """Make the open database `path` hold exactly the rows of `incoming` (same schema), in one write
    transaction that first copies the present state to `safety`.

    Writers and restores exclude each other through SQLite's own write lock: a writer that committed before
    is in `safety`, one queued behind the lock writes into the restored database afterwards, and none falls
    in between. The file, its WAL and every connection stay as they are (no rename under an open
    connection), so the window's connections simply read the restored rows.
    """
    with closing(sqlite3.connect(path.resolve().as_uri(), uri=True, timeout=busy_timeout_s,
                                 isolation_level=None)) as conn:
        conn.execute("PRAGMA foreign_keys=OFF")  # the rows are swapped whole; checked before the commit
        conn.execute("ATTACH DATABASE ? AS incoming", (f"{incoming.resolve().as_uri()}?mode=ro",))
        tables = _same_tables(conn)
        conn.execute("BEGIN IMMEDIATE")
        try:
            copy_database(path, safety)
            for table, columns in tables.items():
                names = ", ".join(f'"{c}"' for c in columns)
                conn.execute(f'DELETE FROM main."{table}"')
                conn.execute(f'INSERT INTO main."{table}" ({names}) SELECT {names} FROM incoming."{table}"')
            if conn.execute("PRAGMA main.foreign_key_check").fetchone() is not None:
                raise UserError(f"备份文件“{incoming}”中的数据互相引用不一致，未做任何改动")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _same_tables(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Each table's columns, when the live and the incoming database have the same tables and columns."""
    def shape(schema: str) -> dict[str, list[str]]:
        names = [r[0] for r in conn.execute(f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' "
                                            "AND name NOT LIKE 'sqlite_stat%' ORDER BY name")]
        return {t: [r[1] for r in conn.execute(f'PRAGMA {schema}.table_info("{t}")')] for t in names}

    live, incoming = shape("main"), shape("incoming")
    if live != incoming:
        raise UserError("备份文件的数据表结构与当前数据库不一致，未做任何改动")
    return live


BACKUP_REASONS = {"manual": "手动", "auto": "自动", "exit": "退出时", "before-upgrade": "升级前",
           "before-restore": "恢复前", "damaged": "损坏的原文件"}


def reason_label(reason: str) -> str:
    """Why a backup was made, in the words the CLI and the backup dialog both show."""
    return BACKUP_REASONS.get(reason, reason)
