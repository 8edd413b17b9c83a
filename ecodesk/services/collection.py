"""进展征集: a table out to every 股室 for a period, the filled tables back in, and who has returned.

Sending writes one workbook per unit (io/collect_xlsx). Receiving a file is two steps, so that the window
can show a preview with a tick per row: `preview_return` reads and judges every row (domain/collection
.RowKind) without writing, `receive_return` records the ticked rows in one transaction per file, as
progress updates dated the day filled in (not after the period's end, so the period's reports show them),
else the period's end; their unit is the returning unit, their author the row's 填报人. The same table
received again (its content, whatever the bytes) adds nothing and says when it was received.

Conflicts: a task another unit has already reported on in this period's returns, or a task edited since
the table was sent (its version moved) that this unit has not returned before. They are shown, and are
recorded only when the clerk ticks them.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from ecodesk.domain.changes import Changes, tasks_changed
from ecodesk.domain.collection import (
    Fill,
    FilledRow,
    Form,
    FormRow,
    ReturnedTable,
    ReturnPreview,
    RowKind,
    RowVerdict,
    local_minute,
    read_fill,
    return_digest,
)
from ecodesk.domain.errors import UserError
from ecodesk.domain.numbering import task_label
from ecodesk.domain.periods import Period, previous_period
from ecodesk.domain.plan import PlanTree, TaskNode
from ecodesk.domain.text import clean_text
from ecodesk.domain.units import is_collective, unit_key
from ecodesk.io.collect_xlsx import read_return, write_form
from ecodesk.io.plan_text import NO_PROGRESS, bureau_name, progress_line
from ecodesk.io.unit_sheets import collect
from ecodesk.services import audit
from ecodesk.services.periods import report_point
from ecodesk.services.plans import load_plan
from ecodesk.services.progress import record_update
from ecodesk.store.db import Database
from ecodesk.store.models import CollectionReturnRow, ProgressRow

LEAD, CO = "牵头", "配合"
RETURN_SUFFIXES = (".xlsx", ".xls", ".xlsm", ".et")


# --- send --------------------------------------------------------------------------------------------


def plan_period(db: Database, plan_id: int, key: str) -> Period:
    """The plan's period `key` names; another year's is refused naming it."""
    point = report_point(db, plan_id, period=key)
    assert point is not None
    return point[1]


def forms(db: Database, plan_id: int, period_key: str, units: Sequence[str] = (),
          today: dt.date | None = None) -> list[Form]:
    """The table of each unit (all units with tasks, or those named) for the period."""
    return forms_of(load_plan(db, plan_id), plan_period(db, plan_id, period_key), units, today)


def forms_of(plan: PlanTree, period: Period, units: Sequence[str] = (), today: dt.date | None = None) -> list[Form]:
    """`forms` of a plan already read (the window's): the units' tables, nothing written."""
    assert plan.id is not None
    before = previous_period(period, plan.reporting_periods())
    return [Form(plan.id, plan.year, bureau_name(plan), sheet.unit, period, today or dt.date.today(),
                 tuple(_form_rows(plan, sheet.unit, sheet.led, sheet.co, before)))
            for sheet in collect(plan, units)]


def _form_rows(plan: PlanTree, unit: str, led: list[TaskNode], co: list[TaskNode],
               before: Period | None) -> list[FormRow]:
    """Led tasks, then co-worked ones, each group in plan order; a task the unit has as one of 各股室 (every
    unit: TaskNode.leads/supports) says so in its role."""
    tasks = {id(t): t for t in (*led, *co)}
    roles = {key: _role(task, unit) for key, task in tasks.items()}
    order = {id(t): i for i, t in enumerate(sorted(tasks.values(), key=lambda t: t.path))}
    ranked = sorted(tasks, key=lambda key: (roles[key][0], order[key]))
    return [_form_row(plan, tasks[key], roles[key][1], before) for key in ranked]


def _role(task: TaskNode, unit: str) -> tuple[int, str]:
    """The unit's part in the task (0 lead, 1 co) and how the table names it: 牵头, 配合, 牵头（各股室）…"""
    if unit in task.lead_units:
        return 0, LEAD
    if unit in task.co_units:
        return 1, CO
    lead = next((u for u in task.lead_units if is_collective(u)), None) if task.leads(unit) else None
    return (0, f"{LEAD}（{lead}）") if lead else (1, f"{CO}（{next(u for u in task.co_units if is_collective(u))}）")


def _form_row(plan: PlanTree, task: TaskNode, role: str, before: Period | None) -> FormRow:
    assert task.id is not None
    last = progress_line(task.latest_progress(before.end)) if before is not None else NO_PROGRESS
    return FormRow(task.id, task.version, task_label(plan, task), task.title, task.measures, task.deadline_text,
                   role, last)


def send_forms(db: Database, plan_id: int, period_key: str, folder: str | os.PathLike[str],
               units: Sequence[str] = ()) -> list[Path]:
    """Write each unit's table into `folder` (综合股-2021年上半年进展征集表.xlsx …); the paths written."""
    target = Path(folder)
    if not target.is_dir():
        raise UserError(f"文件夹“{target}”不存在")
    return [write_form(form, target / form.file_name) for form in forms(db, plan_id, period_key, units)]


# --- receive -----------------------------------------------------------------------------------------


def return_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The files named, and the spreadsheets in the folders named (Excel's ~$ lock files left out)."""
    found: list[Path] = []
    for given in map(Path, paths):
        if given.is_dir():
            found += sorted(p for p in given.iterdir() if p.suffix.lower() in RETURN_SUFFIXES
                            and not p.name.startswith("~$") and p.is_file())
        else:
            found.append(given)
    return found


def preview_return(db: Database, plan_id: int, path: str | os.PathLike[str],
                   period_key: str | None = None) -> ReturnPreview:
    """Read a returned table and judge every row, writing nothing. UserError (naming the file) when the
    file is not a table of this plan's units, of the period `period_key` when given."""
    wanted = plan_period(db, plan_id, period_key) if period_key is not None else None
    return _preview(db, load_plan(db, plan_id), Path(path), wanted)


def preview_returns(db: Database, plan_id: int, paths: Iterable[str | os.PathLike[str]],
                    period_key: str | None = None) -> tuple[list[ReturnPreview], list[str]]:
    """`preview_return` of each file named (folders: the spreadsheets in them), the plan read once; the
    files refused are said, one message each, and the others go on."""
    wanted = plan_period(db, plan_id, period_key) if period_key is not None else None
    plan = load_plan(db, plan_id)
    previews, problems = [], []
    for path in return_files(paths):
        try:
            previews.append(_preview(db, plan, path, wanted))
        except UserError as err:
            problems.append(str(err))
    return previews, problems


def _preview(db: Database, plan: PlanTree, path: Path, wanted: Period | None) -> ReturnPreview:
    assert plan.id is not None
    plan_id, table = plan.id, read_return(path)
    unit, period = _whose(table, plan)
    if wanted is not None and period.key != wanted.key:
        raise UserError(f"“{table.file_name}”是{period.label}的征集表，不是本次接收的{wanted.label}")
    verdicts = _judge(table, plan, unit, _period_returns(db, plan_id, period.key))
    digest = return_digest(unit, period.key, table.filled_on,
                           ((v.task_id, v.label, v.fill, v.author) for v in verdicts))
    with db.reader() as s:
        before = s.scalar(select(CollectionReturnRow.received_at).where(
            CollectionReturnRow.plan_id == plan_id, CollectionReturnRow.digest == digest))
    day = min(table.filled_on, period.end) if table.filled_on and table.filled_on.year == plan.year else period.end
    return ReturnPreview(table.file_name, plan_id, unit, period, day, table.filled_on, digest, before, tuple(verdicts))


def _whose(table: ReturnedTable, plan: PlanTree) -> tuple[str, Period]:
    """The unit and period a table was sent for: from its hidden sheet, else from its title lines."""
    name, meta = table.file_name, table.meta
    if meta is not None:
        if not meta.intact:
            raise UserError(f"“{name}”的隐藏征集信息被改动过（校验码不符），无法确认其股室和报告期，请重新发出征集表")
        if meta.plan_id != plan.id:
            raise UserError(f"“{name}”是另一份工作要点的征集表，不属于{plan.year}年工作要点")
        unit_name, period = meta.unit, next((p for p in plan.reporting_periods() if p.key == meta.period_key), None)
    else:
        unit_name = table.unit_line
        labelled = [p for p in plan.reporting_periods() if p.label in table.title]
        period = max(labelled, key=lambda p: len(p.label), default=None)
    if period is None:
        raise UserError(f"“{name}”的报告期不是{plan.year}年工作要点的报告期（标题：{table.title or '无'}）")
    known = {unit_key(u): u for u in _unit_names(plan)}
    unit = known.get(unit_key(unit_name)) if unit_name else None
    if unit is None:
        raise UserError(f"“{name}”的填报单位“{unit_name or '未填写'}”不是{plan.year}年工作要点中的股室")
    return unit, period


def _unit_names(plan: PlanTree) -> list[str]:
    return [u.name for u in plan.units] + [u for t in plan.walk() for u in (*t.lead_units, *t.co_units)]


@dataclass(frozen=True, slots=True)
class _Returned:
    """An update already received in this period's returns."""

    task_id: int
    unit: str
    fill: tuple[str, int | None, str, str, str]


def _period_returns(db: Database, plan_id: int, period_key: str) -> list[_Returned]:
    with db.reader() as s:
        rows = s.execute(select(ProgressRow.task_id, ProgressRow.unit_name, ProgressRow.text, ProgressRow.percent,
                                ProgressRow.status, ProgressRow.problems, ProgressRow.next_steps)
                         .join(CollectionReturnRow, CollectionReturnRow.id == ProgressRow.return_id)
                         .where(CollectionReturnRow.plan_id == plan_id, CollectionReturnRow.period == period_key))
        return [_Returned(t, u, (text, pct, status or "", problems, steps))
                for t, u, text, pct, status, problems, steps in rows]


def _judge(table: ReturnedTable, plan: PlanTree, unit: str, returned: list[_Returned]) -> list[RowVerdict]:
    tasks = {t.id: t for t in plan.walk()}
    seen: dict[int, int] = {}
    verdicts = []
    for row in table.rows:
        task, reason = _match(row, table, tasks, plan)
        if task is not None and task.id in seen:
            task, reason = None, f"与第 {seen[task.id]} 行是同一项任务"
        if task is None:
            verdicts.append(RowVerdict(row.line, RowKind.UNMATCHED, label=_row_label(row), reason=reason))
            continue
        assert task.id is not None
        seen[task.id] = row.line
        verdicts.append(_verdict(row, task_label(plan, task), task, table, unit, returned))
    return verdicts


def _row_label(row: FilledRow) -> str:
    return " ".join(part for part in (row.number, row.title) if part) or f"第 {row.line} 行"


def _match(row: FilledRow, table: ReturnedTable, tasks: dict[int | None, TaskNode],
           plan: PlanTree) -> tuple[TaskNode | None, str]:
    """The task a row reports on: by its hidden id, else by 任务编号 and title; else why not."""
    if row.task_id is not None and table.meta is not None:
        if row.task_id not in table.meta.versions:
            return None, "不是发给本股室的任务"
        if row.task_id not in tasks:
            return None, "该任务已从工作要点中删除"
        return tasks[row.task_id], ""
    title = _plain(row.title)
    by_both = [t for t in plan.walk() if task_label(plan, t) == row.number and _plain(t.title) == title]
    by_title = [t for t in plan.walk() if title and _plain(t.title) == title]
    found = by_both or (by_title if len(by_title) == 1 else [])
    if found:
        return found[0], ""
    return None, f"未找到任务编号“{row.number or '空'}”、名称“{row.title or '空'}”的任务（可能是新增的行）"


def _plain(text: str) -> str:
    return "".join(clean_text(text).split())


def _verdict(row: FilledRow, number: str, task: TaskNode, table: ReturnedTable, unit: str,
             returned: list[_Returned]) -> RowVerdict:
    assert task.id is not None
    label = f"{number} {task.title}"
    if row.is_blank:
        return RowVerdict(row.line, RowKind.BLANK, task.id, label)
    try:
        fill = read_fill(row)
    except ValueError as err:
        return RowVerdict(row.line, RowKind.UNMATCHED, task.id, label, reason=f"第 {row.line} 行：{err}")
    kind, reason = _kind_of(fill, task, table, unit, [r for r in returned if r.task_id == task.id])
    return RowVerdict(row.line, kind, task.id, label, fill, row.author or _first_author(table), reason)


def _kind_of(fill: Fill, task: TaskNode, table: ReturnedTable, unit: str,
             returned: list[_Returned]) -> tuple[RowKind, str]:
    own = [r for r in returned if r.unit == unit]
    if any(r.fill[:2] == fill.key()[:2] and r.fill[3:] == fill.key()[3:]
           and (not fill.status or r.fill[2] == fill.status.value) for r in own):
        return RowKind.SAME, ""
    others = sorted({r.unit for r in returned if r.unit != unit})
    if others:
        return RowKind.CONFLICT, f"本期已由{'、'.join(others)}报送该任务的进展"
    sent = table.meta.versions.get(task.id or 0) if table.meta else None
    if not own and sent is not None and sent != task.version:
        return RowKind.CONFLICT, "征集表发出后该任务已被修改（状态、进度或进展有变动）"
    return RowKind.NEW, ""


def _first_author(table: ReturnedTable) -> str:
    return next((r.author for r in table.rows if r.author), "")


@dataclass(frozen=True, slots=True)
class Received:
    """What receiving one file recorded."""

    preview: ReturnPreview
    recorded: int
    changes: Changes
    received_before: dt.datetime | None = None

    @property
    def message(self) -> str:
        p = self.preview
        if p.is_empty:
            return f"{p.file_name}：没有填写任何进展，未登记为已报送"
        if self.received_before is not None:
            return f"{p.file_name}：该表已于 {local_minute(self.received_before)} 接收过，未新增内容"
        return f"{p.file_name}：已记录{p.unit} {self.recorded} 项任务的进展（日期 {p.day.isoformat()}）"


def receive_return(db: Database, preview: ReturnPreview, accepted: Iterable[int] | None = None) -> Received:
    """Record the rows of `accepted` (sheet lines; default: the new ones) in one transaction, and the
    return in the register. A table received before with nothing more ticked records nothing; one whose
    conflicts are ticked later adds those rows to its entry."""
    lines = preview.default_accepted() if accepted is None else frozenset(accepted)
    chosen = [r for r in preview.rows if r.line in lines and r.recordable]
    if preview.is_empty:
        return Received(preview, 0, Changes())
    with db.session() as s:
        entry = s.scalar(select(CollectionReturnRow).where(
            CollectionReturnRow.plan_id == preview.plan_id, CollectionReturnRow.digest == preview.digest))
        if entry is not None and not chosen:
            return Received(preview, 0, Changes(), entry.received_at)
        if entry is None:
            entry = _register_entry(preview)
            s.add(entry)
            s.flush()
        entry.rows += len(chosen)
        for row in chosen:
            assert row.fill is not None and row.task_id is not None
            record_update(s, row.task_id, date=preview.day, text=row.fill.text, percent=row.fill.percent,
                          unit=preview.unit, author=row.author, status=row.fill.status, problems=row.fill.problems,
                          next_steps=row.fill.next_steps, return_id=entry.id)
        audit.record(s, action="create", entity="collection", entity_id=entry.id, plan_id=preview.plan_id,
                     field=preview.period.key, new=f"{preview.unit}：{preview.file_name}（{len(chosen)} 项）")
        return Received(preview, len(chosen), tasks_changed(*{r.task_id for r in chosen if r.task_id}, progress=True))


def _register_entry(preview: ReturnPreview) -> CollectionReturnRow:
    return CollectionReturnRow(plan_id=preview.plan_id, period=preview.period.key, unit_name=preview.unit,
                               file_name=preview.file_name[:500], filled_on=preview.filled_on,
                               filled_by=next((r.author for r in preview.rows if r.author), "")[:100],
                               rows=0, digest=preview.digest)


# --- register ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnitReturns:
    """A unit's returns of one period: none (未报送), or when the latest came, rows recorded, files."""

    unit: str
    received_at: dt.datetime | None
    rows: int
    files: int
    filled_by: str = ""

    @property
    def returned(self) -> bool:
        return self.files > 0


def returned_units(db: Database, plan_id: int, period: Period) -> set[str]:
    """The units that returned a table for `period` (the register's 已报送 ones, without making the forms)."""
    with db.reader() as s:
        return set(s.scalars(select(CollectionReturnRow.unit_name).distinct().where(
            CollectionReturnRow.plan_id == plan_id, CollectionReturnRow.period == period.key)))


def register(db: Database, plan_id: int, period_key: str) -> list[UnitReturns]:
    """Every unit the period's tables go to, and any other unit that returned one, in the plan's order."""
    period = plan_period(db, plan_id, period_key)
    expected = [f.unit for f in forms(db, plan_id, period.key)]
    with db.reader() as s:
        rows = list(s.scalars(select(CollectionReturnRow).where(
            CollectionReturnRow.plan_id == plan_id, CollectionReturnRow.period == period.key)
            .order_by(CollectionReturnRow.received_at, CollectionReturnRow.id)))
    units = list(dict.fromkeys([*expected, *(r.unit_name for r in rows)]))
    result = []
    for unit in units:
        mine = [r for r in rows if r.unit_name == unit]
        last = mine[-1] if mine else None
        result.append(UnitReturns(unit, last.received_at if last else None, sum(r.rows for r in mine), len(mine),
                                  last.filled_by if last else ""))
    return result
