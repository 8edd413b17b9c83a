"""Undo and redo in the window keep the dated history exact: an undone status edit or progress report
leaves no dated change behind, a redone one records it again, and a deleted subtree comes back with it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ecodesk.domain.plan import ProgressEntry
from ecodesk.domain.status import Status
from ecodesk.domain.task_fields import TaskChanges
from ecodesk.gui import commands
from ecodesk.gui.main_window import MainWindow
from ecodesk.services import plans
from tests.gui.conftest import stored
from tests.gui.helpers import add, new_plan, select

JUNE = dt.date(2021, 6, 30)


def history(db_path: Path, plan_id: int) -> list[tuple[str, list[tuple[dt.date, Status, int]]]]:
    return [(t.title, [(c.effective, c.standing.status, c.standing.percent) for c in t.history])
            for t in stored(db_path, plan_id).walk()]


def test_undo_takes_back_exactly_the_dated_change(window: MainWindow, db_path: Path) -> None:
    plan_id = new_plan(window)
    add(window, "大气污染防治")
    task = select(window, "大气污染防治")
    report = ProgressEntry(date=dt.date(2021, 5, 10), text="已部署", percent=30, unit="")
    window.ws.execute(commands.AddProgress(window.ws, task, report))
    after_report = history(db_path, plan_id)
    task = select(window, "大气污染防治")
    window.ws.execute(commands.EditTask(window.ws, task, TaskChanges.named(status=Status.DONE, percent=100),
                                        date=dt.date(2021, 9, 1)))
    assert history(db_path, plan_id)[0][1][-1] == (dt.date(2021, 9, 1), Status.DONE, 100)
    window.ws.undo_stack.undo()
    assert history(db_path, plan_id) == after_report
    shown = select(window, "大气污染防治")
    assert (shown.status, shown.percent) == (Status.IN_PROGRESS, 30)
    window.ws.undo_stack.undo()  # the report: its change goes with it
    assert history(db_path, plan_id) == [("大气污染防治", [])]
    window.ws.undo_stack.redo()
    window.ws.undo_stack.redo()
    assert [c[:2] for c in history(db_path, plan_id)[0][1]] == [(dt.date(2021, 5, 10), Status.IN_PROGRESS),
                                                                (dt.date(2021, 9, 1), Status.DONE)]
    june = plans.load_plan(window.ws.db, plan_id, as_of=JUNE)
    assert [(t.status, t.percent) for t in june.walk()] == [(Status.IN_PROGRESS, 30)]


def test_a_deleted_task_comes_back_with_its_history(window: MainWindow, db_path: Path) -> None:
    plan_id = new_plan(window)
    add(window, "水污染防治")
    task = select(window, "水污染防治")
    window.ws.execute(commands.AddProgress(window.ws, task, ProgressEntry(dt.date(2021, 3, 1), "排查", 40)))
    before = history(db_path, plan_id)
    window.ws.execute(commands.DeleteTask(window.ws, select(window, "水污染防治"), then_select=None))
    assert history(db_path, plan_id) == []
    window.ws.undo_stack.undo()
    assert history(db_path, plan_id) == before
