"""Integrity checks on open: a quick check every time, the full check once a week.

A damaged file is never written to (a write could spread the damage): opening it raises
CorruptDatabaseError naming the newest backup that is itself sound, for the GUI to offer.
"""

from __future__ import annotations

import datetime as dt
from contextlib import suppress
from pathlib import Path

from ecodesk.domain.errors import CorruptDatabaseError, MissingDatabaseError
from ecodesk.store.backup import integrity_errors, newest_good_backup

FULL_CHECK_EVERY = dt.timedelta(days=7)


def check_stamp_path(path: Path) -> Path:
    """The file beside the database remembering when the last full integrity_check passed."""
    return path.with_name(path.name + ".checked")


def _last_full_check(path: Path) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(check_stamp_path(path).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def _remember_full_check(path: Path, now: dt.datetime) -> None:
    with suppress(OSError):  # a read-only folder: the full check simply runs again next time
        check_stamp_path(path).write_text(now.isoformat(timespec="seconds"), encoding="ascii")


def full_check_due(path: Path, now: dt.datetime) -> bool:
    last = _last_full_check(path)
    return last is None or not last <= now < last + FULL_CHECK_EVERY


def ensure_sound(path: Path, now: dt.datetime | None = None) -> None:
    """Raise CorruptDatabaseError unless `path` (an existing SQLite file) passes its checks."""
    if not path.exists() or path.stat().st_size == 0:
        return
    now = now or dt.datetime.now()
    full = full_check_due(path, now)
    problems = integrity_errors(path, quick=not full)
    if problems:
        raise corrupt_error(path, problems[0])
    if full:
        _remember_full_check(path, now)


def corrupt_error(path: Path, problem: str) -> CorruptDatabaseError:
    backup = newest_good_backup(path)
    advice = (f"可以从最新的完好备份“{backup}”恢复" if backup is not None
              else "没有找到完好的备份，请保留该文件并联系技术人员")
    return CorruptDatabaseError(
        f"数据库“{path}”已损坏（{problem}），为防止损坏扩大，EcoDesk 不会写入它。{advice}", path, backup
    )


def ensure_not_lost(path: Path) -> None:
    """Raise MissingDatabaseError when `path` is gone or empty although sound backups of it exist: the file
    was deleted or emptied, and silently starting an empty database in its place would hide that."""
    present = path.exists() and path.stat().st_size > 0
    if present or Path(f"{path}-wal").exists():
        return
    backup = newest_good_backup(path)
    if backup is None:
        return  # a new database
    state = "是空文件" if path.exists() else "不存在"
    raise MissingDatabaseError(
        f"数据库文件“{path}”{state}，但 backups 文件夹中还有它的备份（最新的完好备份是“{backup}”）。"
        "文件可能被误删或清空，EcoDesk 没有新建空数据库；可以从该备份恢复（命令行：ecodesk backup restore）",
        path, backup)
