"""Dated status and percent (status_changes, backfilled), reporting periods' due dates and the pace rule.

Revision ID: 0003_dated_status
Revises: 0002
Create Date: 2026-12-02 00:40:00

The backfill rebuilds each task's dated changes from what the database kept: every progress update (dated
by its own date, setting the status and percent it carried) and every status or percent edit in the audit
log (dated by the local day it was made). Edits the audit log shows were made with a progress update (the
rows of its transaction) are that update's; those made with a deleted update are gone with it. Replayed in
the order they were made, the last one dated latest must put the task where it stands now; where it does
not (imported statuses, audit rows pruned), one change dated the task's latest event (else the day its plan
was created) records the standing it has.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import sqlalchemy as sa
from alembic import op

revision = "0003_dated_status"
down_revision = "0002"
branch_labels = None
depends_on = None

SAME_TRANSACTION = dt.timedelta(seconds=5)  # add_progress writes its audit rows within one transaction
STATUS_FIELD, PERCENT_FIELD = "status", "percent"


def upgrade() -> None:
    op.create_table(
        "status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("effective", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("progress_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["progress_id"], ["progress_updates.id"],
                                name=op.f("fk_status_changes_progress_id_progress_updates"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["task_id"], ["tasks.id"], name=op.f("fk_status_changes_task_id_tasks"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_changes")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("status_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_status_changes_task_id"), ["task_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_status_changes_progress_id"), ["progress_id"], unique=False)
    op.create_table(
        "period_dues",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name=op.f("fk_period_dues_plan_id_plans"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("plan_id", "period", name=op.f("pk_period_dues")),
    )
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("monthly_periods", sa.Boolean(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("pace_preset", sa.String(length=20), nullable=False,
                                      server_default="yinchuan"))
        batch_op.add_column(sa.Column("pace_yellow_at", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("pace_red_above", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("pace_blue_days", sa.Integer(), nullable=True))
    _backfill(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("plans", schema=None) as batch_op:
        for column in ("pace_blue_days", "pace_red_above", "pace_yellow_at", "pace_preset", "monthly_periods"):
            batch_op.drop_column(column)
    op.drop_table("period_dues")
    with op.batch_alter_table("status_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_status_changes_progress_id"))
        batch_op.drop_index(batch_op.f("ix_status_changes_task_id"))
    op.drop_table("status_changes")


class _Event(NamedTuple):  # a NamedTuple: alembic loads this module outside sys.modules, as dataclasses need
    """A change as the old schema kept it: when it was made, the day it takes effect, what it set."""

    made: dt.datetime
    effective: dt.date
    status: str | None
    percent: int | None
    progress_id: int | None = None


def _datetime(value: object) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def _date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _local_day(at: dt.datetime) -> dt.date:
    """Audit times are UTC; the clerk's day is the local one."""
    return at.replace(tzinfo=dt.UTC).astimezone().date()


def _backfill(conn: sa.Connection) -> None:
    events: dict[int, list[_Event]] = defaultdict(list)
    for pid, task_id, day, made, status, percent in conn.execute(sa.text(
            "SELECT id, task_id, date, created_at, status, percent FROM progress_updates")):
        events[task_id].append(_Event(_datetime(made), _date(day), status, percent, pid))
    for task_id, event in _edits(conn):
        events[task_id].append(event)
    created = {pid: _local_day(_datetime(at)) for pid, at in conn.execute(sa.text("SELECT id, created_at FROM plans"))}
    table = sa.table("status_changes", sa.column("task_id"), sa.column("effective"), sa.column("status"),
                     sa.column("percent"), sa.column("progress_id"))
    rows: list[dict[str, object]] = []
    for task_id, plan_id, status, percent in conn.execute(sa.text("SELECT id, plan_id, status, percent FROM tasks")):
        rows += _replayed(task_id, events.get(task_id, []), (status, percent), created.get(plan_id))
    rows.sort(key=lambda r: r.pop("made"))  # ids in the order the changes were made
    if rows:
        conn.execute(sa.insert(table), rows)


def _edits(conn: sa.Connection) -> list[tuple[int, _Event]]:
    """Status and percent edits from the audit log, one event a transaction, leaving out those made with
    a progress update (its own, or their undo with its deletion)."""
    found: list[tuple[int, _Event]] = []
    rows = conn.execute(sa.text("SELECT action, entity, entity_id, field, new, at FROM audit_log ORDER BY id"))
    for task_id, group in _transactions((a, e, i, f, n, _datetime(at)) for a, e, i, f, n, at in rows):
        if any(entity == "progress" for _a, entity, *_rest in group):
            continue
        status = percent = None
        for action, _entity, _id, field, new, _at in group:
            if action != "update" or new is None:
                continue
            if field == STATUS_FIELD:
                status = str(new)
            elif field == PERCENT_FIELD and str(new).isdigit():
                percent = int(new)
        if status is not None or percent is not None:
            at = group[0][5]
            found.append((task_id, _Event(at, _local_day(at), status, percent)))
    return found


def _transactions(rows: Iterable[tuple]) -> Iterator[tuple[int, list[tuple]]]:
    """Runs of consecutive audit rows about one task (its own rows, its progress updates') made within
    SAME_TRANSACTION of the first: what one service call wrote (a call writes a field's row once, and a
    progress row first)."""
    task_id: int | None = None
    group: list[tuple] = []
    for row in rows:
        action, entity, entity_id, field, _new, at = row
        about = entity_id if entity == "task" else int(field) if entity == "progress" and field.isdigit() else None
        same = about is not None and about == task_id and at - group[0][5] <= SAME_TRANSACTION
        # a service call starts with its progress row, if any, and audits each field once
        if same and entity != "progress" and field not in {r[3] for r in group if r[1] == "task"}:
            group.append(row)
            continue
        if task_id is not None:
            yield task_id, group
        task_id, group = about, [row]
    if task_id is not None:
        yield task_id, group


def _replayed(task_id: int, events: list[_Event], now: tuple[str, int],
              plan_created: dt.date | None) -> list[dict[str, object]]:
    """The task's changes: each event's standing in the order made, then its present standing if the last
    change dated latest does not give it."""
    status, percent = "未开始", 0
    rows: list[dict[str, object]] = []
    for event in sorted(events, key=lambda e: e.made):
        status = event.status or status
        percent = event.percent if event.percent is not None else percent
        rows.append({"task_id": task_id, "effective": event.effective, "status": status, "percent": percent,
                     "progress_id": event.progress_id, "made": event.made})
    latest = max(rows, key=lambda r: (r["effective"], r["made"]), default=None)
    standing = (latest["status"], latest["percent"]) if latest else ("未开始", 0)
    if standing != tuple(now):
        day = max((r["effective"] for r in rows), default=plan_created or dt.date.today())
        made = max((r["made"] for r in rows), default=dt.datetime.min) + dt.timedelta(microseconds=1)
        rows.append({"task_id": task_id, "effective": day, "status": now[0], "percent": now[1],
                     "progress_id": None, "made": made})
    return rows
