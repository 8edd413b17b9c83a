"""Every field of a plan goes into a real SQLite file and comes back unchanged."""

import datetime as dt

from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.plan import ProgressEntry, Target, TaskNode
from ecodesk.domain.status import Status
from ecodesk.domain.task_fields import TaskChanges
from ecodesk.services import audit, plans, progress, tasks, units
from ecodesk.store.db import open_database
from tests.targets import signed_in_name


def test_every_field_survives_reopening(db, db_path) -> None:
    info = plans.create_plan(db, year=2021, title="2021年工作要点", bureau="南昌市新建生态环境局")
    units.add_unit(db, "综合股", short_name="综合")
    units.add_unit(db, "生态股")
    units.add_unit(db, "执法分局")
    plans.set_targets(db, info.id, [Target("PM2.5 年均浓度 34 微克/立方米以下", "环境空气"), Target("优良天数 90%")])
    chapter = tasks.add_task(db, info.id, title="深入打好污染防治攻坚战")
    task_id = tasks.add_task(
        db, info.id, parent_id=chapter, title="推进大气污染防治", measures="开展 VOCs 治理。\n加强扬尘管控。",
        lead=["综合股", "执法分局"], co=["生态股"], deadline=Deadline(dt.date(2021, 6, 30), "6月底前"), notes="重点",
    )
    tasks.update_task(db, task_id, TaskChanges.named(percent=40, status=Status.IN_PROGRESS), date=dt.date(2021, 4, 1))
    progress.add_progress(db, task_id, date=dt.date(2021, 5, 10), text="已完成方案编制", percent=60, unit="综合股")
    db.close()

    reopened = open_database(str(db_path))
    tree = plans.load_plan(reopened, info.id)
    assert (tree.year, tree.title, tree.bureau) == (2021, "2021年工作要点", "南昌市新建生态环境局")
    assert [(t.text, t.category) for t in tree.targets] == [
        ("PM2.5 年均浓度 34 微克/立方米以下", "环境空气"), ("优良天数 90%", ""),
    ]
    assert [(u.name, u.short_name, u.active) for u in tree.units] == [
        ("综合股", "综合", True), ("生态股", "", True), ("执法分局", "", True),
    ]
    node = tree.find((1, 1))
    assert node.number == "（一）"
    assert node.title == "推进大气污染防治"
    assert node.measures == "开展 VOCs 治理。\n加强扬尘管控。"
    assert node.lead_units == ["综合股", "执法分局"]
    assert node.co_units == ["生态股"]
    assert node.deadline == Deadline(dt.date(2021, 6, 30), "6月底前")
    assert node.notes == "重点"
    assert node.status is Status.IN_PROGRESS
    assert node.percent == 60
    [entry] = node.progress
    assert (entry.date, entry.text, entry.percent, entry.unit, entry.author) == (
        dt.date(2021, 5, 10), "已完成方案编制", 60, "综合股", signed_in_name(reopened),
    )
    assert entry.created_at is not None
    changes = [(e.action, e.field, e.old, e.new) for e in audit.history(reopened, entity="task", entity_id=task_id)]
    assert ("update", "percent", "0", "40") in changes
    assert ("update", "status", "未开始", "推进中") in changes
    assert ("update", "percent", "40", "60") in changes
    assert all(e.who == signed_in_name(reopened) for e in audit.history(reopened, entity="task", entity_id=task_id))


def test_progress_moves_status_and_percent(db) -> None:
    info = plans.create_plan(db, year=2022)
    task_id = tasks.add_task(db, info.id, title="任务")
    progress.add_progress(db, task_id, date=dt.date(2022, 3, 1), text="启动", percent=10)
    assert tasks.get_task(db, task_id).status is Status.IN_PROGRESS
    progress.add_progress(db, task_id, date=dt.date(2022, 9, 1), text="完成", percent=100)
    node = tasks.get_task(db, task_id)
    assert (node.status, node.percent) == (Status.DONE, 100)
    history = progress.list_progress(db, task_id)
    assert [(p.text, p.status) for p in history] == [("完成", Status.DONE), ("启动", Status.IN_PROGRESS)]
    assert node.latest_progress(as_of=dt.date(2022, 6, 30)).text == "启动"


def test_a_saved_plan_keeps_its_progress_updates(db, db_path) -> None:
    """save_plan stores each task's dated updates along with the task, as it stores every other field."""
    saved = plans.load_plan(db, plans.create_plan(db, year=2021).id)
    saved.year = 2022
    saved.tasks = [TaskNode("大气污染防治", children=[TaskNode("PM2.5 治理", progress=[
        ProgressEntry(dt.date(2022, 3, 1), "已部署", 20, "大气股", "张三"),
        ProgressEntry(dt.date(2022, 5, 1), "完成一半", 50, status=Status.IN_PROGRESS)])])]
    info = plans.save_plan(db, saved)
    db.close()
    [chapter] = plans.load_plan(open_database(str(db_path)), info.id).tasks
    assert [(e.date, e.text, e.percent, e.unit, e.author, e.status) for e in chapter.children[0].progress] == [
        (dt.date(2022, 3, 1), "已部署", 20, "大气股", "张三", None),
        (dt.date(2022, 5, 1), "完成一半", 50, "", "", Status.IN_PROGRESS),
    ]
