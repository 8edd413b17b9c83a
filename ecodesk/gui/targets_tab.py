"""The 主要目标 tab: the plan's targets as an editable table; every change is one undoable command.

The tab is built on first show (or first `ensure_built`): the first window shows the 工作任务 tab, so its
table, buttons and the Qt classes behind them cost start-up time nobody sees. Until then it only keeps the
targets it was last given, and fills the table from them when built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ecodesk.domain.plan import Target
from ecodesk.gui.lazy_tab import LazyTab

if TYPE_CHECKING:
    from PySide6.QtWidgets import QPushButton, QTableWidget


class TargetsTab(LazyTab):
    """Emits `edited(old, new)` with both target lists when the clerk changes, adds or removes one."""

    edited = Signal(list, list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.targets: list[Target] = []

    def build_contents(self) -> QWidget:
        """The table and its buttons."""
        from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QPushButton, QTableWidget

        inner = QWidget()
        self.table: QTableWidget = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["类别", "目标内容"])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 120)
        self.table.setWordWrap(True)
        self.table.itemChanged.connect(lambda _item: self._emit(self._from_table()))
        self.add_button: QPushButton = QPushButton("添加目标")
        self.add_button.clicked.connect(lambda: self._emit([*self.targets, Target("新目标")]))
        self.remove_button: QPushButton = QPushButton("删除所选目标")
        self.remove_button.clicked.connect(self._remove)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(inner)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        return inner

    def contents_built(self) -> None:
        self._fill()

    def show_targets(self, targets: list[Target], enabled: bool) -> None:
        self.targets = list(targets)
        if self.built:
            self._fill()
        self.setEnabled(enabled)

    def _fill(self) -> None:
        from PySide6.QtWidgets import QTableWidgetItem

        self.table.blockSignals(True)
        self.table.setRowCount(len(self.targets))
        for row, target in enumerate(self.targets):
            self.table.setItem(row, 0, QTableWidgetItem(target.category))
            self.table.setItem(row, 1, QTableWidgetItem(target.text))
        self.table.resizeRowsToContents()
        self.table.blockSignals(False)

    def _from_table(self) -> list[Target]:
        return [Target(text=self.table.item(r, 1).text(), category=self.table.item(r, 0).text())
                for r in range(self.table.rowCount())]

    def _remove(self) -> None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        if rows:
            self._emit([t for r, t in enumerate(self.targets) if r not in rows])

    def _emit(self, new: list[Target]) -> None:
        if [(t.text, t.category) for t in new] != [(t.text, t.category) for t in self.targets]:
            self.edited.emit(self.targets, new)
