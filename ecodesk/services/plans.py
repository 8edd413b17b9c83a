"""Year plans: create, list, find by year, load as a tree, save an imported tree, edit targets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from operator import attrgetter

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from ecodesk.domain.changes import TARGETS, Changes
from ecodesk.domain.errors import ConflictError, NotFoundError, UserError
from ecodesk.domain.history import Standing, StatusChange
from ecodesk.domain.plan import PlanInfo, PlanTree, ProgressEntry, Target, TaskNode
from ecodesk.domain.status import Status
from ecodesk.domain.task_fields import TASK_COLUMNS, UNIT_FIELDS, stored_task
from ecodesk.domain.text import clean_text
from ecodesk.domain.units import normalize_unit_name
from ecodesk.services import audit
from ecodesk.services.bureaus import bureau_for
from ecodesk.services.rows import plan_missing, plan_row, stored_columns
from ecodesk.services.standing import imported_history
from ecodesk.services.units import ensure_units
from ecodesk.store.db import STALE_MESSAGE, Database
from ecodesk.store.models import (
    Bureau,
    PlanRow,
    ProgressRow,
    StatusChangeRow,
    TargetRow,
    TargetValueRow,
    TaskRow,
    TaskUnitRow,
    UnitRow,
)
from ecodesk.store.plan_rows import read_plan_rows, read_targets


def check_year(year: int) -> None:
    if not 1990 <= year <= 2100:
        raise UserError(f"年份“{year}”无效，应为 1990 至 2100 之间的四位数")


def create_plan(db: Database, *, year: int, title: str = "", bureau: str | None = None) -> PlanInfo:
    """An empty plan for `year`; one plan per bureau and year."""
    check_year(year)
    with db.session() as s:
        b = bureau_for(s, bureau, create=True)
        if _plan_row(s, year, b.id) is not None:
            raise UserError(f"{year} 年的工作要点已存在")
        title = clean_text(title).strip() or default_title(b.name, year)
        row = PlanRow(bureau_id=b.id, year=year, title=title, preamble="")
        s.add(row)
        s.flush()
        audit.record(s, action="create", entity="plan", entity_id=row.id, plan_id=row.id, new=title)
        return PlanInfo(row.id, year, title, b.name, 0)


def default_title(bureau: str, year: int) -> str:
    """The title a new plan gets unless the clerk writes another."""
    return f"{bureau}{year}年生态环境工作要点"


def list_plans(db: Database) -> list[PlanInfo]:
    """Every plan, newest year first."""
    counts = select(TaskRow.plan_id, func.count().label("tasks")).group_by(TaskRow.plan_id).subquery()
    query = (select(PlanRow, Bureau, func.coalesce(counts.c.tasks, 0)).join(Bureau)
             .outerjoin(counts, counts.c.plan_id == PlanRow.id).order_by(PlanRow.year.desc(), PlanRow.id))
    with db.reader() as s:
        return [PlanInfo(p.id, p.year, p.title, b.name, n, p.draft) for p, b, n in s.execute(query)]


def _plan_row(session: Session, year: int, bureau_id: int | None = None) -> PlanRow | None:
    query = select(PlanRow).where(PlanRow.year == year)
    if bureau_id is not None:
        query = query.where(PlanRow.bureau_id == bureau_id)
    return session.scalars(query.order_by(PlanRow.id)).first()


def resolve_plan(db: Database, year: int | None, bureau: str | None = None) -> PlanInfo:
    """The plan for `year` (and `bureau`); with no year, the only plan there is.

    Two plans of one year (bureaus kept apart on purpose) are never picked between silently: the
    clerk is told which there are and to name the bureau.
    """
    plans = [p for p in list_plans(db) if not bureau or p.bureau == bureau.strip()]
    if bureau and not plans:
        raise NotFoundError(f"没有单位为“{bureau}”的工作要点")
    if year is None:
        years = sorted({p.year for p in plans}, reverse=True)
        if not years:
            raise NotFoundError("数据库中还没有年度工作要点，请先新建（ecodesk plan new）或导入文档")
        if len(years) > 1:
            raise UserError(f"数据库中有多个年度的工作要点（{'、'.join(map(str, years))}），请用 --year 指定年份")
        year = years[0]
    match = [p for p in plans if p.year == year]
    if not match:
        raise NotFoundError(f"没有 {year} 年的工作要点")
    if len(match) > 1:
        raise UserError(f"数据库中有 {len(match)} 个 {year} 年的工作要点：{_listing(match)}，请用 --bureau 指定单位")
    return match[0]


def _listing(plans: Iterable[PlanInfo]) -> str:
    return "、".join(f"“{p.title}”（{p.bureau}）" for p in plans)


def plan_to_replace(db: Database, year: int, bureau: str) -> PlanInfo | None:
    """The plan an import of `year`, naming `bureau`, replaces: that bureau's plan of the year, else the
    year's only plan; None when the year has none.

    A database normally holds one bureau, so a document naming it a little differently (or another
    bureau's plan taken as a model) still replaces the clerk's plan of that year, under the clerk's
    bureau. Several plans of the year, none of them `bureau`'s, cannot be chosen between: UserError.
    """
    same_year = [p for p in list_plans(db) if p.year == year]
    named = [p for p in same_year if bureau and p.bureau == bureau.strip()]
    if named or len(same_year) <= 1:
        return (named or same_year or [None])[0]
    raise UserError(f"数据库中有 {len(same_year)} 个 {year} 年的工作要点：{_listing(same_year)}，"
                    f"文档中的单位“{bureau or '（未写明）'}”与它们都不同，无法确定要替换哪一个")


def load_plan(db: Database, plan_id: int, *, as_of: dt.date | None = None) -> PlanTree:
    """The whole plan as a numbered tree, read in a handful of queries (store.plan_rows, shared with the
    start-up read). With `as_of`, every task as it stood at the end of that day: status and percent from its
    dated changes, progress up to that day, parents derived from their children (domain/reporting).
    Without it, the latest standing as stored, a parent's as the clerk set it."""
    with db.reader() as s:
        tree = read_plan_rows(lambda sql, params: s.execute(text(sql), params), plan_id, as_of)
    if tree is None:
        raise plan_missing(plan_id)
    return tree


def load_targets(db: Database, plan_id: int) -> list[Target]:
    """The plan's 主要目标 alone (with their actual values), for a window that changed only them."""
    with db.reader() as s:
        plan_row(s, plan_id)
        return read_targets(lambda sql, params: s.execute(text(sql), params), {"plan_id": plan_id})


def task_node(row: TaskRow, units: dict[str, list[str]], progress: list[ProgressEntry],
              history: list[StatusChange]) -> TaskNode:
    """A task row (without its sub-tasks) as a TaskNode; `units` are its unit names by role."""
    return stored_task(_stored(row), units, progress=progress, history=history, id=row.id, version=row.version)


_stored = attrgetter(*(column.name for column in TASK_COLUMNS))  # a row's values of TASK_COLUMNS, in order


def progress_entry(row: ProgressRow) -> ProgressEntry:
    return ProgressEntry(
        date=row.date, text=row.text, percent=row.percent, unit=row.unit_name, author=row.author,
        status=Status(row.status) if row.status else None, created_at=row.created_at, id=row.id,
        problems=row.problems, next_steps=row.next_steps,
    )


def save_plan(db: Database, tree: PlanTree, *, replace: PlanInfo | None = None) -> PlanInfo:
    """Store a whole plan (an import) in one transaction, in place of `replace` (see plan_to_replace),
    whose bureau it takes. A year that has a plan needs `replace`; if the plan to replace is no longer
    the one the clerk was told of (another clerk changed the plans meanwhile), nothing is saved.
    """
    check_year(tree.year)
    expected = replace.id if replace is not None else None
    old_info = plan_to_replace(db, tree.year, tree.bureau)
    with db.session() as s:
        old = s.get(PlanRow, old_info.id) if old_info is not None else None
        b = old.bureau if old is not None else bureau_for(s, tree.bureau or None, create=True)
        take_place_of(s, old, expected, f"{tree.year} 年的工作要点已存在；如要用导入的内容替换它，请加 --replace")
        names = [u.name for u in tree.units] + [n for t in tree.walk() for f in UNIT_FIELDS for n in f.of(t)]
        units = ensure_units(s, b.id, names)
        plan = PlanRow(bureau_id=b.id, year=tree.year, title=tree.title, preamble=tree.preamble)
        plan.targets = [TargetRow(position=i, text=t.text, category=t.category) for i, t in enumerate(tree.targets)]
        s.add(plan)
        s.flush()
        rows = [new_task_row(task, plan.id, position, units) for position, task in enumerate(tree.tasks)]
        s.add_all(rows)
        s.flush()
        s.add_all(_history_rows(s, tree, rows))
        count = sum(1 for _ in tree.walk())
        audit.record(s, action="import", entity="plan", entity_id=plan.id, plan_id=plan.id, new=f"{count} tasks")
        return PlanInfo(plan.id, plan.year, plan.title, b.name, count)


def take_place_of(session: Session, old: PlanRow | None, expected: int | None, refusal: str) -> None:
    """Delete `old`, the plan of the year a new one is written for, when the clerk agreed to replace it
    (`expected` is its id): `refusal` when the clerk did not, ConflictError when the plan of that year is no
    longer the one the clerk was told of (another clerk changed the plans meanwhile)."""
    if old is not None and expected is None:
        raise UserError(refusal)
    if (old.id if old is not None else None) != expected:
        raise ConflictError(STALE_MESSAGE)
    if old is not None:
        audit.record(session, action="delete", entity="plan", entity_id=old.id, plan_id=old.id, old=old.title)
        session.delete(old)
        session.flush()


def new_task_row(task: TaskNode, plan_id: int, position: int, units: dict[str, UnitRow]) -> TaskRow:
    row = TaskRow(plan_id=plan_id, position=position, **stored_columns(task))
    row.unit_links = [TaskUnitRow(unit=unit, role=role, position=i)
                      for i, (unit, role) in enumerate(linked_units(task, units))]
    row.children = [new_task_row(c, plan_id, i, units) for i, c in enumerate(task.children)]
    return row


def _history_rows(session: Session, tree: PlanTree, rows: list[TaskRow]) -> list[StatusChangeRow]:
    """The tasks' progress updates (added and flushed here, for their ids) and the dated changes of status
    and percent they bring (services/standing.imported_history), for task rows already flushed. A status
    no update dates is dated the day of the import, or the plan year's last day for a year gone by."""
    pairs = list(with_rows(tree.tasks, rows))
    progress = [[ProgressRow(task_id=row.id, date=entry.date, text=entry.text, percent=entry.percent,
                             status=entry.status.value if entry.status else None, unit_name=entry.unit,
                             author=entry.author) for entry in task.progress] for task, row in pairs]
    session.add_all(p for task_rows in progress for p in task_rows)
    session.flush()
    undated = min(dt.date.today(), dt.date(tree.year, 12, 31))
    return [change for (task, row), task_rows in zip(pairs, progress, strict=True)
            for change in imported_history(row.id, [(e.date, e.status, e.percent, p.id) for e, p in
                                                    zip(task.progress, task_rows, strict=True)],
                                           Standing(task.status, task.percent), undated)]


def linked_units(task: TaskNode, units: dict[str, UnitRow]) -> list[tuple[UnitRow, str]]:
    """The task's units as rows (`units` by normalized name) with their roles, in the plan's order, each
    once: a unit named both 牵头 and 配合 stays a lead."""
    seen: set[int] = set()
    linked = []
    for field in UNIT_FIELDS:
        for name in field.of(task):
            unit = units.get(normalize_unit_name(name))
            if unit is not None and id(unit) not in seen:
                seen.add(id(unit))
                linked.append((unit, field.unit_role))
    return linked


def with_rows(tasks: list[TaskNode], rows: list[TaskRow]) -> Iterator[tuple[TaskNode, TaskRow]]:
    for task, row in zip(tasks, rows, strict=True):
        yield task, row
        yield from with_rows(task.children, row.children)


def set_targets(db: Database, plan_id: int, targets: list[Target]) -> Changes:
    """Replace the plan's 主要目标 with `targets`, in that order, each with its actual values (so undoing
    an edit of a value or of a text is this same call with the list as it was); the window redraws just them."""
    with db.session() as s:
        plan = plan_row(s, plan_id)
        old = [t.text for t in plan.targets]
        s.execute(delete(TargetRow).where(TargetRow.plan_id == plan_id))
        texts = [(clean_text(t.text).strip(), clean_text(t.category).strip()) for t in targets]
        for position, ((text, category), target) in enumerate(zip(texts, targets, strict=True)):
            if text:
                s.add(TargetRow(plan_id=plan_id, position=position, text=text, category=category,
                                values=[TargetValueRow(period=v.period, value=clean_text(v.value).strip(), met=v.met)
                                        for v in target.values]))
        audit.record(s, action="update", entity="plan", entity_id=plan_id, plan_id=plan_id, field="targets",
                     old=old, new=[text for text, _ in texts])
    return TARGETS


def edit_plan(db: Database, plan_id: int, *, title: str | None = None, bureau: str | None = None,
              draft: bool | None = None) -> PlanInfo:
    """Change the plan's title and/or its bureau's name, or mark a rollover's draft adopted (`draft=False`;
    None leaves each as it is); the plan as it now is.

    The bureau is renamed rather than the plan moved to another: its units (股室) belong to the bureau,
    and a database normally holds one bureau, so every plan of it takes the new name. A name another
    bureau of this database already has is refused, as are an empty title or name.
    """
    with db.session() as s:
        plan = plan_row(s, plan_id)
        if title is not None:
            _set_title(s, plan, title)
        if bureau is not None:
            _rename_bureau(s, plan, bureau)
        if draft is not None and draft != plan.draft:
            audit.record(s, action="update", entity="plan", entity_id=plan.id, plan_id=plan.id, field="draft",
                         old=plan.draft, new=draft)
            plan.draft = draft
        return PlanInfo(plan.id, plan.year, plan.title, plan.bureau.name, 0, plan.draft)


def _set_title(session: Session, plan: PlanRow, title: str) -> None:
    title = clean_text(title).strip()
    if not title:
        raise UserError("计划标题不能为空")
    if title != plan.title:
        audit.record(session, action="update", entity="plan", entity_id=plan.id, plan_id=plan.id, field="title",
                     old=plan.title, new=title)
        plan.title = title


def _rename_bureau(session: Session, plan: PlanRow, name: str) -> None:
    name = clean_text(name).strip()
    if not name:
        raise UserError("单位名称不能为空")
    if name == plan.bureau.name:
        return
    if session.scalar(select(Bureau.id).where(Bureau.name == name)) is not None:
        raise UserError(f"数据库中已有名为“{name}”的单位，不能把“{plan.bureau.name}”改成同名")
    audit.record(session, action="update", entity="plan", entity_id=plan.id, plan_id=plan.id, field="bureau",
                 old=plan.bureau.name, new=name)
    plan.bureau.name = name
