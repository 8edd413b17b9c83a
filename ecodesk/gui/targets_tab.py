"""The 主要目标 tab: the plan's targets as an editable table, with each one's actual value and 达标/未达标 in
the 本期 the window shows; every change is one undoable command (the whole list, values included).

The tab is built on first show (or first `ensure_built`): the first window shows the 工作任务 tab, so its
table, buttons and the Qt classes behind them cost start-up time nobody sees. Until then it only keeps the
targets it was last given, and fills the table from them when built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ecodesk.domain.plan import Target, TargetValue
from ecodesk.gui.lazy_tab import LazyTab

if TYPE_CHECKING:
    from PySide6.QtWidgets import QComboBox, QPushButton, QTableWidget

    from ecodesk.domain.periods import Period

JUDGEMENTS = ("未评定", "达标", "未达标")  # the 是否达标 choices, as TargetValue.met None / True / False
_MET = (None, True, False)


class TargetsTab(LazyTab):
    """Emits `edited(old, new)` with both target lists when the clerk changes, adds or removes one."""

    edited = Signal(list, list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.targets: list[Target] = []
        self.period: Period | None = None  # whose values the table shows and edits

    def build_contents(self) -> QWidget:
        """The table and its buttons."""
        from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QPushButton, QTableWidget

        inner = QWidget()
        self.table: QTableWidget = QTableWidget(0, 4)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 120)
        self.table.setColumnWidth(2, 160)
        self.table.setColumnWidth(3, 90)
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

    def show_targets(self, targets: list[Target], enabled: bool, period: Period | None = None) -> None:
        """Show `targets` with their values in `period` (the values' columns disabled without one)."""
        self.targets, self.period = list(targets), period
        if self.built:
            self._fill()
        self.setEnabled(enabled)

    def _fill(self) -> None:
        from PySide6.QtWidgets import QTableWidgetItem

        when = self.period.label if self.period else "本期"
        self.table.setHorizontalHeaderLabels(["类别", "目标内容", f"实际值（{when}）", "是否达标"])
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.targets))
        for row, target in enumerate(self.targets):
            value = target.value_in(self.period.key) if self.period else None
            self.table.setItem(row, 0, QTableWidgetItem(target.category))
            self.table.setItem(row, 1, QTableWidgetItem(target.text))
            self.table.setItem(row, 2, QTableWidgetItem(value.value if value else ""))
            self.table.setCellWidget(row, 3, self._judgement_box(value.met if value else None))
        self.table.setColumnHidden(2, self.period is None)
        self.table.setColumnHidden(3, self.period is None)
        self.table.resizeRowsToContents()
        self.table.blockSignals(False)

    def _judgement_box(self, met: bool | None) -> QComboBox:
        from PySide6.QtWidgets import QComboBox

        box = QComboBox()
        box.addItems(JUDGEMENTS)
        box.setCurrentIndex(_MET.index(met))
        box.currentIndexChanged.connect(lambda _i: self._emit(self._from_table()))
        return box

    def _from_table(self) -> list[Target]:
        """The targets as the table now shows them; the shown period's value replaced, the others kept."""
        edited = []
        for row, target in enumerate(self.targets):
            new = Target(self.table.item(row, 1).text(), self.table.item(row, 0).text(), target.id, target.values)
            if self.period is not None:
                box = self.table.cellWidget(row, 3)
                met = _MET[box.currentIndex()] if box is not None else None
                new = new.with_value(TargetValue(self.period.key, self.table.item(row, 2).text().strip(), met))
            edited.append(new)
        return edited

    def _remove(self) -> None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        if rows:
            self._emit([t for r, t in enumerate(self.targets) if r not in rows])

    def _emit(self, new: list[Target]) -> None:
        if [(t.text, t.category, t.values) for t in new] != [(t.text, t.category, t.values) for t in self.targets]:
            self.edited.emit(self.targets, new)
