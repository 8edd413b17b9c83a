"""Schema migrations applied when a database is opened: create, upgrade (after a copy) or refuse."""

from __future__ import annotations

import importlib.util
import sqlite3
from contextlib import closing
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from ecodesk.domain.errors import UserError
from ecodesk.store import WRITES
from ecodesk.store.backup import backup_name, copy_database, list_backup_files, replace_database
from ecodesk.store.failures import storage_error
from ecodesk.store.health import corrupt_error
from ecodesk.store.schema_version import SCHEMA_HEAD

if TYPE_CHECKING:
    from alembic.config import Config


@cache
def script_location() -> str:
    """migrations/ of a source checkout, or the copy shipped inside the installed package."""
    checkout = Path(__file__).resolve().parents[2] / "migrations"
    if (checkout / "env.py").is_file():
        return str(checkout)
    spec = importlib.util.find_spec("ecodesk.migrations")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("EcoDesk installation is missing its migrations")
    return str(next(iter(spec.submodule_search_locations)))


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", script_location())
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def check_sqlite_file(path: Path) -> None:
    """Refuse files that are not SQLite databases before SQLAlchemy touches (and so changes) them.

    SQLite reads the header itself: code of this process must never open() and close() a database file
    (doing so drops every lock SQLite holds on it, sqlite.org/howtocorrupt.html §2.2). A file that no
    longer reads as SQLite while backups of it lie beside it was a database and is damaged (its first
    page overwritten): that is offered a restore, not called a stranger.
    """
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
            conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as err:
        if err.sqlite_errorcode & 0xFF != sqlite3.SQLITE_NOTADB:
            raise storage_error(err, str(path)) or UserError(
                f"无法读取数据库文件“{path}”（SQLite 错误 {err.sqlite_errorname}）") from None
        if list_backup_files(path):
            raise corrupt_error(path, "文件开头已损坏，不再是有效的数据库文件") from None
        raise UserError(f"“{path}”不是 EcoDesk 数据库（不是 SQLite 文件），未做任何改动") from None


def current_revision(engine: Engine) -> str | None:
    """The revision stamped in alembic_version, read directly (None for a database without one)."""
    with engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except (OperationalError, ProgrammingError):
            return None


def bring_to_head(engine: Engine, path: Path | None) -> None:
    """New database → create at head; older → copy, then upgrade; unknown (newer) → refuse untouched."""
    revision = current_revision(engine)
    if revision == SCHEMA_HEAD:
        return
    if revision is None:
        if inspect(engine).get_table_names():
            raise UserError(f"数据库“{_name(engine, path)}”含有非 EcoDesk 的数据表，未做任何改动")
        _upgrade(engine)
        return
    if revision not in known_revisions():
        raise UserError(
            f"数据库“{_name(engine, path)}”由更新版本的 EcoDesk 创建（版本 {revision}），"
            "本程序无法打开，请升级 EcoDesk；数据库未做任何改动"
        )
    backup = copy_database(path, backup_name(path, "before-upgrade")) if path is not None else None
    try:
        _upgrade(engine)
    except Exception as err:
        engine.dispose()
        reason = _first_line(err)
        if backup is None:  # PostgreSQL: the upgrade ran in one transaction, rolled back as a whole
            raise UserError(f"数据库“{_name(engine, path)}”升级失败（{reason}），升级已撤销，数据未受影响") from err
        replace_database(backup, path)
        raise UserError(f"数据库“{path}”升级失败（{reason}），已自动恢复到升级前的副本“{backup}”，"
                        "数据未受影响") from err


def _first_line(err: Exception) -> str:
    """The driver's own message without SQLAlchemy's SQL echo and links."""
    orig = getattr(err, "orig", None)
    return str(orig if orig is not None else err).strip().splitlines()[0]


def _upgrade(engine: Engine) -> None:
    from alembic import command

    config = alembic_config()
    with engine.connect().execution_options(**{WRITES: True}) as conn, conn.begin():
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
        if conn.dialect.name == "postgresql":
            _cover_new_tables(conn)


def _cover_new_tables(conn: Connection) -> None:
    """A server set up by `ecodesk server init` gets its grants and policies again in the upgrade's own
    transaction, so a table the upgrade added is guarded from its first moment."""
    from ecodesk.store import server_roles

    if server_roles.installed(conn):
        server_roles.apply(conn)


def _name(engine: Engine, path: Path | None) -> str:
    return str(path) if path else engine.url.render_as_string(hide_password=True)
