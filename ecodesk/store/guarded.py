"""A versioned row updated, with the rows written and deleted because of it, only if it is at the version the
caller read: one statement on PostgreSQL, in turn on SQLite.

Why: on a server every statement is a round trip, and an edit is an UPDATE of the task with an INSERT of its
audit rows (and of its dated change, or a DELETE of the one an undo takes back). PostgreSQL runs them as one
statement, the UPDATE in a data-modifying WITH query that the other writes select from, so an edit costs
BEGIN, one statement and COMMIT; a row not at the expected version (or gone) matches nothing and nothing is
written. SQLite, in the same process, runs the UPDATE and then the others in the caller's transaction (a
session's, or a `Turn`: store/turn), on its connection's own sqlite3 handle: each statement is compiled
once a shape (`_SqliteStatement`) and its values converted by the columns' own types, since SQLAlchemy's
execution machinery (an execution context, events, result objects) cost an edit in the window more than
the statements themselves.
The caller describes the writes once; how they reach the database is this module's concern.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from functools import cache, partial
from typing import Any, NamedTuple

from sqlalchemy import (
    CTE,
    Column,
    ColumnDefault,
    ColumnElement,
    Table,
    Update,
    bindparam,
    delete,
    exists,
    insert,
    literal,
    select,
    true,
    update,
)
from sqlalchemy import Delete as Delete_
from sqlalchemy import Insert as Insert_
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql.base import Executable

from ecodesk.store.db import note_version
from ecodesk.store.turn import Turn


class Updated(NamedTuple):
    """An inserted row's value taken from the updated row's column (its plan, say)."""

    column: str


class Inserted(NamedTuple):
    """An inserted row's value taken from the id of a row inserted before it (the `index`-th Insert)."""

    index: int


class Insert(NamedTuple):
    """A row inserted with the update; a value may be `Updated` or `Inserted`."""

    table: Table
    values: Mapping[str, object]


class Delete(NamedTuple):
    """A row deleted with the update, by id."""

    table: Table
    row_id: int


class Written(NamedTuple):
    """The row's new version, and the ids of the rows inserted, in the order given."""

    version: int
    inserted: list[int]


def update_versioned(target: Session | Turn, table: Table, row_id: int, version: int, values: Mapping[str, object],
                     writes: Sequence[Insert | Delete] = ()) -> Written | None:
    """Set `values` on row `row_id` of `table` and move its version counter, if it is at `version`; the
    `writes` go with it, in the session's transaction or the SQLite `Turn`. None when the row is not at that
    version (someone saved it since, or deleted it): nothing was written. The new version is noted for
    Database.recording_versions."""
    needed = tuple(sorted({v.column for w in writes if isinstance(w, Insert) for v in w.values.values()
                           if isinstance(v, Updated)}))
    statement = _guarded_update(table, tuple(values), needed)
    params = {"row_id": row_id, "expected": version, **{_SET + name: value for name, value in values.items()}}
    if isinstance(target, Turn):
        written = _in_turn(target.driver, target.dialect, statement, params, writes)
        if written is not None:
            target.written[(table.name, row_id)] = written.version
        return written
    if target.get_bind().dialect.name == "postgresql":
        written = _as_one_statement(target, statement, params, writes)
    else:
        target.flush()  # the session's pending rows (a task's units relinked) first, as its own statements would
        driver = target.connection().connection.driver_connection  # the session's own, in its transaction
        assert isinstance(driver, sqlite3.Connection)
        written = _in_turn(driver, target.get_bind().dialect, statement, params, writes)
    if written is not None:
        note_version(target, table.name, row_id, written.version)
    return written


_SET = "set_"  # the prefix of a SET value's parameter: a column's own name is SQLAlchemy's to use


@cache
def _guarded_update(table: Table, columns: tuple[str, ...], returned: tuple[str, ...]) -> Update:
    """The UPDATE setting `columns` on one row at an expected version, RETURNING its new version and the
    `returned` columns, its values as parameters: made once a shape, so an edit builds no statement."""
    return (update(table).where(table.c.id == bindparam("row_id"), table.c.version == bindparam("expected"))
            .values({**{name: bindparam(_SET + name) for name in columns}, "version": table.c.version + 1})
            .returning(table.c.version, *(table.c[name] for name in returned)))


