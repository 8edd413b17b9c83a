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
from collections import defaultdict
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from ecodesk.domain.plan import PlanInfo, PlanTree, ProgressEntry, Target, TaskNode, Unit, renumber
from ecodesk.domain.status import Status
from ecodesk.domain.task_fields import TASK_COLUMNS, decoded, stored_task
from ecodesk.domain.units import is_collective
from ecodesk.store.location import is_url, resolve_target
from ecodesk.store.schema_version import SCHEMA_HEAD

BUSY_TIMEOUT_S = 0.5  # a locked file is left to the ordinary open, which waits longer


@dataclass(slots=True)
class StartSnapshot:
    """What the first window shows: the file, its plan list and the chosen plan's tree (None: no plan)."""

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


def read_snapshot(target: str | None, choose: Callable[[list[PlanInfo]], int | None]) -> StartSnapshot | None:
    """The plan list and the plan `choose` picks from it, read in one read transaction; None when this
    file needs the ordinary open (see the module docstring)."""
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
            tree = read_plan(conn, plan_id) if plan_id is not None else None
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
    rows = conn.execute("SELECT p.id, p.year, p.title, b.name FROM plans AS p JOIN bureaus AS b ON b.id = p.bureau_id"
                        " ORDER BY p.year DESC, p.id")
    return [PlanInfo(pid, year, title, bureau, counts.get(pid, 0)) for pid, year, title, bureau in rows]


def read_plan(conn: sqlite3.Connection, plan_id: int) -> PlanTree | None:
    """The plan as a numbered tree with units, targets and progress (as load_plan); None if it is gone."""
    plan = conn.execute("SELECT p.id, p.year, p.title, p.preamble, p.bureau_id, b.name FROM plans AS p"
                        " JOIN bureaus AS b ON b.id = p.bureau_id WHERE p.id = ?", (plan_id,)).fetchone()
    if plan is None:
        return None
    pid, year, title, preamble, bureau_id, bureau = plan
    units_by_task: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for task_id, role, name in conn.execute(
            "SELECT tu.task_id, tu.role, u.name FROM task_units AS tu JOIN units AS u ON u.id = tu.unit_id"
            " JOIN tasks AS t ON t.id = tu.task_id WHERE t.plan_id = ? ORDER BY tu.task_id, tu.position",
            (plan_id,)):
        units_by_task[task_id][role].append(name)
    progress: dict[int, list[ProgressEntry]] = defaultdict(list)
    for task_id, *fields in conn.execute(
            "SELECT pu.task_id, pu.date, pu.text, pu.percent, pu.unit_name, pu.author, pu.status, pu.created_at,"
            " pu.id FROM progress_updates AS pu JOIN tasks AS t ON t.id = pu.task_id WHERE t.plan_id = ?"
            " ORDER BY pu.date, pu.id", (plan_id,)):
        progress[task_id].append(_progress(*fields))
    nodes: dict[int, TaskNode] = {}
    parent_of: dict[int, int | None] = {}
    columns = ", ".join(column.name for column in TASK_COLUMNS)  # names from task_fields, never typed input
    for task_id, parent_id, version, *stored in conn.execute(
            f"SELECT id, parent_id, version, {columns} FROM tasks WHERE plan_id = ? ORDER BY position", (plan_id,)):
        nodes[task_id] = stored_task(decoded(stored), units_by_task.get(task_id, {}),
                                     progress=progress.get(task_id, []), id=task_id, version=version)
        parent_of[task_id] = parent_id
    targets = [Target(text, category, tid) for tid, text, category in conn.execute(
        "SELECT id, text, category FROM targets WHERE plan_id = ? ORDER BY position", (plan_id,))]
    units = [Unit(name=name, short_name=short, sort_order=order, active=bool(active), id=uid)
             for uid, name, short, order, active in conn.execute(
                 "SELECT id, name, short_name, sort_order, active FROM units WHERE bureau_id = ?"
                 " ORDER BY sort_order, id", (bureau_id,)) if not is_collective(name)]  # as unit_rows
    tree = PlanTree(year=year, title=title, bureau=bureau, preamble=preamble, targets=targets, units=units, id=pid)
    for task_id, parent_id in parent_of.items():
        siblings = tree.tasks if parent_id is None else nodes[parent_id].children
        siblings.append(nodes[task_id])
    renumber(tree.tasks)
    return tree


def _progress(date: str, text: str, percent: int | None, unit: str, author: str, status: str | None,
              created_at: str | None, entry_id: int) -> ProgressEntry:
    return ProgressEntry(date=_date(date), text=text, percent=percent, unit=unit, author=author,  # type: ignore[arg-type]
                         status=Status(status) if status else None,
                         created_at=dt.datetime.fromisoformat(created_at) if created_at else None, id=entry_id)


def _date(value: str | None) -> dt.date | None:
    """A Date column as SQLAlchemy stores it in SQLite: 'YYYY-MM-DD'."""
    return dt.date.fromisoformat(value) if value else None
