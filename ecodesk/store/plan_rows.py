"""One read path for a plan: the queries, and the PlanTree built from their plain rows.

Both readers of a plan run these same statements and hand the rows here: services.plans.load_plan through
SQLAlchemy (SQLite or PostgreSQL, `text()`), and store.quick_read with the stdlib sqlite3 at start-up. So
what the window shows first and what it shows once the database is open cannot differ (a test compares
them), and a field, a table or a rule of reading is added once. Values come as the driver gives them:
SQLite's dates and times as ISO text, PostgreSQL's as objects; both are read here the same way. No
SQLAlchemy is imported: quick_read must stay fast.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ecodesk.domain.carry import Carried
from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.extensions import Extension
from ecodesk.domain.history import Standing, StatusChange
from ecodesk.domain.pace import stored_rule
from ecodesk.domain.periods import plan_periods
from ecodesk.domain.plan import PlanTree, ProgressEntry, Target, TargetValue, TaskNode, Unit
from ecodesk.domain.reporting import show_as_of
from ecodesk.domain.status import Status
from ecodesk.domain.task_fields import TASK_COLUMNS, decoded, stored_task
from ecodesk.domain.units import is_collective

Fetch = Callable[[str, dict[str, Any]], Iterable[Sequence[Any]]]  # runs one statement, yields its rows

# the plan with its moved 报送截止, one row each (or one row of NULLs): one statement, one round trip
PLAN = ("SELECT p.id, p.year, p.title, p.preamble, p.bureau_id, b.name, p.monthly_periods, p.pace_preset,"
        " p.pace_yellow_at, p.pace_red_above, p.pace_blue_days, p.draft, d.period, d.due FROM plans AS p"
        " JOIN bureaus AS b ON b.id = p.bureau_id LEFT JOIN period_dues AS d ON d.plan_id = p.id"
        " WHERE p.id = :plan_id")
# The bureau's units (rows of kind 0: id, name, short name, order, active) and the units of the plan's tasks
# (kind 1: task id, unit name, role, position), in one statement: on a server each statement is a round trip.
UNITS = ("SELECT 0, u.id, u.name, u.short_name, u.sort_order, u.active FROM units AS u WHERE u.bureau_id = :bureau_id"
         " UNION ALL SELECT 1, tu.task_id, u.name, tu.role, tu.position, NULL FROM task_units AS tu"
         " JOIN units AS u ON u.id = tu.unit_id JOIN tasks AS t ON t.id = tu.task_id WHERE t.plan_id = :plan_id"
         " ORDER BY 1, 2, 5")
PROGRESS = ("SELECT pu.task_id, pu.date, pu.text, pu.percent, pu.unit_name, pu.author, pu.status, pu.created_at,"
            " pu.id, pu.problems, pu.next_steps FROM progress_updates AS pu JOIN tasks AS t ON t.id = pu.task_id"
            " WHERE t.plan_id = :plan_id"
            " ORDER BY pu.date, pu.id")
HISTORY = ("SELECT sc.task_id, sc.effective, sc.id, sc.status, sc.percent, sc.progress_id FROM status_changes AS sc"
           " JOIN tasks AS t ON t.id = sc.task_id WHERE t.plan_id = :plan_id ORDER BY sc.id")
_COLUMNS = ", ".join(f"tasks.{column.name}" for column in TASK_COLUMNS)  # names from task_fields, never typed input
# A task with its link back if carried (one row at most) and its 延期, if any, each on a row of its own: the
# rows of one task come together, in the order the extensions were made. One statement, not three: a round
# trip to the server costs more than the repeated columns of a task extended once or twice.
TASKS = (f"SELECT tasks.id, tasks.parent_id, tasks.version, {_COLUMNS}, c.from_year, c.from_number,"
         " c.from_task_id, e.old_deadline, e.old_deadline_text, e.new_deadline, e.new_deadline_text, e.reason,"
         " e.approved_on, e.id FROM tasks LEFT JOIN carried_tasks AS c ON c.task_id = tasks.id"
         " LEFT JOIN deadline_extensions AS e ON e.task_id = tasks.id"
         " WHERE tasks.plan_id = :plan_id ORDER BY tasks.position, tasks.id, e.id")
TARGETS = ("SELECT t.id, t.text, t.category, tv.period, tv.value, tv.met FROM targets AS t"
           " LEFT JOIN target_values AS tv ON tv.target_id = t.id WHERE t.plan_id = :plan_id"
           " ORDER BY t.position, t.id, tv.id")
_STORED = len(TASK_COLUMNS)
_EXTENDED = _STORED + 3  # after the three columns of the link back


def read_targets(fetch: Fetch, params: dict[str, Any]) -> list[Target]:
    """The plan's 主要目标 in order, each with its actual values in the order their periods end (one query:
    on a server each counts a round trip)."""
    targets: dict[int, Target] = {}
    for tid, text, category, period, value, met in fetch(TARGETS, params):
        target = targets.setdefault(tid, Target(text, category, tid, []))
        if period is not None:
            target.values.append(TargetValue(period, value, None if met is None else bool(met)))
    for target in targets.values():
        target.values.sort(key=lambda v: v.order)
    return list(targets.values())


def read_units(fetch: Fetch, params: dict[str, Any]) -> tuple[list[Unit], dict[int, dict[str, list[str]]]]:
    """The bureau's units in list order (as services.units.unit_rows: 各股室 is no unit of the bureau), and
    each task's unit names by role, in the order the task lists them."""
    units: list[Unit] = []
    by_task: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for kind, key, name, text, order, active in fetch(UNITS, params):
        if kind:
            by_task[key][text].append(name)
        elif not is_collective(name):
            units.append(Unit(name=name, short_name=text, sort_order=order, active=bool(active), id=key))
    units.sort(key=lambda unit: (unit.sort_order, unit.id))
    return units, by_task


