"""Opening a database: engine, SQLite pragmas, sessions as transactions, migrations on open."""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, DisconnectionError
from sqlalchemy.orm import Mapper, Session, object_session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.pool import ConnectionPoolEntry

from ecodesk.domain.access import LOCAL, Access
from ecodesk.domain.errors import ConflictError, LocksLostError, StorageError, UserError, os_reason
from ecodesk.identity import current_user
from ecodesk.store import WRITES, migrate
from ecodesk.store.failures import connect_error, read_only_error, storage_error
from ecodesk.store.health import ensure_not_lost, ensure_sound
from ecodesk.store.location import ensure_single_name, resolve_target, sqlite_path
from ecodesk.store.models import Base
from ecodesk.store.signin import password_for
from ecodesk.store.turn import Turn, Written
from ecodesk.store.watch import LockWatch

_WRITTEN = "ecodesk_written"  # Session.info key: what this transaction wrote, until it commits

BUSY_TIMEOUT_MS = 10_000
STALE_MESSAGE = "数据刚被其他人修改，本次修改未保存，请刷新后重试"
LOCKS_LOST = ("数据库“{name}”出现异常：{why}（可能是其他程序以非数据库方式打开过该文件）。为防止数据丢失，"
              "EcoDesk 没有保存本次修改，并已重新打开数据库；请核对显示的内容后重试")


class Database:
    """One open database. `session()` is the only way to write: one transaction per call.

    Storage failures (read-only file, full disk, lock held too long, server gone) leave the
    transaction rolled back and surface as StorageError with a Chinese message naming the database.
    """

    def __init__(self, engine: Engine, path: Path | None) -> None:
        self.engine = engine
        self.path = path
        self.wrote = False  # whether a transaction committed since opening: the CLI then considers a backup
        self._sessions = sessionmaker(engine, expire_on_commit=False, execution_options={WRITES: True})
        self._readers = sessionmaker(engine, expire_on_commit=False)
        self._anchor: sqlite3.Connection | None = None
        self._watch: LockWatch | None = None
        self._recording: Written | None = None
        self._look = threading.local()  # .session: the read transaction `one_look` shares on this thread
        self.access: Access = LOCAL  # on a server: the signed-in login and its role (set by open_database)

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
        """A unit of work: commits when the block ends, rolls back on any error.

        A row someone else changed meanwhile (its version counter moved) raises ConflictError.
        """
        self.verify()
        written: Written = {}
        try:
            with self.storage_errors(), self._sessions(info={_WRITTEN: written}) as session, session.begin():
                yield session
        except StaleDataError:
            raise ConflictError(STALE_MESSAGE) from None
        self._committed(written)

    @contextmanager
    def turn(self) -> Iterator[Turn]:
        """A SQLite write transaction on the pooled connection's own handle (store/turn), for a write whose
        every statement is known beforehand: committed when the block ends, rolled back on any error."""
        assert self.is_sqlite
        self.verify()
        with self.storage_errors():
            pooled = self.engine.raw_connection()
            try:
                driver = pooled.driver_connection
                assert isinstance(driver, sqlite3.Connection)
                driver.execute("BEGIN IMMEDIATE")
                turn = Turn(driver, self.engine.dialect, current_user(), {})
                try:
                    yield turn
                    driver.execute("COMMIT")
                except BaseException:
                    if driver.in_transaction:  # a failed COMMIT may have ended it already
                        driver.execute("ROLLBACK")
                    raise
            finally:
                pooled.close()
        self._committed(turn.written)

    def _committed(self, written: Written) -> None:
        """A transaction committed: the database changed (see `wrote`), and the versions it gave are recorded."""
        self.wrote = True
        if self._recording is not None:
            self._recording.update(written)

    @contextmanager
    def recording_versions(self, into: Written) -> Iterator[None]:
        """While the block runs, each committed transaction adds to `into` the version counters it gave
        the rows it inserted or updated (the rolled-back ones add nothing).

        An undo step can then expect exactly the version its own edit produced: a row whose counter has
        moved on since was saved by someone else, whose work the undo must not overwrite unasked.
        """
        self._recording = into
        try:
            yield
        finally:
            self._recording = None

    @contextmanager
    def reader(self) -> Iterator[Session]:
        """A read-only look; nothing is committed (on SQLite it takes no write lock). Inside `one_look`,
        the look's own session."""
        shared: Session | None = getattr(self._look, "session", None)
        if shared is not None:
            yield shared
            return
        self.verify()
        with self.storage_errors(), self._readers() as session:
            yield session

    @contextmanager
    def one_look(self) -> Iterator[None]:
        """Every `reader` this thread opens inside the block shares one read transaction: what they read
        is one consistent state of the database, and a server is asked BEGIN and ROLLBACK once (opening a
        plan reads the plan list, the plan and its tasks). Only for blocks that do not write."""
        with self.reader() as session:
            if getattr(self._look, "session", None) is session:  # already inside a look
                yield
                return
            self._look.session = session
            try:
                yield
            finally:
                self._look.session = None

    def verify(self) -> None:
        """Raise LocksLostError, after reopening on fresh connections, if this process lost its SQLite locks
        or the WAL was replaced under it (ecodesk.store.watch): writing on would go into a deleted WAL."""
        problem = self._watch.problem() if self._watch is not None else None
        if problem is None:
            return
        self.reopen()
        raise LocksLostError(LOCKS_LOST.format(name=self.display_name, why=problem))

    def reopen(self) -> None:
        """Drop every connection and connect afresh, taking new locks on the file as it now is."""
        self._detach()
        self.hold_file()

    def hold_file(self) -> None:
        """Hold one connection to the SQLite file for the Database's life, so the locks (and with them the
        WAL) stay put between transactions, and note the files' identities to watch. Called once the file
        is what it will stay (after migrations, after a restore)."""
        assert self.path is not None
        with self.storage_errors():
            with self.engine.connect():
                pass  # the engine's own connection sets WAL mode before the anchor reads it
            self._anchor = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._anchor.execute("SELECT count(*) FROM sqlite_master").fetchall()  # to the end: no open read
        self._watch = LockWatch(self.path)

    def _detach(self) -> None:
        """The anchor goes first: the last connection to close checkpoints and removes the WAL, which a
        read-only look cannot, so it must be one of the engine's."""
        if self._anchor is not None:
            self._anchor.close()
        self._anchor, self._watch = None, None
        self.engine.dispose()

    @contextmanager
    def storage_errors(self) -> Iterator[None]:
        """Re-raise the driver's storage failures inside the block as StorageError."""
        try:
            yield
        except (DBAPIError, sqlite3.Error) as err:
            translated = storage_error(err, self.display_name, sqlite=self.is_sqlite)
            if translated is None:
                raise
            raise translated from err

    def close(self) -> None:
        self._detach()


