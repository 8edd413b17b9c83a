"""A deleted task comes back (undo of 删除任务, 恢复已删除任务) with its 延期 and its 跨年 link back, and a
2021 task deleted and restored is again the one its 2022 copy links back to."""

from __future__ import annotations

import datetime as dt

from ecodesk.domain.deadlines import Deadline
from ecodesk.services import extensions, plans, tasks, tree
from ecodesk.services.rollover import roll_over
from ecodesk.store.db import Database


def test_a_restored_task_keeps_its_extensions_and_link_back(db: Database) -> None:
    plan = plans.create_plan(db, year=2021, bureau="新建生态环境局")
    june = Deadline(dt.date(2021, 6, 30), "6月底前")
    task_id = tasks.add_task(db, plan.id, title="完成农村生活污水治理", deadline=june)
    extensions.extend_deadline(db, task_id, Deadline(dt.date(2021, 9, 30), "9月底前"), "资金未到位",
                               approved_on=dt.date(2021, 6, 20))
    new = roll_over(db, plans.list_plans(db)[0], 2022).plan
    [carried] = plans.load_plan(db, new.id).tasks
    assert carried.id is not None

    for gone in (task_id, carried.id):
        tree.restore_task(db, tree.delete_task(db, gone))

    [back] = plans.load_plan(db, plan.id).tasks
    assert back.deadline_shown == "原定6月底前，经批准延期至9月底前"
    assert [(e.reason, e.approved_on) for e in back.extensions] == [("资金未到位", dt.date(2021, 6, 20))]
    [again] = plans.load_plan(db, new.id).tasks
    assert again.carried is not None and (again.carried.label, again.carried.task_id) == (
        "跨年任务，来自2021年 一、", task_id)
