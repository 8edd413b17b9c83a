"""督办通知单 and the 催办 log: issue a run of slips as of a day, and read back what was sent.

Issuing is one transaction: the slips' rows are added to the log and the .docx files written while it is
open, so a file that cannot be written leaves no row behind, and a failed write or commit leaves no file of
the run (those already written are removed, and the folder when the run made it). Runs go forward in time: a run as
of a day on or before the last one's is refused, since the levels count the runs before it.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from ecodesk.domain.changes import URGINGS, Changes
from ecodesk.domain.deadlines import format_cn_date
from ecodesk.domain.errors import UserError, os_reason
from ecodesk.domain.numbering import task_label
from ecodesk.domain.plan import PlanTree
from ecodesk.domain.reporting import TaskMark, plan_marks
from ecodesk.domain.status import Status
from ecodesk.domain.units import is_collective, means_every_unit
from ecodesk.domain.urging import Candidate, Level, Slip, draft_slips, slip_code
from ecodesk.io.notice_docx import NoticeHeading, notice_file_name, write_notice
from ecodesk.io.plan_text import (
    bureau_name,
    effective_units,
    plan_heading,
    progress_line,
    unit_names,
    walk_with_parents,
)
from ecodesk.services import audit
from ecodesk.services.plans import load_plan
from ecodesk.services.rows import plan_missing, plan_row
from ecodesk.store.db import Database
from ecodesk.store.models import PlanRow, UnitRow, UrgingRow
from ecodesk.store.signin import session_login


@dataclass(frozen=True, slots=True)
class NoticeRun:
    """The slips one run issued, the files written (in the slips' order) and what it changed."""

    slips: list[Slip]
    paths: list[Path]
    changes: Changes = URGINGS


def candidates(tree: PlanTree, marks: dict[int, TaskMark]) -> Iterator[Candidate]:
    """Every stored leaf not cancelled, with its lead units (inherited from the nearest ancestor naming any;
    各股室 is every unit of the bureau; another group name, 相关业务股室, addresses no one and is left out)."""
    every = [u for u in unit_names(tree) if not is_collective(u)]
    for task, parents in walk_with_parents(tree):
        if task.children or task.id is None or task.status is Status.CANCELLED:
            continue
        lead, _co = effective_units(task, parents)
        units = dict.fromkeys(u for name in lead for u in (every if means_every_unit(name) else [name])
                              if not is_collective(u))
        yield Candidate(task.id, task_label(tree, task), task.title, task.deadline_shown, tuple(units), marks[task.id],
                        progress_line(task.latest_progress()))


def issue_notices(db: Database, plan_id: int, as_of: dt.date, folder: str | os.PathLike[str],
                  today: dt.date | None = None) -> NoticeRun:
    """One 督办通知单 per 股室 with its 红/黄 tasks as of `as_of`, written into `folder` and recorded in the
    催办 log; UserError (in Chinese) when no task is late, when the day is not after the last run's, is
    after `today` (default: the real today; a slip is dated the day it measures) or outside the plan's year."""
    if as_of > (today or dt.date.today()):
        raise UserError(f"督办截至日期 {as_of.isoformat()} 晚于今天：督办通知单只能按已经过去的日子发出")
    tree = load_plan(db, plan_id, as_of=as_of)
    if as_of.year != tree.year:
        raise UserError(f"督办截至日期 {as_of.isoformat()} 不在 {tree.year} 年内")
    marks = plan_marks(tree, as_of)
    heading = NoticeHeading(bureau_name(tree), plan_heading(tree), as_of)
    target, written = Path(folder), []
    made = not target.exists()
    try:
        with db.session() as s:
            # one run at a time: on a server the plan's row is held, so two clerks never number alike; held
            # FOR NO KEY UPDATE, which the check of a row that refers to the plan (a task added meanwhile) passes
            if s.get(PlanRow, plan_id, with_for_update={"key_share": True}) is None:
                raise plan_missing(plan_id)
            _check_after_last_run(s, plan_id, as_of)
            slips = draft_slips(candidates(tree, marks), unit_names(tree), _urged_before(s, plan_id),
                                year=tree.year, first_number=_last_number(s, plan_id) + 1, issued_on=as_of)
            if not slips:
                raise UserError(f"截至{format_cn_date(as_of)}，没有进度落后于序时进度（红灯、黄灯）的任务，"
                                "无需发督办通知单")
            _record(s, plan_id, slips)
            _write_all(slips, heading, target, written)
    except BaseException:  # a file not written or the commit failed: no file of the run is left behind
        _remove(written, target if made else None)
        raise
    return NoticeRun(slips, written)


def _check_after_last_run(s: Session, plan_id: int, as_of: dt.date) -> None:
    last = s.scalar(select(func.max(UrgingRow.issued_on)).where(UrgingRow.plan_id == plan_id))
    if last is not None and as_of <= last:
        raise UserError(f"已于{format_cn_date(last)}发出督办通知单；再次督办的截至日期须晚于该日"
                        f"（现为{format_cn_date(as_of)}），催办记录才能按蓝、橙、红逐次升级")


def _urged_before(s: Session, plan_id: int) -> dict[int, int]:
    """Per task, how many earlier runs (days) urged it."""
    rows = s.execute(select(UrgingRow.task_id, func.count(func.distinct(UrgingRow.issued_on)))
                     .where(UrgingRow.plan_id == plan_id).group_by(UrgingRow.task_id))
    return {task_id: count for task_id, count in rows}


def _last_number(s: Session, plan_id: int) -> int:
    return s.scalar(select(func.max(UrgingRow.number)).where(UrgingRow.plan_id == plan_id)) or 0


def _record(s: Session, plan_id: int, slips: list[Slip]) -> None:
    bureau = plan_row(s, plan_id).bureau_id
    unit_ids = {name: unit_id for name, unit_id in s.execute(select(UnitRow.name, UnitRow.id)
                                                              .where(UnitRow.bureau_id == bureau))}
    author = session_login(s)
    # one executemany (an ORM object a row takes seconds on a 10,000-task plan)
    s.execute(insert(UrgingRow), [
        {"plan_id": plan_id, "number": slip.number, "issued_on": slip.issued_on, "unit_id": unit_ids.get(slip.unit),
         "unit_name": slip.unit, "task_id": t.task_id, "task_label": t.label, "task_title": t.title,
         "level": int(t.level), "expected": t.expected, "actual": t.actual, "author": author}
        for slip in slips for t in slip.tasks])
    for slip in slips:
        audit.record(s, action="create", entity="urging", entity_id=slip.number, plan_id=plan_id,
                     field=slip.issued_on.isoformat(), new=f"{slip.code}（{slip.level.slip_name}）{slip.unit}："
                                                          f"{len(slip.tasks)} 项")
    s.flush()


def _write_all(slips: list[Slip], heading: NoticeHeading, folder: Path, written: list[Path]) -> None:
    """Write every slip into `folder` (made if missing), adding each file written to `written`."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UserError(f"无法建立文件夹“{folder}”（{os_reason(err)}），督办通知单未发出") from None
    for slip in slips:
        written.append(write_notice(slip, heading, folder / notice_file_name(slip)))


def _remove(written: list[Path], made: Path | None) -> None:
    """Take back the files of a failed run, and the folder it made when nothing else is in it."""
    for path in written:
        path.unlink(missing_ok=True)
    if made is not None and made.is_dir() and not any(made.iterdir()):
        made.rmdir()


# -- the log ----------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class LoggedTask:
    task_id: int
    label: str
    title: str
    level: Level


@dataclass(frozen=True, slots=True)
class LoggedSlip:
    """A slip as the 催办 log lists it."""

    number: int
    code: str
    issued_on: dt.date
    unit: str
    level: Level
    tasks: tuple[LoggedTask, ...]


def urging_log(db: Database, plan_id: int, *, unit: str | None = None, task_id: int | None = None) -> list[LoggedSlip]:
    """The plan's slips, newest first; only those to `unit`, or those listing `task_id` (then with that task
    alone), when given. On a server a 股室 clerk sees its own unit's slips only (row-level security)."""
    query = select(UrgingRow).where(UrgingRow.plan_id == plan_id).order_by(UrgingRow.number.desc(), UrgingRow.id)
    if unit is not None:
        query = query.where(UrgingRow.unit_name == unit)
    if task_id is not None:
        query = query.where(UrgingRow.task_id == task_id)
    with db.reader() as s:
        year = plan_row(s, plan_id).year
        rows = list(s.scalars(query))
    slips: dict[int, list[UrgingRow]] = {}
    for row in rows:
        slips.setdefault(row.number, []).append(row)
    return [_logged(year, mine) for mine in slips.values()]


def _logged(year: int, rows: list[UrgingRow]) -> LoggedSlip:
    first = rows[0]
    tasks = tuple(LoggedTask(r.task_id, r.task_label, r.task_title, Level(r.level)) for r in rows)
    return LoggedSlip(first.number, slip_code(year, first.number), first.issued_on, first.unit_name,
                      max(t.level for t in tasks), tasks)
