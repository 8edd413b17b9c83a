"""Small editor widgets the detail panel is made of: text that commits on leaving, and unit checklists."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QPlainTextEdit, QWidget

from ecodesk.domain.plan import Unit
from ecodesk.gui.qt_values import CHECK_STATE_ROLE, CHECKED, UNCHECKED


class CommitTextEdit(QPlainTextEdit):
    """A multi-line field that emits `committed(text)` when focus leaves it with a changed text.

    One edit, one transaction, one undo step: committing per keystroke would flood the undo stack.
    """

    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self._loaded = ""

    def load(self, text: str) -> None:
        self._loaded = text
        self.setPlainText(text)

    def commit(self) -> None:
        text = self.toPlainText()
        if text != self._loaded:
            self._loaded = text
            self.committed.emit(text)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.commit()
        super().focusOutEvent(event)


class UnitChecklist(QListWidget):
    """The bureau's units with check boxes; emits `picked(names)` after the clerk ticks or unticks one.

    Deactivated units are offered only while a task still names them, so old assignments stay visible.
    Ticking is the only thing to do with a unit here, so nothing is ever selected.
    """

    picked = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.itemChanged.connect(lambda _item: self.picked.emit(self.checked()))

    def load(self, units: list[Unit], chosen: list[str]) -> None:
        self.blockSignals(True)
        self.clear()
        names = [u.name for u in units if u.active or u.name in chosen]
        names += [n for n in chosen if n not in names]
        for name in names:
            item = QListWidgetItem(name, self)  # checkable by default
            item.setData(CHECK_STATE_ROLE, CHECKED if name in chosen else UNCHECKED)  # ints: see gui/qt_values.py
        self.blockSignals(False)

    def checked(self) -> list[str]:
        items = (self.item(row) for row in range(self.count()))
        return [i.text() for i in items if i.data(CHECK_STATE_ROLE) == CHECKED]

    def set_checked(self, name: str, on: bool) -> None:
        """Tick or untick a unit by name, as a click would."""
        for row in range(self.count()):
            if self.item(row).text() == name:
                self.item(row).setData(CHECK_STATE_ROLE, CHECKED if on else UNCHECKED)
