"""年度滚动: next year's plan made from this year's, in one transaction (domain/rollover says what carries).

The old plan is only read: its rows are the same before and after. A year that already has the bureau's
plan is replaced only when the clerk agreed (`replace`, the plan they were told of).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from dataclasses import replace as replace_fields
from pathlib import Path

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from ecodesk.domain.errors import UserError
from ecodesk.domain.history import Standing
from ecodesk.domain.numbering import plan_chapter_offset
from ecodesk.domain.plan import PlanInfo, TaskNode
from ecodesk.domain.rollover import Carry, carried_targets, carried_tasks, year_words
from ecodesk.domain.task_fields import UNIT_FIELDS
from ecodesk.services import audit
from ecodesk.services.plans import check_year, linked_units, list_plans, take_place_of
from ecodesk.services.rows import plan_missing, stored_columns
from ecodesk.services.standing import imported_history
from ecodesk.services.units import ensure_units
from ecodesk.store.backup import backup_name, copy_database
from ecodesk.store.db import Database
from ecodesk.store.models import Base, CarriedRow, PlanRow, StatusChangeRow, TargetRow, TaskRow, TaskUnitRow, UnitRow
from ecodesk.store.plan_rows import read_plan_rows


@dataclass(frozen=True, slots=True)
class Rollover:
    """What a rollover did: the plan made, the plan it replaced (if any) and the backup kept of it."""

    source: PlanInfo
    plan: PlanInfo
    carried: int  # tasks carried without their headings: the work that goes on
    replaced: PlanInfo | None = None
    backup: Path | None = None

    def summary_lines(self) -> list[str]:
        """What the clerk is told: the draft made and how many tasks it carries; the plan replaced."""
        lines = [f"已由 {self.source.year} 年工作要点新建 {self.plan.year} 年工作要点（草案）“{self.plan.title}”，"
                 f"转入跨年任务 {self.carried} 项"]
        if self.replaced is not None:
            lines.append(f"已替换原有的 {self.replaced.year} 年工作要点“{self.replaced.title}”")
        if self.backup is not None:
            lines.append(f"原有内容已备份到：{self.backup}")
        return lines


def plan_of_year(db: Database, source: PlanInfo, year: int) -> PlanInfo | None:
    """The bureau's plan of `year`, which a rollover from `source` into it would replace; None if none."""
    return next((p for p in list_plans(db) if p.year == year and p.bureau == source.bureau), None)


def roll_over(db: Database, source: PlanInfo, year: int, *, carry: Carry = Carry.UNFINISHED,
              replace: bool = False) -> Rollover:
    """`rollover_plan`, replacing the bureau's plan of `year` when `replace` (after a copy of the database is
    kept, as an import's replacement does); the outcome to tell the clerk."""
    old = plan_of_year(db, source, year) if replace else None
    backup = copy_database(db.path, backup_name(db.path, "before-replace")) if old and db.path else None
    return replace_fields(rollover_plan(db, source, year, carry=carry, replace=old), replaced=old, backup=backup)


def rollover_plan(db: Database, source: PlanInfo, year: int, *, carry: Carry = Carry.UNFINISHED,
                  replace: PlanInfo | None = None) -> Rollover:
    """A draft plan for `year` from plan `source`: its bureau, units, preamble, pace rule and 主要目标 (the
    plan's year words updated), and the tasks `carry` picks, linked back. `replace` is the bureau's plan of
    `year` the clerk agreed to replace; without it a year that has one is refused."""
    check_year(year)
    with db.session() as s:
        old = read_plan_rows(lambda sql, params: s.execute(text(sql), params), source.id)
        row = s.get(PlanRow, source.id)
        if old is None or row is None:
            raise plan_missing(source.id)
        if year == old.year:
            raise UserError(f"新年度应不同于 {old.year} 年")
        existing = s.scalars(select(PlanRow).where(PlanRow.bureau_id == row.bureau_id,
                                                   PlanRow.year == year)).first()
        take_place_of(s, existing, replace.id if replace is not None else None,
                      f"{year} 年的工作要点已存在；如要用 {old.year} 年的计划新建并替换它，请加 --replace")
        plan = PlanRow(bureau_id=row.bureau_id, year=year, title=year_words(old.title, old.year, year),
                       preamble=year_words(old.preamble, old.year, year), draft=True,
                       monthly_periods=row.monthly_periods, pace_preset=row.pace_preset,
                       pace_yellow_at=row.pace_yellow_at, pace_red_above=row.pace_red_above,
                       pace_blue_days=row.pace_blue_days)
        plan.targets = [TargetRow(position=i, text=t.text, category=t.category)
                        for i, t in enumerate(carried_targets(old.targets, old.year, year))]
        s.add(plan)
        s.flush()
        tasks = carried_tasks(old.tasks, carry, old.year, year, plan_chapter_offset(old))
        units = ensure_units(s, row.bureau_id, [n for t in _walk(tasks) for f in UNIT_FIELDS for n in f.of(t)])
        s.flush()
        _insert_tasks(s, plan.id, tasks, units, dt.date(year, 1, 1))
        made = _walk(tasks)
        audit.record(s, action="rollover", entity="plan", entity_id=plan.id, plan_id=plan.id,
                     old=f"{old.year}", new=f"{len(made)} tasks ({carry.value})")
        return Rollover(source, PlanInfo(plan.id, year, plan.title, old.bureau, len(made), draft=True),
                        sum(1 for task in made if task.is_leaf))


def _insert_tasks(session: Session, plan_id: int, tasks: list[TaskNode], units: dict[str, UnitRow],
                  new_year: dt.date) -> None:
    """The carried tasks, their units, links back and standings (dated the new year's first day), level by
    level in multi-row INSERTs that return the new ids in order: one ORM object a row would take a
    10,000-task plan several times as long."""
    level: list[tuple[int | None, int, TaskNode]] = [(None, i, task) for i, task in enumerate(tasks)]
    while level:
        table = TaskRow.__table__
        ids = session.connection().scalars(insert(table).returning(table.c.id, sort_by_parameter_order=True), [
            {"plan_id": plan_id, "parent_id": parent, "position": position, "version": 1, **stored_columns(task)}
            for parent, position, task in level]).all()
        made = list(zip(ids, (task for _parent, _position, task in level), strict=True))
        _insert(session, TaskUnitRow, [{"task_id": task_id, "unit_id": unit.id, "role": role, "position": i}
                                       for task_id, task in made
                                       for i, (unit, role) in enumerate(linked_units(task, units))])
        _insert(session, CarriedRow, [{"task_id": task_id, "from_task_id": task.carried.task_id,
                                       "from_year": task.carried.year, "from_number": task.carried.number}
                                      for task_id, task in made if task.carried is not None])
        _insert(session, StatusChangeRow, [
            {"task_id": c.task_id, "effective": c.effective, "status": c.status, "percent": c.percent}
            for task_id, task in made for c in imported_history(task_id, [], Standing(task.status, task.percent),
                                                                new_year)])
        level = [(task_id, i, child) for task_id, task in made for i, child in enumerate(task.children)]


def _insert(session: Session, model: type[Base], rows: list[dict[str, object]]) -> None:
    """Rows of `model`'s table in one executemany, past the ORM (nothing of them is read back here)."""
    if rows:
        session.connection().execute(insert(model.__table__), rows)


def _walk(tasks: list[TaskNode]) -> list[TaskNode]:
    return [node for task in tasks for node in task.walk()]