def note_version(session: Session, table: str, row_id: int, version: int) -> None:
    """Remember the version counter this transaction gave a row (see Database.recording_versions)."""
    written = session.info.get(_WRITTEN)
    if written is not None:
        written[(table, row_id)] = version


def _note_written(mapper: Mapper, _connection: Connection, row: object) -> None:
    """After each INSERT or UPDATE of a versioned row by the ORM: remember the counter it was given."""
    session = object_session(row)
    if session is not None and mapper.version_id_col is not None:
        key = mapper.get_property_by_column(mapper.version_id_col).key
        note_version(session, mapper.local_table.name, row.id, getattr(row, key))  # type: ignore[attr-defined]


event.listen(Base, "after_insert", _note_written, propagate=True)
event.listen(Base, "after_update", _note_written, propagate=True)


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, busy_timeout_ms: int) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
    if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITES) else "BEGIN")


def sqlite_engine(path: Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS, read_only: bool = False) -> Engine:
    """An engine on a SQLite file with foreign keys on, WAL, full sync and a busy timeout.

    The driver's own transaction handling is off (isolation_level=None); `_sqlite_begin` emits BEGIN.
    `read_only` opens the file with mode=ro, for looking at a copy that must not change.
    """
    url = f"sqlite:///{path.resolve().as_uri()}?mode=ro&uri=true" if read_only else f"sqlite:///{path}"
    engine = create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000, "isolation_level": None})
    event.listen(engine, "connect", lambda dbapi_conn, _record: _sqlite_pragmas(dbapi_conn, busy_timeout_ms))
    event.listen(engine, "begin", _sqlite_begin)
    return engine


SERVER_URL_FORM = "应为 postgresql://用户名:密码@服务器地址:端口/数据库名"


