"""Typed ORM models. Every row that clerks edit carries a version counter for conflict detection."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)




class Bureau(Base):
    __tablename__ = "bureaus"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)

    units: Mapped[list[UnitRow]] = relationship(back_populates="bureau", order_by="UnitRow.sort_order")


class UnitRow(Base):
    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("bureau_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bureau_id: Mapped[int] = mapped_column(ForeignKey("bureaus.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(50), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    bureau: Mapped[Bureau] = relationship(back_populates="units")
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class PlanRow(Base):
    __tablename__ = "plans"
    __table_args__ = (UniqueConstraint("bureau_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bureau_id: Mapped[int] = mapped_column(ForeignKey("bureaus.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(500))
    preamble: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    # reporting: monthly periods besides the four cumulative ones, and the 序时 rule (a preset's key, or
    # "custom" with its thresholds)
    monthly_periods: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, server_default="0")
    pace_preset: Mapped[str] = mapped_column(String(20), nullable=False, default="yinchuan",
                                             server_default="yinchuan")
    pace_yellow_at: Mapped[float | None] = mapped_column(Float)
    pace_red_above: Mapped[float | None] = mapped_column(Float)
    pace_blue_days: Mapped[int | None] = mapped_column(Integer)
    # made by a year rollover (services/rollover) and not yet adopted: the window and lists say 草案
    draft: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, server_default="0")

    bureau: Mapped[Bureau] = relationship()
    targets: Mapped[list[TargetRow]] = relationship(
        back_populates="plan", order_by="TargetRow.position", cascade="all, delete-orphan"
    )
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class TargetRow(Base):
    __tablename__ = "targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(200), default="")

    plan: Mapped[PlanRow] = relationship(back_populates="targets")
    values: Mapped[list[TargetValueRow]] = relationship(
        order_by="TargetValueRow.id", cascade="all, delete-orphan", passive_deletes=True
    )


class TargetValueRow(Base):
    """A 主要目标's actual value in one reporting period (its key, 2021-H1) and whether it was met."""

    __tablename__ = "target_values"
    __table_args__ = (UniqueConstraint("target_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(10))
    value: Mapped[str] = mapped_column(Text)
    met: Mapped[bool | None] = mapped_column(Boolean)


class TaskRow(Base):
    # AUTOINCREMENT: a deleted task's id is never handed out again, so undo can restore it as it was
    __tablename__ = "tasks"
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    measures: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    deadline_text: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default="未开始")
    percent: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    unit_links: Mapped[list[TaskUnitRow]] = relationship(
        back_populates="task", order_by="TaskUnitRow.position", cascade="all, delete-orphan",
        passive_deletes=True,
    )
    children: Mapped[list[TaskRow]] = relationship(
        order_by="TaskRow.position", cascade="all, delete-orphan", passive_deletes=True
    )
    # Its dated status changes in the order made (services/standing): read once per transaction, then kept
    # in step by the services that add or take back one, so an edit reads them a single time.
    changes: Mapped[list[StatusChangeRow]] = relationship(
        order_by="StatusChangeRow.id", cascade="all, delete-orphan", passive_deletes=True
    )
    # Its 延期 and its link back if carried: loaded with the task's row by the services (one statement), the
    # extensions kept in step by services/extensions as it adds or takes back one.
    extension_rows: Mapped[list[ExtensionRow]] = relationship(
        order_by="ExtensionRow.id", cascade="all, delete-orphan", passive_deletes=True
    )
    carried_row: Mapped[CarriedRow | None] = relationship(foreign_keys="CarriedRow.task_id", viewonly=True)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class TaskUnitRow(Base):
    """A unit's part in a task: role 'lead' (牵头) or 'co' (配合), ordered as the plan lists them."""

    __tablename__ = "task_units"

    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(Integer, default=0)

    task: Mapped[TaskRow] = relationship(back_populates="unit_links")
    unit: Mapped[UnitRow] = relationship()


class ProgressRow(Base):
    __tablename__ = "progress_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    percent: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str | None] = mapped_column(String(20))
    unit_name: Mapped[str] = mapped_column(String(200), default="")
    author: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # from a returned 进展征集表: its 存在问题 and 下步打算, and the return it came in (collection_returns.id; no
    # foreign key: SQLite adds one only by rebuilding this table, which would cascade-delete status_changes)
    problems: Mapped[str] = mapped_column(Text, nullable=False, default="", server_default="")
    next_steps: Mapped[str] = mapped_column(Text, nullable=False, default="", server_default="")
    return_id: Mapped[int | None] = mapped_column(Integer, index=True)


class CollectionReturnRow(Base):
    """One returned 进展征集表 received: whose, for which period, when, how many rows it recorded. `digest`
    identifies what was filled in (the same table received again, re-saved or not, is known by it)."""

    __tablename__ = "collection_returns"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(10))  # Period.key
    unit_name: Mapped[str] = mapped_column(String(200))
    file_name: Mapped[str] = mapped_column(String(500), default="")
    filled_by: Mapped[str] = mapped_column(String(100), default="")
    filled_on: Mapped[dt.date | None] = mapped_column(Date)
    rows: Mapped[int] = mapped_column(Integer, default=0)
    digest: Mapped[str] = mapped_column(String(64), index=True)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class AuditRow(Base):
    """One change: what (entity, id, field), old → new, who, when. `old` of a delete holds a JSON snapshot."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    who: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(20))
    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[int | None] = mapped_column(Integer, index=True)
    plan_id: Mapped[int | None] = mapped_column(Integer, index=True)
    field: Mapped[str] = mapped_column(String(50), default="")
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)


class ServerAccountRow(Base):
    """A clerk's login on the PostgreSQL server: its group role, and for 股室填报 the unit it reports for.

    Written only by `ecodesk server user add` (the administrator account); the server's row-level
    security reads it to let a 股室填报 clerk add progress to the tasks of that unit alone. Unused in
    SQLite files, which have one clerk and no accounts.
    """

    __tablename__ = "server_accounts"

    login: Mapped[str] = mapped_column(String(63), primary_key=True)
    role: Mapped[str] = mapped_column(String(20))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class PeriodDueRow(Base):
    """A 报送截止 the clerk moved from its default (ecodesk.domain.periods), for one period of a plan."""

    __tablename__ = "period_dues"

    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True)
    period: Mapped[str] = mapped_column(String(10), primary_key=True)  # Period.key: 2021-H1, 2021, 2021-05
    due: Mapped[dt.date] = mapped_column(Date)


class StatusChangeRow(Base):
    """A task's status and percent from `effective` on (ecodesk.domain.history); the id orders changes of
    one day as they were made (AUTOINCREMENT: an undone deletion brings its changes back with their ids)."""

    __tablename__ = "status_changes"
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    effective: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    percent: Mapped[int] = mapped_column(Integer)
    progress_id: Mapped[int | None] = mapped_column(ForeignKey("progress_updates.id", ondelete="CASCADE"),
                                                    index=True)


class UrgingRow(Base):
    """One task on one 督办通知单 (the 催办 log): the slip's number, day, unit and level, and the task as the
    slip printed it (its label, title and percents then), so the log keeps what was sent whatever follows.
    The rows of one slip share `plan_id` and `number`."""

    __tablename__ = "urgings"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 督办〔year〕第N号, one sequence per plan
    issued_on: Mapped[dt.date] = mapped_column(Date)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"), index=True)
    unit_name: Mapped[str] = mapped_column(String(200))
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    task_label: Mapped[str] = mapped_column(String(100), default="")
    task_title: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[int] = mapped_column(Integer)  # domain/urging.Level: 1 蓝, 2 橙, 3 红
    expected: Mapped[float | None] = mapped_column(Float)
    actual: Mapped[int] = mapped_column(Integer, default=0)
    author: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class AttachmentBlobRow(Base):
    """One part (at most CHUNK bytes, store/blobs.py) of a file's content, known by its SHA-256: a file
    attached to several tasks, or twice, is stored once. In parts so that a 100 MB file is written and read
    a part at a time, never held whole in memory."""

    __tablename__ = "attachment_blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    part: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class AttachmentRow(Base):
    """A file attached to a task, or to one of its progress updates (`progress_id`): its name as the clerk
    had it, its size and content (attachment_blobs). `removed_at` marks one removed (undoable: the row and
    its content stay until then); a progress update taken back leaves its files on the task."""

    __tablename__ = "attachments"
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    progress_id: Mapped[int | None] = mapped_column(ForeignKey("progress_updates.id", ondelete="SET NULL"),
                                                    index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(500))
    size: Mapped[int] = mapped_column(BigInteger)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    author: Mapped[str] = mapped_column(String(100), default="")
    removed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class ExtensionRow(Base):
    """A 延期 of a task's deadline (domain/extensions): the deadline it replaced, the new one, the reason and
    the day it was approved. The task's own deadline holds the new one; these rows keep the record."""

    __tablename__ = "deadline_extensions"
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    old_deadline: Mapped[dt.date | None] = mapped_column(Date)
    old_deadline_text: Mapped[str] = mapped_column(String(200), default="")
    new_deadline: Mapped[dt.date] = mapped_column(Date)
    new_deadline_text: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(Text)
    approved_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class CarriedRow(Base):
    """A 跨年 task's link back to the task of the year before it was carried from (services/rollover). The
    old plan's year and the number the task had there are kept, so the link still reads once that plan is
    renumbered or gone (its task id then becomes NULL)."""

    __tablename__ = "carried_tasks"

    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True)
    from_task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="SET NULL"), index=True)
    from_year: Mapped[int] = mapped_column(Integer)
    from_number: Mapped[str] = mapped_column(String(100))
