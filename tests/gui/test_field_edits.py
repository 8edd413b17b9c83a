"""Every task field, taken from its one definition (ecodesk.domain.task_fields), edited in the window: saved
at once, named by its label in the undo menu and the 修改记录 dialog, and undone to the value before."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecodesk.gui.audit_view import AuditDialog
from ecodesk.gui.main_window import MainWindow
from ecodesk.services.units import add_unit
from tests.field_edits import EDITS, FieldEdit
from tests.gui.conftest import stored
from tests.gui.helpers import add, new_plan


@pytest.mark.parametrize("edit", EDITS, ids=[edit.field.name for edit in EDITS])
def test_each_field_is_saved_labelled_and_undone(window: MainWindow, db_path: Path, edit: FieldEdit) -> None:
    plan_id = new_plan(window)
    add_unit(window.ws.db, "生态股")
    task = add(window, "原任务")
    assert task.id is not None
    before = edit.field.of(task)

    window.edit_task(task.id, edit.field.to(edit.typed))

    [saved] = stored(db_path, plan_id).tasks
    assert edit.field.of(saved) == edit.stored
    assert window.undo_action.text() == f"撤销 {edit.field.edit_text}"
    dialog = AuditDialog(window.ws, saved, window)
    last = dialog.table.rowCount() - 1
    assert [dialog.table.item(last, column).text() for column in (3, 5)] == [edit.field.label, edit.audited]

    window.undo_action.trigger()

    [undone] = stored(db_path, plan_id).tasks
    assert edit.field.of(undone) == before
