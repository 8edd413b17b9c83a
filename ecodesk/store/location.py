"""Where the database lives: `--db`, then ECODESK_DB, then the user's data directory."""

from __future__ import annotations

import os
from pathlib import Path

from ecodesk import APP_NAME

DB_ENV = "ECODESK_DB"
DEFAULT_FILE = "ecodesk.sqlite"


def default_database_path() -> Path:
    """ecodesk.sqlite in the per-user data folder, so a clerk configures nothing."""
    from platformdirs import user_data_dir  # here: a start with --db or ECODESK_DB need not load it

    return Path(user_data_dir(APP_NAME, appauthor=False)) / DEFAULT_FILE


def resolve_target(explicit: str | None = None) -> str:
    """The database the user asked for: a file path or a SQLAlchemy URL (postgresql://…)."""
    chosen = explicit or os.environ.get(DB_ENV) or str(default_database_path())
    return chosen


def is_url(target: str) -> bool:
    """postgresql://… and sqlite:///… are URLs; anything else is a file path (C:\\… included)."""
    head, sep, _ = target.partition("://")
    return bool(sep) and head.replace("+", "").isalnum() and len(head) > 1


def sqlite_path(target: str) -> Path | None:
    """The file a target names as open_database resolves it; None for a server URL."""
    if not is_url(target):
        return Path(target).expanduser().resolve()
    if target.startswith("sqlite") and ":///" in target:  # sqlite:///relative.db, sqlite:////abs/x.db
        return Path(target.partition(":///")[2].split("?")[0]).expanduser().resolve()
    return None


def ensure_single_name(path: Path) -> None:
    """Refuse a database file with several hard links: SQLite names its -wal and -shm files after the
    path, so two names in use at once would keep two journals for one file and corrupt it."""
    from ecodesk.domain.errors import UserError

    try:
        links = path.stat().st_nlink
    except OSError:
        return
    if links > 1:
        raise UserError(f"数据库文件“{path}”有 {links} 个硬链接（同一个文件有多个名字）。用不同的名字同时打开会"
                        "各用一套日志文件，可能损坏数据，EcoDesk 不会打开它。请删除多余的链接，"
                        "或把它复制为一个独立的文件后再打开")