def _in_turn(driver: sqlite3.Connection, dialect: Dialect, statement: Update, params: dict[str, object],
             writes: Sequence[Insert | Delete]) -> Written | None:
    """The UPDATE, then the other writes, on a SQLite transaction's own handle."""
    cursor = _SqliteStatement.of(statement, dialect).run(driver, params)
    rows = cursor.fetchall()  # to its end: a RETURNING statement left unfinished would hold the commit up
    if not rows:
        return None
    updated = dict(zip((column[0] for column in cursor.description), rows[0], strict=True))
    inserted: list[int] = []
    for write in writes:
        if isinstance(write, Delete):
            _SqliteStatement.of(_delete_by_id(write.table), dialect).run(driver, {"row_id": write.row_id})
            continue
        values = {name: updated[v.column] if isinstance(v, Updated) else inserted[v.index]
                  if isinstance(v, Inserted) else v for name, v in write.values.items()}
        statement_of_insert = _SqliteStatement.of(_insert(write.table), dialect, tuple(values))
        inserted.append(statement_of_insert.run(driver, values).lastrowid)
    return Written(updated["version"], inserted)


class _SqliteStatement(NamedTuple):
    """A statement as SQLAlchemy compiles it for SQLite, run on the sqlite3 handle itself: its SQL, its
    parameters in order, the values those take unless given (a literal, a column's default) and the columns'
    own conversions (a date stored as SQLAlchemy's Date stores it)."""

    sql: str
    names: tuple[str, ...]
    defaults: dict[str, Callable[[], object]]
    converts: dict[str, Callable[[Any], Any]]

    @staticmethod
    @cache
    def of(statement: Executable, dialect: Dialect, columns: tuple[str, ...] = ()) -> _SqliteStatement:
        """`statement` compiled once for `dialect` (an INSERT's `columns` given their values)."""
        compiled = statement.compile(dialect=dialect, column_keys=list(columns) or None)
        names = tuple(compiled.positiontup or ())
        defaults = {name: partial(_given, compiled.binds[name].value) for name in names
                    if not compiled.binds[name].required}
        defaults.update({column.key: partial(_default, column) for column in compiled.insert_prefetch})
        converts = {name: convert for name in names
                    if (convert := compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect))}
        return _SqliteStatement(compiled.string, names, defaults, converts)

    def run(self, driver: sqlite3.Connection, params: Mapping[str, object]) -> sqlite3.Cursor:
        values = [params[name] if name in params else self.defaults[name]() for name in self.names]
        for position, name in enumerate(self.names):
            if name in self.converts and values[position] is not None:
                values[position] = self.converts[name](values[position])
        return driver.execute(self.sql, values)


def _given(value: object) -> object:
    return value


def _default(column: Column[Any]) -> object:
    """A column's default for a row that gives it no value (its callable's or the scalar itself)."""
    default = column.default
    assert isinstance(default, ColumnDefault)
    return default.arg(None) if default.is_callable else default.arg


@cache
def _insert(table: Table) -> Insert_:
    return insert(table)


@cache
def _delete_by_id(table: Table) -> Delete_:
    return delete(table).where(table.c.id == bindparam("row_id"))


def _as_one_statement(session: Session, statement: Update, params: dict[str, object],
                      writes: Sequence[Insert | Delete]) -> Written | None:
    updated = statement.cte("updated")
    parts: list[CTE] = []
    inserts: list[CTE] = []  # the Inserts' parts, whose ids the later ones may take
    for n, write in enumerate(writes):
        parts.append(_dependent(updated, write, inserts).cte(f"write_{n}"))
        if isinstance(write, Insert):
            inserts.append(parts[-1])
    ids = [select(part.c.id).scalar_subquery() for part in inserts]
    query = select(updated.c.version, *ids)
    for part in parts:
        query = query.add_cte(part)
    row = session.execute(query, params).first()
    return Written(row[0], list(row[1:])) if row is not None else None


def _dependent(updated: CTE, write: Insert | Delete, inserts: list[CTE]) -> Any:
    """The write as a statement that does something only where `updated` has its row (and the rows it takes
    ids from were inserted)."""
    table = write.table
    if isinstance(write, Delete):
        return delete(table).where(table.c.id == write.row_id, exists(select(updated.c.version))).returning(table.c.id)
    columns: list[ColumnElement[Any]] = [
        updated.c[v.column] if isinstance(v, Updated) else inserts[v.index].c.id if isinstance(v, Inserted)
        else literal(v, table.c[name].type) for name, v in write.values.items()]
    source: Any = updated
    for index in sorted({v.index for v in write.values.values() if isinstance(v, Inserted)}):
        source = source.join(inserts[index], true())  # one row each: no cartesian product to warn of
    return insert(table).from_select(list(write.values), select(*columns).select_from(source)).returning(table.c.id)
