"""延期 from the detail panel: the dialog's answer goes through the door, the panel lists the history, the
tree shows the new deadline, and undo puts the original back (in the database too)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ecodesk.domain.deadlines import Deadline
from ecodesk.gui.extension_dialog import ExtensionDialog, ExtensionRequest
from ecodesk.gui.main_window import MainWindow
from tests.gui.conftest import stored
from tests.gui.helpers import add, new_plan

REQUEST = ExtensionRequest(Deadline(dt.date(2021, 9, 30), "9月底前"), "上级资金尚未下达", dt.date(2021, 6, 20))


def test_extend_from_the_panel_then_undo(window: MainWindow, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan_id = new_plan(window)
    task = add(window, "完成农村生活污水治理")
    detail = window.detail
    assert not detail.extend_button.isEnabled()  # nothing dated to extend yet
    detail.wording_edit.setText("6月底前")
    detail.wording_edit.editingFinished.emit()
    assert detail.extend_button.isEnabled() and detail.record_label.isHidden()
    monkeypatch.setattr(ExtensionDialog, "ask", staticmethod(lambda _parent, _task, _today: REQUEST))

    detail.extend_button.click()

    [saved] = stored(db_path, plan_id).tasks
    assert saved.deadline_shown == "原定6月底前，经批准延期至9月底前"
    assert window.model.index_of(task.id, 4).data() == "9月底前"
    assert detail.wording_edit.text() == "9月底前"
    assert detail.record_label.text() == "延期：2021年6月20日批准，由“6月底前”延期至“9月底前”：上级资金尚未下达"
    assert window.ws.undo_stack.undoText() == "延期“完成农村生活污水治理”"

    window.ws.undo_stack.undo()

    [saved] = stored(db_path, plan_id).tasks
    assert (saved.deadline, saved.extensions) == (Deadline(dt.date(2021, 6, 30), "6月底前"), [])
    assert detail.wording_edit.text() == "6月底前" and detail.record_label.isHidden()
    window.ws.undo_stack.redo()
    assert stored(db_path, plan_id).tasks[0].deadline_shown == "原定6月底前，经批准延期至9月底前"
