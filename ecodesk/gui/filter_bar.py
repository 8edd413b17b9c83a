"""The filter bar above the tree: unit, status, 序时 light or 未报, overdue only, due this month and free
text; and the legend of the tree's marks, which the window places."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from ecodesk.domain.filters import BEHIND, UNREPORTED, TaskFilter
from ecodesk.domain.pace import Light
from ecodesk.domain.status import OVERDUE_LABEL, Status
from ecodesk.gui.task_model import MARK_COLORS, MARK_LABELS

ALL_UNITS = "全部股室"
ALL_STATUSES = "全部状态"
# The 序时 choices: label → TaskFilter.pace (None: any)
PACE_CHOICES = {"全部序时": None, "欠进度（黄、红）": BEHIND, "红灯": Light.RED.value, "黄灯": Light.YELLOW.value,
                "蓝灯（15天内到期）": Light.BLUE.value, "绿灯": Light.GREEN.value, "已完成": Light.DONE.value,
                "未报": UNREPORTED}


class FilterBar(QWidget):
    """Emits `changed(TaskFilter)` whenever a criterion changes; the criteria combine (all must hold)."""

    changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.unit_box = QComboBox()
        self.unit_box.setMinimumContentsLength(6)  # 环评与辐射股
        self.unit_box.addItem(ALL_UNITS)
        self.status_box = QComboBox()
        self.status_box.addItems([ALL_STATUSES, *(s.value for s in Status), OVERDUE_LABEL])
        self.pace_box = QComboBox()
        self.pace_box.addItems(list(PACE_CHOICES))
        # as wide as 全部序时, not as its longest choice: on a 1024 px screen the fields beside the tree need
        # the room (the list that drops down still shows each choice whole)
        self.pace_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.pace_box.setMinimumContentsLength(len(next(iter(PACE_CHOICES))) + 1)
        self.pace_box.setToolTip("按本期的序时进度灯色或未报筛选")
        self.overdue_check = QCheckBox("只看已滞后")
        self.month_check = QCheckBox("本月到期")
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("搜索任务、措施、股室（Ctrl+F）")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (QLabel("股室："), self.unit_box, QLabel("状态："), self.status_box, self.pace_box,
                       self.overdue_check, self.month_check):
            layout.addWidget(widget)
        layout.addWidget(self.search_edit, 1)
        self.search_edit.setMinimumWidth(self.search_edit.fontMetrics().horizontalAdvance("搜索任务…"))
        self.legend = _legend()  # the window shows it in its status bar, where it takes no room from the filters
        self.unit_box.currentIndexChanged.connect(self._emit)
        self.status_box.currentIndexChanged.connect(self._emit)
        self.pace_box.currentIndexChanged.connect(self._emit)
        self.overdue_check.toggled.connect(self._emit)
        self.month_check.toggled.connect(self._emit)
        self.search_edit.textChanged.connect(self._emit)
        # The clear button shows only while there is text, so it is switched on at the first keystroke:
        # looking up its icon would otherwise add some 10-25 ms to the first window.
        self.search_edit.textChanged.connect(self._offer_clear_button)

    def set_units(self, names: list[str]) -> None:
        """Offer these units, keeping the chosen one when it still exists."""
        chosen = self.unit_box.currentText()
        self.unit_box.blockSignals(True)
        self.unit_box.clear()
        self.unit_box.addItems([ALL_UNITS, *names])
        self.unit_box.setCurrentIndex(max(0, self.unit_box.findText(chosen)))
        self.unit_box.blockSignals(False)
        if self.unit_box.currentText() != chosen:
            self._emit()

    def current(self) -> TaskFilter:
        unit = self.unit_box.currentText()
        status = self.status_box.currentText()
        return TaskFilter(
            unit=None if unit == ALL_UNITS else unit,
            status=None if status == ALL_STATUSES else status,
            pace=PACE_CHOICES.get(self.pace_box.currentText()),
            overdue_only=self.overdue_check.isChecked(),
            due_this_month=self.month_check.isChecked(),
            text=self.search_edit.text().strip(),
        )

    def clear(self) -> None:
        """Every criterion back to “all”, announced once."""
        widgets = (self.unit_box, self.status_box, self.overdue_check, self.month_check, self.search_edit)
        for widget in widgets:
            widget.blockSignals(True)
        self.unit_box.setCurrentIndex(0)
        self.status_box.setCurrentIndex(0)
        self.overdue_check.setChecked(False)
        self.month_check.setChecked(False)
        self.search_edit.clear()
        for widget in widgets:
            widget.blockSignals(False)
        self._emit()

    def _offer_clear_button(self) -> None:
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.disconnect(self._offer_clear_button)

    def _emit(self) -> None:
        self.changed.emit(self.current())


def _legend() -> QLabel:
    """Coloured dots explaining the marks in the 编号 and 状态 columns."""
    parts = [f'<span style="color:{MARK_COLORS[k].name()}">●</span>&nbsp;{label}' for k, label in MARK_LABELS.items()]
    label = QLabel("&nbsp;&nbsp;".join(parts))
    label.setToolTip("红色：已过完成时限且未完成；橙色：15天内到期；绿色：已完成")
    return label
