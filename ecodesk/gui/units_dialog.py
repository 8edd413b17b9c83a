"""股室管理: add, rename (everywhere), merge two units, reorder and deactivate."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ecodesk.domain.changes import UNITS
from ecodesk.domain.plan import Unit
from ecodesk.gui.commands import Reversible
from ecodesk.gui.workspace import Workspace
from ecodesk.services import units as unit_service


class UnitsDialog(QDialog):
    """Rename, reorder and (de)activation are undoable like any task edit; add and merge are one-way."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle("股室管理")
        self.list = QListWidget()
        buttons = QVBoxLayout()
        for label, slot in (("添加…", self.add), ("重命名…", self.rename), ("合并到…", self.merge),
                            ("上移", lambda: self.shift(-1)), ("下移", lambda: self.shift(1)),
                            ("停用/启用", self.toggle_active), ("关闭", self.accept)):
            button = QPushButton(label)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.resize(420, 380)
        self.reload()

    def reload(self, select: int | None = None) -> None:
        self.units = self.ws.units
        self.list.clear()
        for unit in self.units:
            item = QListWidgetItem(unit.name if unit.active else f"{unit.name}（已停用）", self.list)
            item.setData(Qt.ItemDataRole.UserRole, unit.id)
            if not unit.active:
                item.setForeground(QColor("gray"))
            if unit.id == select:
                self.list.setCurrentItem(item)

    def selected(self) -> Unit | None:
        row = self.list.currentRow()
        return self.units[row] if 0 <= row < len(self.units) else None

    def _run(self, action: Callable[[], Unit], select: int | None) -> None:
        """A one-way write (add, merge) through the Workspace's door."""
        self.ws.perform(action, lambda _unit: UNITS)
        self.reload(select)

    def add(self) -> None:
        name, ok = QInputDialog.getText(self, "添加股室", "股室名称：")
        if ok and name.strip():
            self._run(lambda: unit_service.add_unit(self.ws.db, name), None)

    def rename(self) -> None:
        unit = self.selected()
        if unit is None or unit.id is None:
            return
        name, ok = QInputDialog.getText(self, "重命名股室", "新名称（所有任务中一并更改）：", text=unit.name)
        if ok and name.strip() and name.strip() != unit.name:
            db, unit_id, old, new = self.ws.db, unit.id, unit.name, name.strip()
            self.ws.execute(Reversible(self.ws, f"重命名股室“{old}”",
                                       lambda: unit_service.rename_unit(db, unit_id, new),
                                       lambda: unit_service.rename_unit(db, unit_id, old), UNITS))
            self.reload(unit.id)

    def merge(self) -> None:
        source = self.selected()
        others = [u.name for u in self.units if source is not None and u.id != source.id]
        if source is None or not others:
            return
        name, ok = QInputDialog.getItem(self, "合并股室", f"把“{source.name}”合并到：", others, 0, False)
        if not ok:
            return
        target = next(u for u in self.units if u.name == name)
        question = (f"“{source.name}”的任务和进展将归入“{target.name}”，然后删除“{source.name}”。"
                    "此操作不能撤销，确定合并吗？")
        if QMessageBox.question(self, "合并股室", question) == QMessageBox.StandardButton.Yes:
            self._run(lambda: unit_service.merge_units(self.ws.db, source.id, target.id), target.id)

    def shift(self, step: int) -> None:
        row = self.list.currentRow()
        if not (0 <= row < len(self.units) and 0 <= row + step < len(self.units)):
            return
        before = [u.id for u in self.units if u.id is not None]
        after = list(before)
        after[row], after[row + step] = after[row + step], after[row]
        db = self.ws.db
        self.ws.execute(Reversible(self.ws, "调整股室顺序", lambda: unit_service.reorder_units(db, after),
                                   lambda: unit_service.reorder_units(db, before)))
        self.reload(after[row + step])

    def toggle_active(self) -> None:
        unit = self.selected()
        if unit is None or unit.id is None:
            return
        db, unit_id, active = self.ws.db, unit.id, unit.active
        text = f"{'停用' if active else '启用'}股室“{unit.name}”"
        self.ws.execute(Reversible(self.ws, text, lambda: unit_service.set_unit_active(db, unit_id, not active),
                                   lambda: unit_service.set_unit_active(db, unit_id, active), UNITS))
        self.reload(unit_id)
