"""新建年度计划 asks year, bureau and title; 文件 ▸ 计划属性… changes title and bureau undoably (issue 18)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from ecodesk.gui.main_window import MainWindow
from ecodesk.gui.plan_dialog import PlanDialog, PlanFields
from ecodesk.services.plans import create_plan, list_plans
from tests.gui.conftest import Messages, stored


def test_new_plan_offers_the_last_bureau_and_a_title_that_follows(window: MainWindow,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    create_plan(window.ws.db, year=2020, bureau="南昌市新建生态环境局")
    window.reload_plans()
    offered: list[PlanFields] = []

    def clerk(dialog: PlanDialog) -> PlanFields:
        offered.append(dialog.fields())
        dialog.year_spin.setValue(2022)  # the proposed title follows the year…
        following = dialog.fields().title
        dialog.bureau_edit.setText("新建区生态环境局")
        dialog.title_edit.setText("新建区2022年工作要点")  # …until the clerk writes one
        dialog.year_spin.setValue(2023)
        assert following == "南昌市新建生态环境局2022年生态环境工作要点"
        return dialog.fields()

    monkeypatch.setattr(PlanDialog, "ask", clerk)
    window.files.new_plan()
    assert offered == [PlanFields(2021, "南昌市新建生态环境局", "南昌市新建生态环境局2021年生态环境工作要点")]
    newest = list_plans(window.ws.db)[0]
    assert (newest.year, newest.bureau, newest.title) == (2023, "新建区生态环境局", "新建区2022年工作要点")
    assert window.ws.tree is not None and window.ws.tree.id == newest.id


def test_plan_properties_change_title_and_bureau_undoably(window: MainWindow, db_path: Path,
                                                          messages: Messages,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    info = create_plan(window.ws.db, year=2021)
    window.reload_plans(info.id)
    monkeypatch.setattr(PlanDialog, "ask", lambda dialog: replace(
        dialog.fields(), bureau="南昌市新建生态环境局", title="南昌市新建生态环境局2021年工作要点"))
    window.files.plan_properties()
    saved = stored(db_path, info.id)
    assert (saved.bureau, saved.title) == ("南昌市新建生态环境局", "南昌市新建生态环境局2021年工作要点")
    assert window.plan_box.currentText() == "2021年  南昌市新建生态环境局2021年工作要点"
    assert window.windowTitle().startswith("南昌市新建生态环境局2021年工作要点")
    assert window.undo_action.text() == "撤销 修改计划属性"
    window.ws.undo_stack.undo()
    saved = stored(db_path, info.id)
    assert (saved.bureau, saved.title) == ("本局", "本局2021年生态环境工作要点")
    assert window.plan_box.currentText() == "2021年  本局2021年生态环境工作要点"
    monkeypatch.setattr(PlanDialog, "ask", lambda dialog: replace(dialog.fields(), title=""))
    window.files.plan_properties()
    assert messages.texts("warning") == ["计划标题不能为空"]
