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


def test_a_rollover_draft_is_adopted_in_plan_properties(window: MainWindow, db_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """新建下一年度计划 makes a 草案; 计划属性… offers its mark to clear (定稿), undoably; an adopted plan is
    not offered the mark at all."""
    from ecodesk.services.rollover import roll_over

    source = create_plan(window.ws.db, year=2021, bureau="南昌市新建生态环境局")
    draft = roll_over(window.ws.db, source, 2022).plan
    window.reload_plans(draft.id)
    assert window.plan_box.currentText().endswith("（草案）")
    offered: list[bool] = []

    def clerk(dialog: PlanDialog) -> PlanFields:
        offered.append(dialog.draft_box.isVisibleTo(dialog))
        dialog.draft_box.setChecked(False)
        return dialog.fields()

    monkeypatch.setattr(PlanDialog, "ask", clerk)
    window.files.plan_properties()
    assert offered == [True] and not stored(db_path, draft.id).draft
    assert not window.plan_box.currentText().endswith("（草案）")
    assert window.undo_action.text() == "撤销 计划定稿"
    window.ws.undo_stack.undo()
    assert stored(db_path, draft.id).draft and window.plan_box.currentText().endswith("（草案）")
    window.ws.undo_stack.redo()
    window.reload_plans(source.id)
    window.files.plan_properties()  # an adopted plan: the mark is not offered, nothing changes
    assert offered == [True, False] and not stored(db_path, source.id).draft
