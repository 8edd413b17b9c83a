"""The window shows what the signed-in clerk may do: the rest is greyed out, its tooltip saying why.

The server refuses the same things by itself (store/server_roles.py); the gate spares the clerk the
refusal. It runs after the window's own enabling (its slots are connected later, so Qt calls them after
the window's), and only ever disables: a SQLite file, the administrator and 办公室 see the window as is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QAbstractItemView, QLabel

from ecodesk.domain.access import LOCAL, Access

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QWidget

    from ecodesk.gui.main_window import MainWindow

# the 文件 menu's actions that change the plans (FileActions makes them; found by their text)
FILE_EDITS = ("新建年度计划…", "导入文档…")
REASON = "ecodesk_refusal"  # the QObject property holding the tooltip the gate set


class AccessGate(QObject):
    """Applies the signed-in clerk's Access to a MainWindow whenever what it shows changes."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._shown: object = None  # the database last seen open, to note it once (gui/server_start.py)
        self._file_edits: list[QAction] | None = None  # found once, when first needed
        self._gated = False  # whether any refusal was ever shown: until then a clerk free to edit costs nothing
        self.status = QLabel()
        window.statusBar().addPermanentWidget(self.status)
        window.ws.changed.connect(lambda *_: self.apply())
        window.tree.selectionModel().currentRowChanged.connect(lambda *_: self.apply())
        self.apply()

    @property
    def access(self) -> Access:
        ws = self.window.ws
        return ws.db.access if ws.is_open else LOCAL

    def apply(self) -> None:
        access, w = self.access, self.window
        if w.ws.is_open and w.ws.db is not self._shown:
            from ecodesk.gui.server_start import note_shown

            self._shown = w.ws.db
            note_shown(w.ws.db)
        self.status.setText(f"登录：{access.label}" if access.role is not None else "")
        self.status.setToolTip(access.role.duties if access.role is not None else "")
        if access.role is None and not self._gated:
            return  # a SQLite file or the administrator: the window as it is, after every edit and selection
        self._gated = True
        refusal = access.edit_refusal()
        for action in self._edit_actions():
            _gate(action, refusal)
        for action in self._always_on():
            _gate(action, refusal, enable_back=True)
        for widget in (w.detail, w.targets):
            _gate(widget, refusal)
        w.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers if refusal else
                               QAbstractItemView.EditTrigger.EditKeyPressed
                               | QAbstractItemView.EditTrigger.SelectedClicked)
        w.tree.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop if refusal else
                               QAbstractItemView.DragDropMode.InternalMove)
        task = w.current_task()
        reporting = access.progress_refusal([*task.lead_units, *task.co_units]) if task is not None else None
        _gate(w.progress_action, reporting)
        _gate(w.progress.add_button, reporting)
        w.attachments.refuse(reporting)  # files go with reports: the same tasks, the same refusal

    def _edit_actions(self) -> list[QAction]:
        """The edits the window enables by itself whenever what it shows changes."""
        w = self.window
        return [w.add_action, w.add_child_action, w.rename_action, w.delete_action, w.indent_action,
                w.outdent_action, w.up_action, w.down_action, w.deleted_action]

    def _always_on(self) -> list[QAction]:
        """The edits the window never disables: enabled again by the gate on a database that allows them."""
        from PySide6.QtGui import QAction

        if self._file_edits is None:
            self._file_edits = [a for a in self.window.findChildren(QAction) if a.text() in FILE_EDITS]
        return [self.window.units_action, *self._file_edits]


def _gate(item: QAction | QWidget, refusal: str | None, *, enable_back: bool = False) -> None:
    """Disable `item` with `refusal` as its tooltip; with None, take back a tooltip the gate set (and,
    `enable_back`, enable it again), leaving the window's own enabling as it stands."""
    if refusal is not None:
        item.setEnabled(False)
        item.setToolTip(refusal)
        item.setProperty(REASON, refusal)
    elif item.property(REASON):
        item.setToolTip("")
        item.setProperty(REASON, "")
        if enable_back:
            item.setEnabled(True)
