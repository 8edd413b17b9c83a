"""Writes that are not undone step by step (a plan created, a document imported or replacing a plan, a backup
restored, a deleted task put back) pass the same door as edits: `Workspace.perform` (or `execute`).

Each says what it changed; one that replaces which plans exist drops the undo history, whose commands name rows
that are gone, and a failure is told once, leaving the window on what the database holds.
"""

from __future__ import annotations

from pathlib import Path

from ecodesk.domain.changes import Changes
from ecodesk.gui.audit_view import DeletedTasksDialog
from ecodesk.gui.backup_dialog import BackupDialog
from ecodesk.gui.main_window import MainWindow
from ecodesk.services.plans import list_plans
from tests.conftest import SAMPLES
from tests.gui.conftest import Messages, stored
from tests.gui.helpers import add, new_plan, select

SAMPLE = SAMPLES / "dalian-2021-gongzuoyaodian.txt"


def _plans_announced(window: MainWindow) -> list[int | None]:
    seen: list[int | None] = []
    window.ws.plans_changed.connect(seen.append)
    return seen


def test_a_new_plan_is_created_through_the_door_and_shown(window: MainWindow, messages: Messages) -> None:
    new_plan(window, 2021)
    add(window, "大气污染防治")
    assert window.ws.undo_stack.count() >= 1
    announced = _plans_announced(window)
    window.files._create_plan(2022)
    created = next(p for p in list_plans(window.ws.db) if p.year == 2022)
    assert announced == [created.id] and window.ws.plan_id == created.id
    assert window.plan_box.currentText().startswith("2022年")
    assert window.ws.undo_stack.count() == 0  # 2021's edits are not undone from the 2022 plan


def test_a_refused_plan_is_told_once_and_changes_nothing(window: MainWindow, messages: Messages) -> None:
    plan_id = new_plan(window, 2021)
    announced = _plans_announced(window)
    window.files._create_plan(2021)
    assert messages.texts("warning") == ["2021 年的工作要点已存在"]
    assert announced == [] and window.ws.plan_id == plan_id and len(list_plans(window.ws.db)) == 1


def test_an_import_replacing_the_shown_plan_runs_as_slow_work_and_drops_its_undo_history(
        window: MainWindow, messages: Messages) -> None:
    new_plan(window, 2021)
    add(window, "临时任务")
    slow: list[str] = []
    run_slow = window.ws.run_slow
    assert run_slow is not None
    window.ws.run_slow = lambda label, *rest: (slow.append(label), run_slow(label, *rest))  # type: ignore[func-returns-value]
    window.files.run_import(SAMPLE)
    assert slow == [f"正在导入“{SAMPLE.name}”…"]
    tree = window.ws.tree
    assert tree is not None and tree.year == 2021 and "临时任务" not in {t.title for t in tree.walk()}
    assert sum(1 for _ in tree.walk()) == 26  # the 大连 plan as imported
    assert window.ws.undo_stack.count() == 0
    assert "替换" in messages.texts("question")[0]
    assert [title for kind, title, _text in messages.shown if kind == "information"] == ["导入完成"]


def test_a_restored_backup_reloads_everything_and_drops_the_undo_history(started: MainWindow, db_path: Path,
                                                                        messages: Messages) -> None:
    dialog = BackupDialog(started.ws, started.parts())
    dialog.backup_now()
    add(started, "水污染防治")
    assert started.ws.undo_stack.count() >= 1
    refreshed: list[Changes] = []
    started.ws.changed.connect(lambda _focus, changes: refreshed.append(changes))
    dialog.table.selectRow(0)
    dialog.restore_selected()
    assert [t.title for t in started.ws.tree.walk()] == ["大气污染防治"]  # type: ignore[union-attr]
    assert started.ws.undo_stack.count() == 0 and refreshed and refreshed[-1].reloads_plan


def test_a_deleted_task_put_back_can_be_undone(window: MainWindow, db_path: Path) -> None:
    plan_id = new_plan(window)
    add(window, "大气污染防治")
    add(window, "水污染防治")
    select(window, "大气污染防治")
    window.delete_current()
    DeletedTasksDialog(window.ws, window).restore_selected()
    assert [t.title for t in stored(db_path, plan_id).walk()] == ["大气污染防治", "水污染防治"]
    assert window.ws.undo_stack.undoText() == "恢复任务“大气污染防治”"
    window.ws.undo_stack.undo()
    assert [t.title for t in stored(db_path, plan_id).walk()] == ["水污染防治"]
    window.ws.undo_stack.redo()
    assert [t.title for t in window.ws.tree.walk()] == ["大气污染防治", "水污染防治"]  # type: ignore[union-attr]
