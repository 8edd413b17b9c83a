"""帮助 ▸ 使用说明 shows the bundled guide; 帮助 ▸ 打开示例计划 opens the sample in a temporary database."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMainWindow

from ecodesk.gui.help_menu import SAMPLE_TITLE, GuideDialog
from ecodesk.gui.main_window import MainWindow
from ecodesk.services.plans import list_plans
from tests.gui.helpers import add, new_plan


def help_action(window: MainWindow, text: str) -> object:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "帮助(&H)")
    return next(a for a in menu.actions() if a.text() == text)


def test_guide_is_built_in_and_shown(window: MainWindow) -> None:
    help_action(window, "使用说明").trigger()  # type: ignore[attr-defined]
    guide = window.findChild(GuideDialog)
    assert guide is not None and guide.isVisible()
    text = guide.text.toPlainText()
    assert "EcoDesk 使用说明" in text and "添加进展" in text and "打开示例计划" in text


def test_sample_plan_opens_apart_from_the_clerks_database(window: MainWindow, db_path: Path) -> None:
    new_plan(window, 2021)
    add(window, "本局自己的任务")
    before = db_path.stat().st_mtime_ns
    help_action(window, "打开示例计划").trigger()  # type: ignore[attr-defined]
    sample = next(w for w in window.findChildren(QMainWindow) if w is not window)
    assert isinstance(sample, MainWindow) and sample.isVisible()
    assert sample.windowTitle().startswith(SAMPLE_TITLE)
    assert sample.ws.tree is not None and sample.ws.tree.bureau == "南昌市新建生态环境局"
    assert len(list(sample.ws.tree.walk())) > 40
    folder = sample.ws.db.path.parent  # type: ignore[union-attr]
    assert folder != db_path.parent and db_path.parent not in folder.parents
    sample.add_task()  # the clerk tries things in the sample…
    assert [p.year for p in list_plans(window.ws.db)] == [2021]  # …their own database is untouched
    assert db_path.stat().st_mtime_ns == before
    QSettings().setValue("last_plan_year", 2021)
    sample.close()
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, 0)  # the deferred delete, which removes the folder
    assert not folder.exists()
    assert str(QSettings().value("last_plan_year")) == "2021"