def url_engine(target: str, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    """An engine on a PostgreSQL server (the only server EcoDesk supports). A row lock held longer than
    the busy timeout (a colleague's stuck transaction) fails the statement, as SQLite's busy timeout does.

    A mistyped address is the clerk's to fix: the message shows it without its password.
    """
    try:
        url = make_url(target)
        url.port  # noqa: B018 -- parsed on first use: a port that is not a number raises ValueError here
    except (ArgumentError, ValueError):
        raise UserError(f"数据库地址“{_without_password(target)}”无法识别，{SERVER_URL_FORM}") from None
    if url.drivername not in ("postgresql", "postgres", "postgresql+psycopg"):
        shown = url.render_as_string(hide_password=True)
        raise UserError(f"不支持数据库地址“{shown}”：服务器模式使用 PostgreSQL，{SERVER_URL_FORM}")
    url = url.set(drivername="postgresql+psycopg")
    connect_args: dict[str, object] = {"options": f"-c lock_timeout={busy_timeout_ms}", "connect_timeout": 10}
    password = password_for(url)  # typed at sign-in or saved by the system; else libpq's pgpass
    if password is not None:
        connect_args["password"] = password
    engine = create_engine(url, connect_args=connect_args)
    event.listen(engine, "checkin", _note_idle)
    event.listen(engine, "checkout", _ping_if_idle)
    return engine


IDLE_PING_S = 30.0  # a server connection unused this long is pinged before use
_IDLE_SINCE = "ecodesk_idle_since"  # ConnectionPoolEntry.info key: when the pool got the connection back


def _note_idle(_dbapi_connection: object, entry: ConnectionPoolEntry) -> None:
    entry.info[_IDLE_SINCE] = time.monotonic()


def _ping_if_idle(dbapi_connection: object, entry: ConnectionPoolEntry, _proxy: object) -> None:
    """Before a connection that lay idle in the pool is used, check that the server still has it (it may
    have restarted, or a firewall dropped the idle link); a dead one is replaced by a fresh connection
    (DisconnectionError: the pool connects again). A connection used moments ago is not pinged: that
    would cost every transaction one more round trip, and a connection that dies anyway fails its
    statement as StorageError, with the transaction rolled back."""
    since = entry.info.pop(_IDLE_SINCE, None)
    if since is None or time.monotonic() - since < IDLE_PING_S:
        return
    try:
        cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
        cursor.execute("SELECT 1")
        cursor.close()
        dbapi_connection.rollback()  # type: ignore[attr-defined]  # the driver began a transaction
    except Exception as err:  # any failure of the ping: the connection is not to be trusted
        raise DisconnectionError(f"idle connection lost: {err}") from err


def _without_password(target: str) -> str:
    """An address that did not parse, with whatever stands between "user:" and "@" masked."""
    return re.sub(r"(://[^/:@]*:)[^@/]*@", r"\1***@", target)


def open_database(target: str | None = None, *, start_empty: bool = False) -> Database:
    """Open (creating or upgrading as needed) the database the user named, or the default one.

    A SQLite file that is gone or empty while backups of it exist raises MissingDatabaseError, unless the
    clerk chose to `start_empty`.
    """
    chosen = resolve_target(target)
    path = sqlite_path(chosen)
    if path is not None:
        return _open_sqlite_file(path, start_empty=start_empty)
    db = Database(url_engine(chosen), None)
    try:
        _check_connects(db.engine)
        with db.storage_errors():
            migrate.bring_to_head(db.engine, None)
            db.access = _signed_in(db.engine)
    except BaseException:
        db.close()
        raise
    return db


def _check_connects(engine: Engine) -> None:
    """Connect once before anything else: a mistyped host or option is the clerk's to fix, so it gets
    its own message rather than whatever the first query's error would say."""
    try:
        with engine.connect():
            pass
    except DBAPIError as err:
        raise connect_error(err, engine.url) from None


# -- signing in to a server -------------------------------------------------------------------------------

def try_sign_in(target: str) -> None:
    """Connect once to the server `target` names and leave, raising SignInError (a Chinese sentence)
    if the server, the password or the account says no; the sign-in dialog asks again before opening."""
    engine = url_engine(target)
    try:
        _check_connects(engine)
    finally:
        engine.dispose()


def _signed_in(engine: Engine) -> Access:
    """Who the server says is signed in, and that login's role (store/server_roles.py)."""
    from ecodesk.store.server_roles import signed_in

    with engine.connect() as conn:
        return signed_in(conn)


def _open_sqlite_file(path: Path, *, start_empty: bool) -> Database:
    path = path.resolve()
    if path.is_dir():
        raise UserError(f"数据库路径“{path}”是一个文件夹，请指定一个文件")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UserError(f"无法创建数据库所在文件夹“{path.parent}”：{os_reason(err)}") from None
    ensure_single_name(path)
    if not start_empty:
        ensure_not_lost(path)
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise read_only_error(str(path))
    migrate.check_sqlite_file(path)
    try:
        ensure_sound(path)
    except sqlite3.Error as err:
        raise storage_error(err, str(path)) or StorageError(f"无法读取数据库文件“{path}”：{err}") from None
    db = Database(sqlite_engine(path), path)
    try:
        with db.storage_errors():
            migrate.bring_to_head(db.engine, path)
        db.hold_file()
    except BaseException:
        db.close()  # a refused file keeps no connection of ours (nor the locks it would hold)
        raise
    return db
