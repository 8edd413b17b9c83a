"""Server mode: opening a plan in the window and one edit cost few round trips to PostgreSQL, counted, not
timed (bench/server_trips_bench.py times them over a slow link). Each trip over a remote link costs the
clerk its latency, so a query too many per task, or a transaction too many per edit, is a wait the clerk
notices. Issue 14 aims at 10 to open and 3 per edit. Opening takes 10: the plan list and the plan in one
read transaction (the plan with its moved 报送截止, the units with their tasks, progress, dated status changes,
tasks, targets, every task's 附件), so stepping from task to task asks nothing. An edit takes 3: BEGIN, one
statement that updates the shown task at its version with its dated change and audit rows (store/guarded),
COMMIT; so does a progress update added to it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from ecodesk.domain.plan import ProgressEntry
from ecodesk.domain.status import Status
from ecodesk.domain.task_fields import TaskChanges
from ecodesk.gui.main_window import MainWindow
from ecodesk.gui.ops import Ops
from ecodesk.gui.progress_panel import ProgressDialog
from ecodesk.gui.workspace import Workspace
from ecodesk.services import plans, progress, tasks, units
from ecodesk.store.db import Database, open_database
from tests.gui.conftest import TODAY, Messages
from tests.round_trips import Trips
from tests.targets import fresh_pg_database, pg_server_url

pytestmark = pytest.mark.postgres

# BEGIN, the plan list, the plan's seven statements, ROLLBACK
OPEN_AIM = 10
# BEGIN, the UPDATE with the new change and the audit row, COMMIT: the task's fields, units, progress and dated
# changes are the shown task's (at the version the UPDATE checks), not read again
EDIT_AIM = 3


def seed(db: Database) -> None:
    """A plan of a chapter and four tasks, each with a lead and a co-unit and two progress reports: any
    query made once per task or per unit would show in the counts."""
    plan = plans.create_plan(db, year=2021, title="2021年工作要点", bureau="测试生态环境局")
    for name in ("综合股", "大气股", "水股"):
        units.add_unit(db, name, bureau="测试生态环境局")
    chapter = tasks.add_task(db, plan.id, title="一、大气污染防治")
    for n in range(4):
        task = tasks.add_task(db, plan.id, title=f"任务{n}", parent_id=chapter, lead=["综合股"], co=["大气股", "水股"])
        for month in (3, 5):
            progress.add_progress(db, task, date=dt.date(2021, month, 1), text=f"{month}月进展", percent=month * 10)


@pytest.fixture
def server_window(qtbot: object, messages: Messages) -> Iterator[tuple[MainWindow, Trips]]:
    with fresh_pg_database(pg_server_url()) as url:
        db = open_database(url)
        seed(db)
        window = MainWindow(Workspace(db, today=lambda: TODAY), Ops(synchronous=True))
        qtbot.addWidget(window)  # type: ignore[attr-defined]
        trips = Trips(db.engine)
        yield window, trips
        db.close()
    assert messages.shown == []


def test_opening_a_plan_takes_few_round_trips(server_window: tuple[MainWindow, Trips]) -> None:
    window, trips = server_window
    window.reload_plans()
    QApplication.processEvents()  # the reads deferred to the next turn (the first task's 附件) count too
    assert window.ws.tree is not None and len(list(window.ws.tree.walk())) == 5
    assert trips.total <= OPEN_AIM, trips.kinds()
    assert trips.kinds()["begins"] == 1  # the plan list and the plan (附件 lists included) in one read transaction


def test_stepping_through_tasks_asks_the_server_nothing(server_window: tuple[MainWindow, Trips]) -> None:
    """Each task's 附件 list came with the plan: the arrow keys through the tree cost no round trip."""
    window, trips = server_window
    window.reload_plans()
    QApplication.processEvents()
    trips.clear()
    for task in window.ws.tree.tasks[0].children:  # type: ignore[union-attr]
        window.select_task(task.id)
        QApplication.processEvents()  # the 附件 list is shown a turn after the selection settles
        assert window.current_task() is task and window.attach.task is task
    assert trips.total == 0, trips.kinds()


def test_one_edit_takes_few_round_trips(server_window: tuple[MainWindow, Trips]) -> None:
    window, trips = server_window
    window.reload_plans()
    task = window.ws.tree.tasks[0].children[2]  # type: ignore[union-attr]
    trips.clear()
    window.edit_task(task.id, TaskChanges.named(status=Status.DONE))  # type: ignore[arg-type]
    assert window.current_task() is task and task.status is Status.DONE  # the shown row has it
    assert len(task.progress) == 2 and task.co_units == ["大气股", "水股"]  # the fresh task is whole
    assert trips.total <= EDIT_AIM, trips.kinds()
    assert trips.kinds()["begins"] == 1 and trips.kinds()["commits"] == 1  # one transaction writes and reads


def test_a_progress_update_takes_as_few_as_an_edit(server_window: tuple[MainWindow, Trips],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """添加进展… on the shown task: the update, its dated change, its audit rows and the task's new standing go
    with the task's UPDATE, one statement."""
    window, trips = server_window
    window.reload_plans()
    task = window.ws.tree.tasks[0].children[1]  # type: ignore[union-attr]
    window.select_task(task.id)  # type: ignore[arg-type]
    entry = ProgressEntry(dt.date(2021, 6, 1), "六月完成验收", 100, "综合股")
    monkeypatch.setattr(ProgressDialog, "ask", staticmethod(lambda *_a, **_k: entry))
    trips.clear()
    window.progress_action.trigger()
    assert [p.text for p in task.progress] == ["3月进展", "5月进展", "六月完成验收"] and task.status is Status.DONE
    assert trips.total <= EDIT_AIM, trips.kinds()
    assert trips.kinds()["begins"] == 1 and trips.kinds()["commits"] == 1
