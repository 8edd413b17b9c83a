"""A read-only look at a SQLite database at start-up, with the stdlib sqlite3 module only.

Importing SQLAlchemy takes longer than showing a window, so the GUI first shows the plan read here and
opens the real `Database` (ecodesk.store.db) right after. This module answers only for an existing SQLite
file whose schema is exactly `SCHEMA_HEAD`; anything else (a URL, an empty or new file, an older or newer
schema, a locked or damaged file) gives None and the caller takes the ordinary path, which migrates,
refuses or explains. It never writes: the file is opened with `mode=ro`.

What it returns must equal `services.plans.list_plans` and `services.plans.load_plan` (a test compares).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import NamedTuple

from ecodesk.domain.plan import PlanInfo, PlanTree
from ecodesk.store.location import is_url, resolve_target
from ecodesk.store.plan_rows import read_plan_rows
from ecodesk.store.schema_version import SCHEMA_HEAD

BUSY_TIMEOUT_S = 0.5  # a locked file is left to the ordinary open, which waits longer


class StartSnapshot(NamedTuple):
    """What the first window shows: the file, its plan list and the chosen plan's tree (None: no plan).
    A NamedTuple: a dataclass compiles its methods at start-up (some 3 million instructions each)."""

    path: Path
    plans: list[PlanInfo]
    plan_id: int | None
    tree: PlanTree | None


def sqlite_file(target: str | None) -> Path | None:
    """The existing, non-empty SQLite file `target` names (as open_database resolves it), else None."""
    chosen = resolve_target(target)
    if is_url(chosen):
        return None
    path = Path(chosen).expanduser().resolve()
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return None
    except OSError:
        return None
    return path  # whether it is SQLite, SQLite says (read_snapshot): an open() here would drop its locks


def read_snapshot(target: str | None, choose: Callable[[list[PlanInfo]], int | None],
                  as_of: dt.date | None = None) -> StartSnapshot | None:
    """The plan list and the plan `choose` picks from it (as of `as_of`, as load_plan), read in one read
    transaction; None when this file needs the ordinary open (see the module docstring)."""
    path = sqlite_file(target)
    if path is None:
        return None
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S,
                               isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        with closing(conn):
            conn.execute("BEGIN")  # one snapshot for every query below
            if _revision(conn) != SCHEMA_HEAD:
                return None
            plans = read_plans(conn)
            plan_id = choose(plans)
            tree = read_plan(conn, plan_id, as_of) if plan_id is not None else None
            if plan_id is not None and tree is None:
                return None
            return StartSnapshot(path, plans, plan_id, tree)
    except (sqlite3.Error, ValueError):  # locked, damaged, or a value the ORM would read differently
        return None


def _revision(conn: sqlite3.Connection) -> str | None:
    try:
        rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.OperationalError:
        return None
    return rows[0][0] if len(rows) == 1 else None


def read_plans(conn: sqlite3.Connection) -> list[PlanInfo]:
    """Every plan, newest year first (as list_plans)."""
    counts = dict(conn.execute("SELECT plan_id, count(*) FROM tasks GROUP BY plan_id").fetchall())
    rows = conn.execute("SELECT p.id, p.year, p.title, b.name, p.draft FROM plans AS p"
                        " JOIN bureaus AS b ON b.id = p.bureau_id ORDER BY p.year DESC, p.id")
    return [PlanInfo(pid, year, title, bureau, counts.get(pid, 0), bool(draft))
            for pid, year, title, bureau, draft in rows]


def read_plan(conn: sqlite3.Connection, plan_id: int, as_of: dt.date | None = None) -> PlanTree | None:
    """The plan as load_plan gives it (the same statements and builder: store.plan_rows); None if it is gone."""
    return read_plan_rows(conn.execute, plan_id, as_of)