def read_plan_rows(fetch: Fetch, plan_id: int, as_of: dt.date | None = None) -> PlanTree | None:
    """The plan as a numbered tree with units, targets, progress and dated changes, as of the end of
    `as_of` when given (domain/reporting.show_as_of); None if the plan is gone."""
    params = {"plan_id": plan_id}
    plan = list(fetch(PLAN, params))
    if not plan:
        return None
    pid, year, title, preamble, bureau_id, bureau, monthly, preset, yellow, red, blue, draft = plan[0][:12]
    dues = {key: _date(due) for *_, key, due in plan if key is not None}
    units, units_by_task = read_units(fetch, {**params, "bureau_id": bureau_id})
    progress: dict[int, list[ProgressEntry]] = defaultdict(list)
    for task_id, *fields in fetch(PROGRESS, params):
        progress[task_id].append(_progress(*fields))
    history: dict[int, list[StatusChange]] = defaultdict(list)
    for task_id, effective, seq, status, percent, progress_id in fetch(HISTORY, params):
        history[task_id].append(StatusChange(_date(effective), seq, Standing(Status(status), percent), progress_id))
    nodes: dict[int, TaskNode] = {}
    parent_of: dict[int, int | None] = {}
    for task_id, parent_id, version, *rest in fetch(TASKS, params):
        stored, (from_year, from_number, from_id), extended = rest[:_STORED], rest[_STORED:_EXTENDED], rest[_EXTENDED:]
        node = nodes.get(task_id)
        if node is None:
            node = nodes[task_id] = stored_task(
                decoded(stored), units_by_task.get(task_id, {}), progress=progress.get(task_id, []),
                history=history.get(task_id, []), id=task_id, version=version,
                carried=Carried(from_year, from_number, from_id) if from_year is not None else None)
            parent_of[task_id] = parent_id
        if extended[-1] is not None:
            node.extensions.append(extension(*extended))
    tree = PlanTree(
        year=year, title=title, bureau=bureau, preamble=preamble, id=pid,
        targets=read_targets(fetch, params),
        units=units,
        periods=plan_periods(year, bool(monthly), dues),
        pace_rule=stored_rule(preset, yellow, red, blue), as_of=as_of, draft=bool(draft),
    )
    for task_id, parent_id in parent_of.items():
        siblings = tree.tasks if parent_id is None else nodes[parent_id].children
        siblings.append(nodes[task_id])
    tree.renumber()
    if as_of is not None:
        show_as_of(tree.tasks, as_of)
    return tree


def _progress(date: object, text: str, percent: int | None, unit: str, author: str, status: str | None,
              created_at: object, entry_id: int, problems: str, next_steps: str) -> ProgressEntry:
    return ProgressEntry(date=_date(date), text=text, percent=percent, unit=unit, author=author,
                         status=Status(status) if status else None, created_at=_datetime(created_at), id=entry_id,
                         problems=problems, next_steps=next_steps)


def extension(old: object, old_text: str, new: object, new_text: str, reason: str, approved_on: object,
              extension_id: int) -> Extension:
    """A deadline_extensions row (its columns after task_id, as EXTENSIONS selects them) as an Extension."""
    before = Deadline(_date(old) if old is not None else None, old_text) if (old is not None or old_text) else None
    return Extension(before, Deadline(_date(new), new_text), reason,
                     _date(approved_on) if approved_on is not None else None, extension_id)


def _date(value: object) -> dt.date:
    """A Date column: an object from PostgreSQL, 'YYYY-MM-DD' from SQLite."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _datetime(value: object) -> dt.datetime | None:
    """A DateTime column: an object from PostgreSQL, ISO text from SQLite."""
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))
