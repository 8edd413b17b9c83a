"""Year plans: create, list, find by year, load as a tree, save an imported tree, edit targets."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from operator import attrgetter

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ecodesk.domain.errors import ConflictError, NotFoundError, UserError
from ecodesk.domain.plan import PlanInfo, PlanTree, ProgressEntry, Target, TaskNode, renumber
from ecodesk.domain.status import Status
from ecodesk.domain.task_fields import TASK_COLUMNS, UNIT_FIELDS, stored_task
from ecodesk.domain.text import clean_text
from ecodesk.domain.units import normalize_unit_name
from ecodesk.services import audit
from ecodesk.services.bureaus import bureau_for
from ecodesk.services.rows import stored_columns
from ecodesk.services.units import ensure_units, to_unit, unit_rows
from ecodesk.store.db import STALE_MESSAGE, Database
from ecodesk.store.models import Bureau, PlanRow, ProgressRow, TargetRow, TaskRow, TaskUnitRow, UnitRow


def _check_year(year: int) -> None:
    if not 1990 <= year <= 2100:
        raise UserError(f"年份“{year}”无效，应为 1990 至 2100 之间的四位数")


def create_plan(db: Database, *, year: int, title: str = "", bureau: str | None = None) -> PlanInfo:
    """An empty plan for `year`; one plan per bureau and year."""
    _check_year(year)
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
        return [PlanInfo(p.id, p.year, p.title, b.name, n) for p, b, n in s.execute(query)]


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


def load_plan(db: Database, plan_id: int, *, with_progress: bool = True) -> PlanTree:
    """The whole plan as a numbered tree, read in a handful of queries."""
    with db.reader() as s:
        plan = s.get(PlanRow, plan_id)
        if plan is None:
            raise NotFoundError(f"工作要点（编号 {plan_id}）不存在")
        units_by_task = _units_by_task(s, plan_id)
        progress = _progress_by_task(s, plan_id) if with_progress else {}
        rows = s.scalars(select(TaskRow).where(TaskRow.plan_id == plan_id).order_by(TaskRow.position))
        nodes: dict[int, TaskNode] = {}
        parent_of: dict[int, int | None] = {}
        for row in rows:
            nodes[row.id] = task_node(row, units_by_task.get(row.id, {}), progress.get(row.id, []))
            parent_of[row.id] = row.parent_id
        tree = PlanTree(
            year=plan.year, title=plan.title, bureau=plan.bureau.name, preamble=plan.preamble,
            targets=_targets(plan), units=[to_unit(u) for u in unit_rows(s, plan.bureau_id)], id=plan.id,
        )
    for task_id, parent_id in parent_of.items():
        siblings = tree.tasks if parent_id is None else nodes[parent_id].children
        siblings.append(nodes[task_id])
    renumber(tree.tasks)
    return tree


def load_targets(db: Database, plan_id: int) -> list[Target]:
    """The plan's 主要目标 alone, for a window that changed only them."""
    with db.reader() as s:
        plan = s.get(PlanRow, plan_id)
        if plan is None:
            raise NotFoundError(f"工作要点（编号 {plan_id}）不存在")
        return _targets(plan)


def _targets(plan: PlanRow) -> list[Target]:
    return [Target(t.text, t.category, t.id) for t in plan.targets]


def task_node(row: TaskRow, units: dict[str, list[str]], progress: list[ProgressEntry]) -> TaskNode:
    """A task row (without its sub-tasks) as a TaskNode; `units` are its unit names by role."""
    return stored_task(_stored(row), units, progress=progress, id=row.id, version=row.version)


_stored = attrgetter(*(column.name for column in TASK_COLUMNS))  # a row's values of TASK_COLUMNS, in order


def _units_by_task(session: Session, plan_id: int) -> dict[int, dict[str, list[str]]]:
    """Each task's unit names by role, in the plan's order."""
    result: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    query = (
        select(TaskUnitRow.task_id, TaskUnitRow.role, UnitRow.name)
        .join(UnitRow, UnitRow.id == TaskUnitRow.unit_id)
        .join(TaskRow, TaskRow.id == TaskUnitRow.task_id)
        .where(TaskRow.plan_id == plan_id)
        .order_by(TaskUnitRow.task_id, TaskUnitRow.position)
    )
    for task_id, role, name in session.execute(query):
        result[task_id][role].append(name)
    return result


def progress_entry(row: ProgressRow) -> ProgressEntry:
    return ProgressEntry(
        date=row.date, text=row.text, percent=row.percent, unit=row.unit_name, author=row.author,
        status=Status(row.status) if row.status else None, created_at=row.created_at, id=row.id,
    )


def _progress_by_task(session: Session, plan_id: int) -> dict[int, list[ProgressEntry]]:
    result: dict[int, list[ProgressEntry]] = defaultdict(list)
    query = (
        select(ProgressRow)
        .join(TaskRow, TaskRow.id == ProgressRow.task_id)
        .where(TaskRow.plan_id == plan_id)
        .order_by(ProgressRow.date, ProgressRow.id)
    )
    for row in session.scalars(query):
        result[row.task_id].append(progress_entry(row))
    return result


