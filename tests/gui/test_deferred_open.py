"""Start-up from the read-only snapshot: the window shows the plan first, the database opens right after.

Nothing may be written before the database is open; whatever needs it first opens it, and a database that
cannot be opened is still explained in Chinese. Files the snapshot cannot serve take the ordinary open.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.errors import UserError
from ecodesk.domain.status import Status
from ecodesk.domain.task_fields import TaskChanges
from ecodesk.gui.app import build_window
from ecodesk.gui.main_window import MainWindow
from ecodesk.resources_util import ICON_SIZES
from ecodesk.services import plans, progress, tasks, units
from ecodesk.services.progress import list_progress
from ecodesk.store.db import open_database
from ecodesk.store.migrate import SCHEMA_HEAD, current_revision
from tests.gui.conftest import Messages, stored
from tests.gui.helpers import select
from tests.store.test_migrations import make_old_database

REPO = Path(__file__).resolve().parents[2]


def make_plans(db_path: Path, *, empty_2022: bool = True) -> int:
    """A 2021 plan with units, a deadline and two progress entries, and an empty 2022 plan."""
    db = open_database(str(db_path))
    info = plans.create_plan(db, year=2021, title="2021年工作要点")
    units.add_unit(db, "综合股")
    units.add_unit(db, "大气股")
    chapter = tasks.add_task(db, info.id, title="大气污染防治")
    leaf = tasks.add_task(db, info.id, parent_id=chapter, title="PM2.5 治理", lead=["大气股"], co=["综合股"],
                          deadline=Deadline(dt.date(2021, 6, 30), "6月底前"))
    progress.add_progress(db, leaf, date=dt.date(2021, 3, 1), text="已部署", percent=20)
    progress.add_progress(db, leaf, date=dt.date(2021, 5, 1), text="已完成一半", percent=50)
    if empty_2022:
        plans.create_plan(db, year=2022)
    db.close()
    return info.id


@pytest.fixture
def started(qtbot: object, db_path: Path, messages: Messages) -> Iterator[MainWindow]:
    """The window as `ecodesk` starts it on an up-to-date file, last closed on the 2021 plan."""
    make_plans(db_path)
    QSettings().setValue("last_plan_year", 2021)
    window = build_window(str(db_path))
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    yield window
    if window.ws.is_open:
        window.ws.db.close()


def test_the_window_starts_from_the_snapshot_showing_the_remembered_plan(started: MainWindow) -> None:
    ws = started.ws
    assert not ws.is_open
    assert ws.tree is not None and ws.tree.year == 2021
    assert [(t.number, t.title) for t in ws.tree.walk()] == [("一、", "大气污染防治"), ("（一）", "PM2.5 治理")]
    assert started.model.rowCount() == 1 and started.plan_box.count() == 2
    assert started.plan_box.currentText().startswith("2021年")
    assert started.db_label.text() == f"数据库：{Path(ws.display_name).name}"  # the whole path in its tooltip
    assert started.db_label.toolTip() == f"数据库：{ws.display_name}"
    select(started, "PM2.5 治理")
    assert [started.progress.list.item(i).text().splitlines()[1] for i in range(started.progress.list.count())] \
        == ["已完成一半", "已部署"]
    assert not ws.is_open  # showing a plan and its progress needs no database


def test_the_database_opens_after_the_first_paint(started: MainWindow, qtbot: object) -> None:
    QApplication.setWindowIcon(QIcon())
    started.show()
    qtbot.waitUntil(lambda: started.ws.is_open, timeout=5000)  # type: ignore[attr-defined]
    # with the application icon, in every size drawn for it (title bar, taskbar, 关于 box)
    assert sorted(s.width() for s in QApplication.windowIcon().availableSizes()) == list(ICON_SIZES)
    # and then the window reads the database as usual: the progress panel lists what the service lists
    task = select(started, "PM2.5 治理")
    assert task.id is not None
    assert started.ws.progress_of(task) == list_progress(started.ws.db, task.id)
    assert started.ws.plans() == plans.list_plans(started.ws.db)


def test_an_edit_before_the_database_is_open_reaches_the_database(started: MainWindow, db_path: Path) -> None:
    assert not started.ws.is_open
    task = select(started, "PM2.5 治理")
    version = task.version  # the shown node is brought up to date in place by the edit
    started.edit_task(task.id, TaskChanges.named(status=Status.DONE))  # type: ignore[arg-type]
    assert started.ws.is_open
    plan_id = started.ws.plan_id
    assert plan_id is not None
    [_, leaf] = list(stored(db_path, plan_id).walk())
    assert (leaf.title, leaf.status, leaf.version) == ("PM2.5 治理", Status.DONE, version + 1)
    assert started.ws.tree is not None and list(started.ws.tree.walk())[1].status is Status.DONE
    started.ws.undo_stack.undo()
    assert list(stored(db_path, plan_id).walk())[1].status is not Status.DONE


def test_switching_plan_before_the_database_is_open_loads_it(started: MainWindow) -> None:
    index = next(i for i in range(started.plan_box.count()) if started.plan_box.itemText(i).startswith("2022"))
    started.plan_box.setCurrentIndex(index)
    started.plan_box.activated.emit(index)
    assert started.ws.is_open and started.ws.tree is not None and started.ws.tree.year == 2022


def test_a_database_that_cannot_be_opened_after_the_snapshot_is_explained(
        qtbot: object, db_path: Path, messages: Messages, monkeypatch: pytest.MonkeyPatch) -> None:
    make_plans(db_path)

    def refuse(_target: str | None = None) -> None:
        raise UserError("数据库文件被其他程序锁定")

    monkeypatch.setattr("ecodesk.store.db.open_database", refuse)
    exits: list[int] = []
    monkeypatch.setattr("ecodesk.gui.app.QCoreApplication.exit", lambda code=0: exits.append(code))
    window = build_window(str(db_path))
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.show()
    qtbot.waitUntil(lambda: bool(exits), timeout=5000)  # type: ignore[attr-defined]
    assert exits == [2]
    assert messages.shown == [("critical", "无法打开数据库", "数据库文件被其他程序锁定")]
    assert not window.isVisible() and not window.ws.is_open


def test_an_older_schema_takes_the_ordinary_open_and_is_upgraded(qtbot: object, db_path: Path,
                                                                   messages: Messages) -> None:
    make_old_database(db_path, "0001")
    window = build_window(str(db_path))
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    assert window.ws.is_open and current_revision(window.ws.db.engine) == SCHEMA_HEAD
    window.ws.db.close()


def test_a_newer_schema_is_refused_before_any_window(db_path: Path, messages: Messages) -> None:
    make_plans(db_path)
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(UserError, match="更新版本"):
        build_window(str(db_path))  # refused before any window, as before (run() shows it)


def test_a_new_file_takes_the_ordinary_open(qtbot: object, tmp_path: Path, messages: Messages) -> None:
    window = build_window(str(tmp_path / "new.sqlite"))
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    assert window.ws.is_open and window.ws.tree is None
    window.ws.db.close()


CHILD = """
import sys
from PySide6.QtCore import QTimer
from ecodesk.gui.app import build_window, create_application
app = create_application()
window = build_window(sys.argv[1])
window.show()
print("shown", "sqlalchemy" in sys.modules, window.ws.is_open, sum(1 for _ in window.ws.tree.walk()))
def wait():
    if window.ws.is_open:
        print("opened", "sqlalchemy" in sys.modules, window.ws.db.path)
        app.quit()
    else:
        QTimer.singleShot(20, wait)
QTimer.singleShot(0, wait)
app.exec()
"""


def test_a_real_start_shows_the_plan_before_loading_sqlalchemy(tmp_path: Path, db_path: Path) -> None:
    make_plans(db_path, empty_2022=False)
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path),
           "HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", CHILD, str(db_path)], env=env, capture_output=True, text=True,
                         check=True, timeout=120).stdout.splitlines()
    assert out == ["shown False False 2", f"opened True {db_path.resolve()}"]
