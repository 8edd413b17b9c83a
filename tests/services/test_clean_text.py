"""What the window's editors hand to the services is stored without control characters (\\x0b pasted
from Word, \\x00 that PostgreSQL refuses), whichever field the clerk typed it in."""

import datetime as dt

from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.plan import Target
from ecodesk.domain.task_fields import TaskChanges
from ecodesk.services import plans, progress, tasks, units


def test_edits_store_clean_text(db) -> None:
    info = plans.create_plan(db, year=2021, title="2021年\x00工作要点", bureau="某县\x0b生态环境局")
    unit = units.add_unit(db, "综合\x0b股", short_name="综\x01合")
    task_id = tasks.add_task(db, info.id, title="任务\x0b一", measures="措施\x00", notes="备\x1f注",
                             deadline=Deadline(None, "年底\x0b前"), lead=["综合股"])
    tasks.update_task(db, task_id, TaskChanges.named(title="加强\x0b监测", measures="一\x0b二\r\n三", notes="\x07注",
                                                     deadline=Deadline(dt.date(2021, 6, 30), "6月底\x0c前")))
    progress.add_progress(db, task_id, date=dt.date(2021, 5, 1), text="完成\x0b方案", unit="综合\x0b股")
    plans.set_targets(db, info.id, [Target("PM2.5\x0b浓度下降", "环境\x0b空气")])
    units.rename_unit(db, unit.id, "综合法规股", short_name="综\x02法")

    tree = plans.load_plan(db, info.id)
    [task] = tree.tasks
    assert (tree.title, tree.bureau) == ("2021年工作要点", "某县生态环境局")
    assert (task.title, task.measures, task.notes, task.deadline.text) == ("加强监测", "一二\n三", "注", "6月底前")
    assert (task.progress[0].text, task.progress[0].unit) == ("完成方案", "综合法规股")
    assert [(t.text, t.category) for t in tree.targets] == [("PM2.5浓度下降", "环境空气")]
    assert [(u.name, u.short_name) for u in tree.units] == [("综合法规股", "综法")]
