"""年度滚动 of the 新建 sample after a year of updates (tests/year_of_updates.py), on SQLite and PostgreSQL:
the draft's tasks are the ones left unfinished, linked back, their deadlines in the new year; the 2021 plan's
rows are the same before and after; a year that has a plan is replaced only when the clerk says so."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.errors import UserError
from ecodesk.domain.numbering import task_label
from ecodesk.domain.plan import Target
from ecodesk.domain.rollover import Carry
from ecodesk.domain.status import Status
from ecodesk.domain.task_fields import DEADLINE
from ecodesk.services import extensions, plans, tasks
from ecodesk.services.plans import list_plans, load_plan
from ecodesk.services.rollover import plan_of_year, roll_over
from ecodesk.store.db import Database
from ecodesk.store.models import AuditRow, Base
from tests.year_of_updates import ReportedYear


def rows_of(db: Database) -> dict[str, set[tuple[object, ...]]]:
    """Every row of every table but the audit log, to prove which ones a rollover left as they were."""
    with db.reader() as s:
        return {t.name: {tuple(r) for r in s.execute(select(t))} for t in Base.metadata.sorted_tables
                if t.name != AuditRow.__tablename__}


def _dated(db: Database, year: ReportedYear) -> tuple[int, int, int]:
    """Deadlines on three unfinished tasks: one extended (6月底前 → 9月底前), one 长期坚持, one “2021年底前”."""
    extended, lasting, year_end = year.behind[0], year.silent[0], year.behind[1]
    june = tasks.update_task(db, extended, DEADLINE.to(Deadline(dt.date(2021, 6, 30), "6月底前")))
    extensions.extend_deadline(db, extended, Deadline(dt.date(2021, 9, 30), "9月底前"), "资金未到位",
                               expected_version=june.version)
    tasks.update_task(db, lasting, DEADLINE.to(Deadline(None, "长期坚持")))
    tasks.update_task(db, year_end, DEADLINE.to(Deadline(dt.date(2021, 12, 31), "2021年底前")))
    return extended, lasting, year_end


def test_the_unfinished_tasks_carry_into_a_draft_and_the_old_plan_is_untouched(
        db: Database, reported_year: ReportedYear) -> None:
    extended, lasting, year_end = _dated(db, reported_year)
    plans.set_targets(db, reported_year.plan_id, [Target("2021年PM2.5浓度不高于30微克", "环境空气")])
    old = load_plan(db, reported_year.plan_id)
    before = rows_of(db)
    [source] = list_plans(db)

    done = roll_over(db, source, 2022)

    after = rows_of(db)
    assert all(before[table] <= after[table] for table in before), "a row of the 2021 plan changed or went"
    assert after["units"] == before["units"]
    new = load_plan(db, done.plan.id)
    assert (new.year, new.draft, new.bureau) == (2022, True, old.bureau)
    assert new.title == old.title.replace("2021年", "2022年") and "2022年" in new.title
    assert new.preamble == old.preamble.replace("2021年", "2022年")
    assert [(t.text, t.category) for t in new.targets] == [("2022年PM2.5浓度不高于30微克", "环境空气")]
    carried = {t.carried.task_id: t for t in new.leaves() if t.carried is not None}
    assert set(carried) == set(reported_year.behind) | set(reported_year.silent)
    assert all(t.carried is not None for t in new.walk())
    old_tasks = {t.id: t for t in old.walk()}
    for from_id, task in carried.items():
        was = old_tasks[from_id]
        assert task.carried is not None and task.carried.label == f"跨年任务，来自2021年 {task_label(old, was)}"
        assert (task.title, task.lead_units, task.status, task.percent) == (was.title, was.lead_units, was.status,
                                                                             was.percent)
        assert task.progress == [] and task.extensions == []
    assert carried[extended].deadline == Deadline(dt.date(2022, 9, 30), "9月底前")
    assert carried[lasting].deadline == Deadline(None, "长期坚持")
    assert carried[year_end].deadline == Deadline(dt.date(2022, 12, 31), "2022年底前")
    assert carried[reported_year.behind[2]].status is Status.IN_PROGRESS
    assert done.summary_lines() == [f"已由 2021 年工作要点新建 2022 年工作要点（草案）“{new.title}”，"
                                    f"转入跨年任务 {len(carried)} 项"]


def test_carry_modes_and_a_year_that_has_a_plan_replaced_only_when_asked(db: Database,
                                                                         reported_year: ReportedYear) -> None:
    [source] = list_plans(db)
    old = load_plan(db, source.id)
    first = roll_over(db, source, 2022, carry=Carry.NONE)
    empty = load_plan(db, first.plan.id)
    assert empty.tasks == [] and empty.preamble == old.preamble.replace("2021年", "2022年")
    with pytest.raises(UserError, match="2022 年的工作要点已存在；如要用 2021 年的计划新建并替换它，请加 --replace"):
        roll_over(db, source, 2022)
    assert plan_of_year(db, source, 2022) == first.plan
    again = roll_over(db, source, 2022, carry=Carry.ALL, replace=True)
    assert again.replaced == first.plan
    assert [p.year for p in list_plans(db)] == [2022, 2021]
    new = load_plan(db, again.plan.id)
    assert [(t.title, t.path) for t in new.walk()] == [(t.title, t.path) for t in old.walk()]
    finished = [t for t in new.leaves() if t.carried and t.carried.task_id in reported_year.on_pace]
    assert finished and all((t.status, t.percent) == (Status.NOT_STARTED, 0) for t in finished)
    with pytest.raises(UserError, match="新年度应不同于 2021 年"):
        roll_over(db, source, 2021)
