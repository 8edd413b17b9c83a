"""督办 from the window on the 新建 sample with a year of updates: the 导出 menu issues the 本期's 督办通知单
through the door, the 催办记录 tab lists them (filterable by unit), and the 督查通报 of the 本期 is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from PySide6.QtGui import QAction

from ecodesk.domain.urging import Level
from ecodesk.gui import file_dialogs, urgings
from ecodesk.gui.export_done import CLOSE, ExportDoneBox
from ecodesk.gui.main_window import MainWindow
from ecodesk.store.db import Database
from tests.gui.conftest import Messages, make_window
from tests.year_of_updates import ReportedYear

EARLY_JULY = dt.date(2021, 7, 3)  # 上半年 is over: the window shows it, as of 6-30


@pytest.fixture
def window(qtbot: object, db: Database, db_path: Path, reported_year: ReportedYear,
           messages: Messages) -> Iterator[MainWindow]:
    db.close()  # the window holds its own connection
    win = make_window(qtbot, db_path, EARLY_JULY)
    yield win
    win.ws.db.close()


def menu_action(window: MainWindow, label: str) -> QAction:
    window.files.export_menu.aboutToShow.emit()
    return next(a for a in window.files.export_menu.actions() if a.text() == label)


def test_notices_from_the_menu_fill_the_log_tab(window: MainWindow, reported_year: ReportedYear, tmp_path: Path,
                                                 messages: Messages, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "督办"
    folder.mkdir()
    monkeypatch.setattr(file_dialogs, "folder_name", lambda *_a, **_k: str(folder))
    monkeypatch.setattr(ExportDoneBox, "ask", lambda *_a: CLOSE)
    window.tabs.setCurrentWidget(window.urgings)
    tab = window.urgings
    assert tab.tree.topLevelItemCount() == 0 and tab.heading.text().startswith("还没有发出督办通知单")
    menu_action(window, urgings.NOTICES_LABEL).trigger()
    assert messages.texts("question")[0].startswith("将按截至2021年6月30日的序时进度")
    files = sorted(folder.iterdir())
    assert files and tab.tree.topLevelItemCount() == len(files)  # refreshed by the write's Changes(urgings)
    first = tab.tree.topLevelItem(tab.tree.topLevelItemCount() - 1)  # newest first: 第1号 last
    assert (first.text(0), first.text(1), first.text(3)) == ("督办〔2021〕第1号", "2021-06-30", Level.BLUE.slip_name)
    assert first.childCount() == int(first.text(4)) >= 1
    unit = first.text(2)
    tab.unit_box.setCurrentIndex(tab.unit_box.findText(unit))
    assert [tab.tree.topLevelItem(i).text(2) for i in range(tab.tree.topLevelItemCount())] == [unit]
    tab.unit_box.setCurrentIndex(0)  # 全部股室
    window.tabs.setCurrentIndex(0)
    window.select_task(reported_year.behind[0])
    window.urgings_action.trigger()  # the task's right-click 催办记录
    assert window.tabs.currentWidget() is tab and tab.all_button.isVisible()
    [slip] = [tab.tree.topLevelItem(i) for i in range(tab.tree.topLevelItemCount())]
    assert slip.childCount() == 1 and tab.heading.text().endswith("已被督办 1 次")
    tab.all_button.click()
    assert tab.tree.topLevelItemCount() == len(files) and not tab.all_button.isVisible()


def test_bulletin_from_the_menu_is_of_the_period_shown(window: MainWindow, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "通报.docx"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *_a, **_k: (str(target), ""))
    monkeypatch.setattr(ExportDoneBox, "ask", lambda *_a: CLOSE)
    menu_action(window, urgings.BULLETIN_LABEL).trigger()
    text = [p.text for p in Document(str(target)).paragraphs]
    assert text[2] == "第2期" and "关于2021年上半年工作要点推进情况的通报" in "".join(text).replace("\n", "")
    assert any(p.startswith("截至2021年6月30日") for p in text)
