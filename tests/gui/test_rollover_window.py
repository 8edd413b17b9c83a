"""文件 ▸ 新建下一年度计划…: the draft of 2022 is made through the door and shown, its carried task links back in
the detail panel, and a second rollover into 2022 asks first and, told no, replaces nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.rollover import Carry
from ecodesk.domain.status import Status
from ecodesk.domain.task_fields import STATUS
from ecodesk.gui.main_window import MainWindow
from ecodesk.gui.rollover_dialog import RolloverChoice, RolloverDialog
from ecodesk.services import plans, tasks
from tests.gui.conftest import Messages, stored
from tests.gui.helpers import select


def _year_2021(window: MainWindow) -> int:
    db = window.ws.db
    plan = plans.create_plan(db, year=2021, bureau="新建生态环境局")
    done = tasks.add_task(db, plan.id, title="已完成的任务")
    tasks.update_task(db, done, STATUS.to(Status.DONE), date=dt.date(2021, 5, 1))
    tasks.add_task(db, plan.id, title="完成农村生活污水治理", deadline=Deadline(dt.date(2021, 6, 30), "6月底前"))
    window.reload_plans(plan.id)
    return plan.id


def test_next_year_plan_from_the_file_menu(window: MainWindow, db_path: Path, messages: Messages,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    old_id = _year_2021(window)
    monkeypatch.setattr(RolloverDialog, "ask", staticmethod(lambda _p, _s: RolloverChoice(2022, Carry.UNFINISHED)))
    menu = next(a for a in window.menuBar().actions() if a.text().startswith("文件")).menu()
    next(a for a in menu.actions() if a.text() == "新建下一年度计划…").trigger()

    assert window.ws.plan_id != old_id and window.ws.tree is not None and window.ws.tree.year == 2022
    assert window.plan_box.currentText() == "2022年  新建生态环境局2022年生态环境工作要点（草案）"
    assert messages.texts("information") == [
        "已由 2021 年工作要点新建 2022 年工作要点（草案）“新建生态环境局2022年生态环境工作要点”，转入跨年任务 1 项"]
    select(window, "完成农村生活污水治理")
    assert window.detail.record_label.text() == "跨年任务，来自2021年 二、"
    assert window.detail.wording_edit.text() == "6月底前"
    assert window.model.index_of(window.current_task().id, 4).data() == "6月底前"  # type: ignore[union-attr]

    messages.answer = QMessageBox.StandardButton.No
    window.files.next_year_plan()
    [question] = messages.texts("question")
    assert question.startswith("数据库中已有 2022 年的工作要点。")
    assert [p.year for p in plans.list_plans(window.ws.db)] == [2022, 2021]
    assert [t.title for t in stored(db_path, window.ws.plan_id).walk()] == ["完成农村生活污水治理"]
