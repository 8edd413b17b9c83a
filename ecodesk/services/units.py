"""The bureau's units (股室): list, add, rename everywhere, merge, reorder, deactivate."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ecodesk.domain.changes import UNITS, Changes
from ecodesk.domain.errors import NotFoundError, UserError
from ecodesk.domain.plan import Unit
from ecodesk.domain.text import clean_text
from ecodesk.domain.units import is_collective, normalize_unit_name, unit_key
from ecodesk.services import audit
from ecodesk.services.bureaus import bureau_for
from ecodesk.store.db import Database
from ecodesk.store.models import CollectionReturnRow, ProgressRow, TaskUnitRow, UnitRow


def to_unit(row: UnitRow) -> Unit:
    return Unit(name=row.name, short_name=row.short_name, sort_order=row.sort_order, active=row.active, id=row.id)


def unit_rows(session: Session, bureau_id: int, *, collectives: bool = False) -> list[UnitRow]:
    """The bureau's units in list order. A collective (各股室, 相关业务股室) that tasks name keeps a row, so
    that the tasks keep the wording, but is no unit of the bureau: only the links need it (`collectives`)."""
    rows = session.scalars(
        select(UnitRow).where(UnitRow.bureau_id == bureau_id).order_by(UnitRow.sort_order, UnitRow.id))
    return [r for r in rows if collectives or not is_collective(r.name)]


def list_units(db: Database, bureau: str | None = None, *, include_inactive: bool = True) -> list[Unit]:
    """Units in the bureau's order."""
    with db.reader() as s:
        b = bureau_for(s, bureau, create=False)
        if b is None:
            return []
        return [to_unit(r) for r in unit_rows(s, b.id) if include_inactive or r.active]


def find_unit_row(session: Session, bureau_id: int, name: str) -> UnitRow | None:
    """The unit whose name matches `name` up to spacing and punctuation."""
    key = unit_key(name)
    return next((r for r in unit_rows(session, bureau_id, collectives=True) if unit_key(r.name) == key), None)


def ensure_units(session: Session, bureau_id: int, names: Iterable[str]) -> dict[str, UnitRow]:
    """Rows for `names` (normalised), creating the missing ones at the end of the list."""
    existing = {unit_key(r.name): r for r in unit_rows(session, bureau_id, collectives=True)}
    order = max((r.sort_order for r in existing.values()), default=0)
    found: dict[str, UnitRow] = {}
    for raw in names:
        name = normalize_unit_name(raw)
        if not name:
            continue
        row = existing.get(unit_key(name))
        if row is None:
            order += 1
            row = UnitRow(bureau_id=bureau_id, name=name, short_name="", sort_order=order, active=True)
            session.add(row)
            session.flush()
            existing[unit_key(name)] = row
            audit.record(session, action="create", entity="unit", entity_id=row.id, new=name)
        found[name] = row
    return found


def resolve_units(session: Session, bureau_id: int, names: Iterable[str]) -> list[UnitRow]:
    """Rows for names a user typed; an unknown name is an error naming it."""
    rows = []
    for name in names:
        row = find_unit_row(session, bureau_id, name)
        if row is None:
            raise NotFoundError(f"未知的股室“{name}”，请先用 ecodesk unit add 添加，或检查名称")
        rows.append(row)
    return rows


def add_unit(db: Database, name: str, *, short_name: str = "", bureau: str | None = None) -> Unit:
    """Add a unit at the end of the list; a name already there (up to spacing) is refused."""
    clean = _unit_name(name)
    with db.session() as s:
        b = bureau_for(s, bureau, create=True)
        if find_unit_row(s, b.id, clean) is not None:
            raise UserError(f"股室“{clean}”已存在")
        order = s.scalar(select(func.max(UnitRow.sort_order)).where(UnitRow.bureau_id == b.id)) or 0
        row = UnitRow(bureau_id=b.id, name=clean, short_name=clean_text(short_name).strip(), sort_order=order + 1,
                      active=True)
        s.add(row)
        s.flush()
        audit.record(s, action="create", entity="unit", entity_id=row.id, new=clean)
        return to_unit(row)


