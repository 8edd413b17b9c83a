"""Revision 0009_extensions on a database made by EcoDesk at revision 0005 (data/made-by-0005.sqlite: the 新建
sample imported, one update by 综合股 on 一（一）1.): every task keeps its deadline and dated history, the plan
is no draft, and a 延期 and a rollover are then recorded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.task_fields import DEADLINE
from ecodesk.services import extensions, plans, rollover, tasks
from tests.store.old_databases import upgraded_copy


def test_an_old_database_takes_extensions_and_a_rollover_after_the_upgrade(tmp_path: Path) -> None:
    with upgraded_copy(tmp_path, "0005") as db:
        [info] = plans.list_plans(db)
        assert not info.draft
        tree = plans.load_plan(db, info.id)
        [reported] = [t for t in tree.walk() if t.progress]
        assert [c.standing.percent for c in reported.history] == [20]  # no rebuilt table cascaded it away
        assert all(t.extensions == [] and t.carried is None for t in tree.walk())
        tasks.update_task(db, reported.id, DEADLINE.to(Deadline(dt.date(2021, 6, 30), "6月底前")))
        task = extensions.extend_deadline(db, reported.id, Deadline(dt.date(2021, 9, 30), "9月底前"), "资金未到位")
        assert task.deadline_shown == "原定6月底前，经批准延期至9月底前"
        new = plans.load_plan(db, rollover.roll_over(db, info, 2022).plan.id)
        assert new.draft and any(t.carried and t.carried.task_id == reported.id for t in new.walk())
