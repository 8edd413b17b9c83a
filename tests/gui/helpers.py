"""Driving the window as a clerk would: pick tasks, type, press buttons."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QAbstractItemDelegate, QApplication

from ecodesk.domain.plan import TaskNode
from ecodesk.domain.task_fields import TaskChanges
from ecodesk.gui.conflict_dialog import KEEP_MINE, ConflictDialog
from ecodesk.gui.main_window import MainWindow
from ecodesk.services.plans import create_plan
from ecodesk.services.tasks import update_task
from ecodesk.services.units import add_unit, list_units
from ecodesk.store.db import open_database

UNITS = ["综合股", "大气股", "水生态股", "执法大队"]


def new_plan(window: MainWindow, year: int = 2021) -> int:
    """A plan with the four units, opened in the window."""
    info = create_plan(window.ws.db, year=year)
    known = {u.name for u in list_units(window.ws.db)}
    for name in UNITS:
        if name not in known:
            add_unit(window.ws.db, name)
    window.reload_plans(info.id)
    return info.id


def close_editor(window: MainWindow) -> None:
    """Leave the inline editor the add actions open, without committing it."""
    editor = QApplication.focusWidget()
    if window.tree.state() == window.tree.State.EditingState and editor is not None:
        window.tree.closeEditor(editor, QAbstractItemDelegate.EndEditHint.RevertModelCache)


def add(window: MainWindow, title: str, *, child: bool = False) -> TaskNode:
    """Add a task (or a sub-task of the selected one) and name it in the tree, as F2 would."""
    (window.add_child_action if child else window.add_action).trigger()
    close_editor(window)
    index = window.tree.currentIndex().siblingAtColumn(1)
    assert window.proxy.setData(index, title)
    task = window.current_task()
    assert task is not None and task.title == title
    return task


def select(window: MainWindow, title: str) -> TaskNode:
    assert window.ws.tree is not None
    task = next(t for t in window.ws.tree.walk() if t.title == title)
    window.select_task(task.id)
    return task


def shown_titles(window: MainWindow) -> list[str]:
    """Titles of the rows the tree shows (through the filter), depth first."""
    titles: list[str] = []

    def visit(parent: QModelIndex) -> None:
        for row in range(window.proxy.rowCount(parent)):
            index = window.proxy.index(row, 1, parent)
            titles.append(index.data())
            visit(index.siblingAtColumn(0))

    visit(QModelIndex())
    return titles


def saved_by_another_clerk(db_path: Path, task_id: int | None, **changes: Any) -> None:
    """Another clerk's EcoDesk (its own connection to the file) saves the task after this window read it."""
    assert task_id is not None
    other = open_database(str(db_path))
    try:
        update_task(other, task_id, TaskChanges.named(**changes))
    finally:
        other.close()


def answer_conflicts(monkeypatch: pytest.MonkeyPatch, choice: int) -> list[list[str]]:
    """Make the conflict dialog answer `choice` (KEEP_MINE or TAKE_THEIRS); the rows it showed (field,
    theirs, mine) of the first field, one list a dialog, are gathered in the list returned."""
    seen: list[list[str]] = []

    def answer(dialog: ConflictDialog) -> int:
        seen.append([dialog.table.item(0, c).text() for c in range(3)])
        (dialog.keep_button if choice == KEEP_MINE else dialog.take_button).click()
        return dialog.result()

    monkeypatch.setattr(ConflictDialog, "exec", answer)
    return seen
