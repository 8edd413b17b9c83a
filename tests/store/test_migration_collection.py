"""Revision 0005_collection on a database made by EcoDesk at revision 0004 (data/made-by-0004.sqlite: the 新建
sample imported, one update by 综合股 on 一（一）1.): the update keeps its text and its dated change and gets
empty 存在问题 and 下步打算, the register starts empty, and a returned table is then recorded into it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ecodesk.services import collection, plans
from tests.collect.returns import fill
from tests.store.old_databases import upgraded_copy


def test_an_old_database_takes_returns_after_the_upgrade(tmp_path: Path) -> None:
    with upgraded_copy(tmp_path, "0004") as db:
        [info] = plans.list_plans(db)
        [reported] = [t for t in plans.load_plan(db, info.id).walk() if t.progress]
        [entry] = reported.progress
        assert (entry.text, entry.unit, entry.problems, entry.next_steps) == ("一季度已召开部署会。", "综合股", "", "")
        # its dated change is still there (a rebuilt progress_updates would have cascaded it away)
        assert [(c.effective, c.standing.percent, c.progress_id) for c in reported.history] == [
            (dt.date(2021, 3, 20), 20, entry.id)]
        assert collection.register(db, info.id, "2021-H1")[0].files == 0
        [sent] = collection.send_forms(db, info.id, "2021-H1", tmp_path, ["综合股"])
        preview = collection.preview_return(db, info.id, fill(sent, {0: ("规划已报审。", 80, None)}, problems="待批复"))
        assert collection.receive_return(db, preview).recorded == 1
        task = next(t for t in plans.load_plan(db, info.id).walk() if t.id == preview.rows[0].task_id)
        assert [(p.text, p.problems) for p in task.progress] == [("一季度已召开部署会。", ""),
                                                                  ("规划已报审。", "待批复")]
