"""Copies of a SQLite database made with SQLite's backup API (safe while WAL writers are active)."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from contextlib import closing
from pathlib import Path

from ecodesk.domain.errors import UserError

BACKUP_DIR = "backups"


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / BACKUP_DIR


def backup_name(db_path: Path, reason: str, now: dt.datetime | None = None) -> Path:
    """backups/ecodesk-20210630-141500-upgrade.sqlite: sortable by time, tagged by why it was made."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    return backup_dir(db_path) / f"{db_path.stem}-{stamp}-{reason}.sqlite"


def copy_database(source: Path, dest: Path) -> Path:
    """Copy `source` into `dest` via a temporary file, verify it, then rename it into place."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".partial")
    try:
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(partial)) as dst:
            src.backup(dst)
        if integrity_errors(partial):
            raise UserError(f"备份“{dest}”校验失败，原数据库可能已损坏")
        os.replace(partial, dest)
    except (sqlite3.Error, OSError) as err:
        partial.unlink(missing_ok=True)
        raise UserError(f"无法备份数据库到“{dest}”：{err}") from None
    return dest


def integrity_errors(path: Path, quick: bool = False) -> list[str]:
    """Problems `PRAGMA integrity_check` (or quick_check) reports; empty when the file is sound."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}")]
    except sqlite3.DatabaseError as err:
        return [str(err)]
    return [] if rows == ["ok"] else rows