def save_plan(db: Database, tree: PlanTree, *, replace: PlanInfo | None = None) -> PlanInfo:
    """Store a whole plan (an import) in one transaction, in place of `replace` (see plan_to_replace),
    whose bureau it takes. A year that has a plan needs `replace`; if the plan to replace is no longer
    the one the clerk was told of (another clerk changed the plans meanwhile), nothing is saved.
    """
    _check_year(tree.year)
    expected = replace.id if replace is not None else None
    old_info = plan_to_replace(db, tree.year, tree.bureau)
    with db.session() as s:
        old = s.get(PlanRow, old_info.id) if old_info is not None else None
        if old is not None and expected is None:
            raise UserError(f"{tree.year} 年的工作要点已存在；如要用导入的内容替换它，请加 --replace")
        if (old.id if old is not None else None) != expected:
            raise ConflictError(STALE_MESSAGE)
        b = old.bureau if old is not None else bureau_for(s, tree.bureau or None, create=True)
        if old is not None:
            audit.record(s, action="delete", entity="plan", entity_id=old.id, plan_id=old.id, old=old.title)
            s.delete(old)
            s.flush()
        names = [u.name for u in tree.units] + [n for t in tree.walk() for f in UNIT_FIELDS for n in f.of(t)]
        units = ensure_units(s, b.id, names)
        plan = PlanRow(bureau_id=b.id, year=tree.year, title=tree.title, preamble=tree.preamble)
        plan.targets = [TargetRow(position=i, text=t.text, category=t.category) for i, t in enumerate(tree.targets)]
        s.add(plan)
        s.flush()
        rows = [_task_row(task, plan.id, position, units) for position, task in enumerate(tree.tasks)]
        s.add_all(rows)
        s.flush()
        s.add_all(_progress_rows(tree.tasks, rows))
        count = sum(1 for _ in tree.walk())
        audit.record(s, action="import", entity="plan", entity_id=plan.id, plan_id=plan.id, new=f"{count} tasks")
        return PlanInfo(plan.id, plan.year, plan.title, b.name, count)


def _task_row(task: TaskNode, plan_id: int, position: int, units: dict[str, UnitRow]) -> TaskRow:
    row = TaskRow(plan_id=plan_id, position=position, **stored_columns(task))
    seen: set[int] = set()
    for field in UNIT_FIELDS:
        for name in field.of(task):
            unit = units.get(normalize_unit_name(name))
            if unit is not None and id(unit) not in seen:
                seen.add(id(unit))
                row.unit_links.append(TaskUnitRow(unit=unit, role=field.unit_role, position=len(row.unit_links)))
    row.children = [_task_row(c, plan_id, i, units) for i, c in enumerate(task.children)]
    return row


def _progress_rows(tasks: list[TaskNode], rows: list[TaskRow]) -> Iterator[ProgressRow]:
    """The tasks' progress updates, for rows already flushed (so that they have ids)."""
    for task, row in zip(tasks, rows, strict=True):
        for entry in task.progress:
            yield ProgressRow(task_id=row.id, date=entry.date, text=entry.text, percent=entry.percent,
                              status=entry.status.value if entry.status else None, unit_name=entry.unit,
                              author=entry.author)
        yield from _progress_rows(task.children, row.children)


def set_targets(db: Database, plan_id: int, targets: list[Target]) -> None:
    """Replace the plan's 主要目标 with `targets`, in that order."""
    with db.session() as s:
        plan = s.get(PlanRow, plan_id)
        if plan is None:
            raise NotFoundError(f"工作要点（编号 {plan_id}）不存在")
        old = [t.text for t in plan.targets]
        s.execute(delete(TargetRow).where(TargetRow.plan_id == plan_id))
        texts = [(clean_text(t.text).strip(), clean_text(t.category).strip()) for t in targets]
        for position, (text, category) in enumerate(texts):
            if text:
                s.add(TargetRow(plan_id=plan_id, position=position, text=text, category=category))
        audit.record(s, action="update", entity="plan", entity_id=plan_id, plan_id=plan_id, field="targets",
                     old=old, new=[text for text, _ in texts])


def edit_plan(db: Database, plan_id: int, *, title: str | None = None, bureau: str | None = None) -> PlanInfo:
    """Change the plan's title and/or its bureau's name (None leaves one as it is); the plan as it now is.

    The bureau is renamed rather than the plan moved to another: its units (股室) belong to the bureau,
    and a database normally holds one bureau, so every plan of it takes the new name. A name another
    bureau of this database already has is refused, as are an empty title or name.
    """
    with db.session() as s:
        plan = s.get(PlanRow, plan_id)
        if plan is None:
            raise NotFoundError(f"工作要点（编号 {plan_id}）不存在")
        if title is not None:
            _set_title(s, plan, title)
        if bureau is not None:
            _rename_bureau(s, plan, bureau)
        return PlanInfo(plan.id, plan.year, plan.title, plan.bureau.name, 0)


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
