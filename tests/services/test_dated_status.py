"""Dated status and percent: every change recorded with its day, the plan read as of any day, and undo
(of an edit, a progress update, a deletion) leaving the history exactly as it was."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from ecodesk.domain.errors import UserError
from ecodesk.domain.history import Standing
from ecodesk.domain.plan import PlanTree, ProgressEntry, TaskNode
from ecodesk.domain.status import Status
from ecodesk.domain.task_fields import TaskChanges
from ecodesk.services import audit, plans, progress, tasks, tree
from ecodesk.store.db import Database
from ecodesk.store.models import StatusChangeRow

D = dt.date


def a_year(db: Database) -> tuple[int, int, int]:
    """A chapter with two tasks: one reported through the year and finished in November, one edited by
    the clerk with dates, entered out of order."""
    plan = plans.create_plan(db, year=2021, bureau="南昌市新建生态环境局")
    chapter = tasks.add_task(db, plan.id, title="污染防治")
    air = tasks.add_task(db, plan.id, parent_id=chapter, title="大气")
    water = tasks.add_task(db, plan.id, parent_id=chapter, title="水")
    progress.add_progress(db, air, date=D(2021, 2, 10), text="已部署", percent=20)
    progress.add_progress(db, air, date=D(2021, 5, 31), text="过半", percent=60)
    progress.add_progress(db, air, date=D(2021, 11, 20), text="已验收", percent=100)
    progress.add_progress(db, air, date=D(2021, 8, 1), text="补录八月", percent=80)  # entered late, dated earlier
    tasks.update_task(db, water, TaskChanges.named(status=Status.IN_PROGRESS, percent=30), date=D(2021, 4, 1))
    tasks.update_task(db, water, TaskChanges.named(status=Status.CANCELLED), date=D(2021, 10, 1))
    return plan.id, air, water


def standings(tree_: PlanTree) -> list[tuple[str, Status, int]]:
    return [(t.title, t.status, t.percent) for t in tree_.walk()]


def test_status_and_percent_as_of_a_date_across_a_year(db: Database) -> None:
    plan_id, _air, _water = a_year(db)
    assert standings(plans.load_plan(db, plan_id, as_of=D(2021, 1, 31))) == [
        ("污染防治", Status.NOT_STARTED, 0), ("大气", Status.NOT_STARTED, 0), ("水", Status.NOT_STARTED, 0)]
    assert standings(plans.load_plan(db, plan_id, as_of=D(2021, 6, 30))) == [
        ("污染防治", Status.IN_PROGRESS, 45), ("大气", Status.IN_PROGRESS, 60), ("水", Status.IN_PROGRESS, 30)]
    assert standings(plans.load_plan(db, plan_id, as_of=D(2021, 9, 30))) == [
        ("污染防治", Status.IN_PROGRESS, 55), ("大气", Status.IN_PROGRESS, 80), ("水", Status.IN_PROGRESS, 30)]
    # 水 cancelled in October counts no more: the parent is done when its only counted child is
    assert standings(plans.load_plan(db, plan_id, as_of=D(2021, 12, 31))) == [
        ("污染防治", Status.DONE, 100), ("大气", Status.DONE, 100), ("水", Status.CANCELLED, 30)]
    june = plans.load_plan(db, plan_id, as_of=D(2021, 6, 30))
    assert [p.text for p in june.find((1, 1)).progress] == ["已部署", "过半"]
    assert june.as_of == D(2021, 6, 30)


def test_the_stored_standing_is_the_latest_dated_one(db: Database) -> None:
    plan_id, air, water = a_year(db)
    latest = plans.load_plan(db, plan_id)
    assert standings(latest)[1:] == [("大气", Status.DONE, 100), ("水", Status.CANCELLED, 30)]
    assert latest.find((1,)).status is Status.NOT_STARTED  # without a day, a parent is as the clerk set it
    assert latest.as_of is None
    assert [c.standing for c in tasks.get_task(db, air).history] == [
        Standing(Status.IN_PROGRESS, 20), Standing(Status.IN_PROGRESS, 60), Standing(Status.DONE, 100),
        Standing(Status.IN_PROGRESS, 80)]
    assert [c.effective for c in tasks.get_task(db, water).history] == [D(2021, 4, 1), D(2021, 10, 1)]


def test_a_back_dated_update_implies_its_status_from_that_day(db: Database) -> None:
    plan = plans.create_plan(db, year=2021)
    task = tasks.add_task(db, plan.id, title="甲")
    progress.add_progress(db, task, date=D(2021, 9, 1), text="完成", percent=100)
    progress.add_progress(db, task, date=D(2021, 3, 1), text="三月的", percent=10)
    node = tasks.get_task(db, task)
    assert (node.status, node.percent) == (Status.DONE, 100)  # September stays the latest
    assert [c.standing for c in node.history] == [Standing(Status.DONE, 100), Standing(Status.IN_PROGRESS, 10)]


def change_count(db: Database) -> int:
    with db.reader() as s:
        return len(s.scalars(select(StatusChangeRow)).all())


def test_undo_of_an_edit_leaves_no_dated_change(db: Database) -> None:
    _plan_id, _air, water = a_year(db)
    before, count = tasks.get_task(db, water), change_count(db)
    edit = TaskChanges.named(status=Status.DONE, percent=100, title="水污染防治")
    edited = tasks.update_task(db, water, edit, date=D(2021, 12, 1))
    assert (edited.status, edited.percent, change_count(db)) == (Status.DONE, 100, count + 1)
    undone = tasks.undo_update(db, water, edit.current(before), expected_version=edited.version)
    assert (undone.title, undone.status, undone.percent) == ("水", Status.CANCELLED, 30)
    assert undone.history == before.history and change_count(db) == count
    title_only = tasks.update_task(db, water, TaskChanges.named(title="水体"))
    tasks.undo_update(db, water, TaskChanges.named(title="水"), expected_version=title_only.version)
    assert tasks.get_task(db, water).history == before.history  # an edit without status took none back


def test_deleting_an_update_takes_back_its_change(db: Database) -> None:
    _plan_id, air, _water = a_year(db)
    entry = progress.add_progress(db, air, date=D(2021, 12, 20), text="复核", status=Status.IN_PROGRESS)
    assert tasks.get_task(db, air).status is Status.IN_PROGRESS
    progress.delete_progress(db, entry.id)
    node = tasks.get_task(db, air)
    assert (node.status, node.percent, len(node.history)) == (Status.DONE, 100, 4)


def test_a_deleted_subtree_comes_back_with_its_history(db: Database) -> None:
    plan_id, _air, _water = a_year(db)
    chapter = plans.load_plan(db, plan_id).tasks[0]
    before = plans.load_plan(db, plan_id, as_of=D(2021, 6, 30))
    snapshot = tree.delete_task(db, chapter.id)  # type: ignore[arg-type]
    assert change_count(db) == 0
    tree.restore_task(db, snapshot)
    after = plans.load_plan(db, plan_id, as_of=D(2021, 6, 30))

    def shown(tree_: PlanTree) -> list[tuple[object, ...]]:
        return [(t.id, t.title, t.status, t.percent, t.progress, t.history) for t in tree_.walk()]
    assert shown(after) == shown(before) and change_count(db) == 6


def test_an_import_dates_statuses_by_its_progress(db: Database) -> None:
    done = TaskNode(title="已完成的", status=Status.DONE, percent=100,
                    progress=[ProgressEntry(D(2021, 3, 1), "启动", percent=20),
                              ProgressEntry(D(2021, 11, 5), "完成验收")])
    undated = TaskNode(title="无进展的", status=Status.IN_PROGRESS, percent=50)
    info = plans.save_plan(db, PlanTree(2021, "2021年工作要点", "某局", tasks=[done, undated]))
    june = plans.load_plan(db, info.id, as_of=D(2021, 6, 30))
    assert standings(june) == [("已完成的", Status.IN_PROGRESS, 20), ("无进展的", Status.NOT_STARTED, 0)]
    year_end = plans.load_plan(db, info.id, as_of=D(2021, 12, 31))
    assert standings(year_end) == [("已完成的", Status.DONE, 100), ("无进展的", Status.IN_PROGRESS, 50)]
    assert standings(plans.load_plan(db, info.id)) == standings(year_end)


def test_a_date_outside_the_plan_year_is_refused_and_nothing_changes(db: Database) -> None:
    _plan_id, _air, water = a_year(db)
    before = tasks.get_task(db, water)
    with pytest.raises(UserError, match="2022-01-03 不在 2021 年内"):
        tasks.update_task(db, water, TaskChanges.named(status=Status.DONE, title="改"), date=D(2022, 1, 3))
    assert tasks.get_task(db, water) == before


def test_a_back_dated_change_is_audited_though_the_current_standing_stays(db: Database) -> None:
    _plan_id, air, _water = a_year(db)
    before = len(audit.history(db, entity="task", entity_id=air))
    tasks.update_task(db, air, TaskChanges.named(percent=50), date=D(2021, 5, 1))
    [entry] = audit.history(db, entity="task", entity_id=air)[before:]
    assert (entry.field, entry.new) == ("dated_standing", "2021-05-01起 推进中 50%")
    assert tasks.get_task(db, air).percent == 100
