"""Opening a database: engine, SQLite pragmas, sessions as transactions, migrations on open."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from ecodesk.domain.errors import UserError
from ecodesk.store import migrate
from ecodesk.store.location import is_url, resolve_target

BUSY_TIMEOUT_MS = 10_000


class Database:
    """One open database. `session()` is the only way to write: one transaction per call."""

    def __init__(self, engine: Engine, path: Path | None) -> None:
        self.engine = engine
        self.path = path
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def display_name(self) -> str:
        """What the 关于 box and messages show: the file path, or the URL without its password."""
        if self.path is not None:
            return str(self.path)
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits when the block ends, rolls back on any error."""
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def reader(self) -> Iterator[Session]:
        """A read-only look; nothing is committed."""
        with self._sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def sqlite_engine(path: Path) -> Engine:
    """An engine on a SQLite file with foreign keys on, WAL, full sync and a busy timeout."""
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _url_engine(target: str) -> Engine:
    try:
        url = make_url(target)
    except ArgumentError:
        raise UserError(f"数据库地址“{target}”无法识别，应为文件路径或 postgresql://用户@主机/库名") from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    try:
        return create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ModuleNotFoundError) as err:
        raise UserError(f"无法连接数据库“{target}”：{err}") from None


def open_database(target: str | None = None) -> Database:
    """Open (creating or upgrading as needed) the database the user named, or the default one."""
    chosen = resolve_target(target)
    if is_url(chosen):
        url = make_url(chosen) if "://" in chosen else None
        if url is not None and url.drivername.startswith("sqlite") and url.database:
            return _open_sqlite_file(Path(url.database))
        db = Database(_url_engine(chosen), None)
    else:
        return _open_sqlite_file(Path(chosen).expanduser())
    migrate.bring_to_head(db.engine, None)
    return db


def _open_sqlite_file(path: Path) -> Database:
    path = path.resolve()
    if path.is_dir():
        raise UserError(f"数据库路径“{path}”是一个文件夹，请指定一个文件")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UserError(f"无法创建数据库所在文件夹“{path.parent}”：{err.strerror}") from None
    migrate.check_sqlite_file(path)
    engine = sqlite_engine(path)
    migrate.bring_to_head(engine, path)
    return Database(engine, path)