def _unit_name(name: str) -> str:
    """A unit's name as typed, cleaned; an empty one or a collective (各股室, 相关业务股室) is refused."""
    clean = normalize_unit_name(name)
    if not clean:
        raise UserError("股室名称不能为空")
    if is_collective(clean):
        raise UserError(f"“{clean}”指一组股室或其他单位，不是一个股室，不能作为股室添加")
    return clean


def _unit(session: Session, unit_id: int) -> UnitRow:
    row = session.get(UnitRow, unit_id)
    if row is None:
        raise NotFoundError(f"股室（编号 {unit_id}）不存在，可能已被删除或合并")
    return row


def rename_unit(db: Database, unit_id: int, new_name: str, *, short_name: str | None = None) -> Unit:
    """Rename a unit; tasks link to it by id, so the new name shows everywhere at once."""
    clean = _unit_name(new_name)
    with db.session() as s:
        row = _unit(s, unit_id)
        other = find_unit_row(s, row.bureau_id, clean)
        if other is not None and other.id != row.id:
            raise UserError(f"股室“{clean}”已存在；如要合并两个股室，请使用“合并”")
        old = row.name
        _rename_in_reports(s, old, clean)
        new_short = row.short_name if short_name is None else clean_text(short_name).strip()
        audit.record_changes(s, entity="unit", entity_id=row.id, plan_id=None,
                             changes={"name": (old, clean), "short_name": (row.short_name, new_short)})
        row.name, row.short_name = clean, new_short
        return to_unit(row)


def _rename_in_reports(session: Session, old: str, new: str) -> None:
    """Progress reports and 进展征集 returns name their unit as text: they follow a rename or merge."""
    session.execute(update(ProgressRow).where(ProgressRow.unit_name == old).values(unit_name=new))
    session.execute(update(CollectionReturnRow).where(CollectionReturnRow.unit_name == old).values(unit_name=new))


def merge_units(db: Database, source_id: int, target_id: int) -> Unit:
    """Fold `source` into `target`: its task roles and progress reports move over, then it goes."""
    if source_id == target_id:
        raise UserError("不能把股室合并到它自己")
    with db.session() as s:
        source, target = _unit(s, source_id), _unit(s, target_id)
        for link in list(s.scalars(select(TaskUnitRow).where(TaskUnitRow.unit_id == source.id))):
            _move_link(s, link, target)
        _rename_in_reports(s, source.name, target.name)
        audit.record(s, action="merge", entity="unit", entity_id=source.id, field="name",
                     old=source.name, new=target.name)
        s.delete(source)
        return to_unit(target)


def _move_link(session: Session, link: TaskUnitRow, target: UnitRow) -> None:
    twin = session.get(TaskUnitRow, (link.task_id, target.id))
    if twin is None:
        session.add(TaskUnitRow(task_id=link.task_id, unit_id=target.id, role=link.role, position=link.position))
    elif link.role == "lead" and twin.role != "lead":
        twin.role, twin.position = "lead", link.position
    session.delete(link)
    session.flush()


def reorder_units(db: Database, unit_ids: list[int]) -> Changes:
    """Set the list order to `unit_ids` (units not named keep their relative order after them); every
    task lists its units in that order."""
    with db.session() as s:
        rows = [_unit(s, uid) for uid in unit_ids]
        rest = [r for r in unit_rows(s, rows[0].bureau_id) if r.id not in set(unit_ids)] if rows else []
        for order, row in enumerate([*rows, *rest], start=1):
            if row.sort_order != order:
                audit.record(s, action="update", entity="unit", entity_id=row.id, field="sort_order",
                             old=row.sort_order, new=order)
                row.sort_order = order
    return UNITS


def set_unit_active(db: Database, unit_id: int, active: bool) -> Unit:
    """Deactivated units keep their history but are no longer offered for new assignments."""
    with db.session() as s:
        row = _unit(s, unit_id)
        if row.active != active:
            audit.record(s, action="update", entity="unit", entity_id=row.id, field="active",
                         old=row.active, new=active)
            row.active = active
        return to_unit(row)
