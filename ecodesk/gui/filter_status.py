"""What the task list says about the filter: the counts in the status bar, and a line when nothing matches."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ecodesk.domain.plan import PlanStats

NO_MATCH = "没有符合条件的任务"


def count_text(stats: PlanStats, filtered: bool) -> str:
    """The leaves by stored status, which add up to the total; 已滞后 is a part of those not done, so it
    is said as such (“其中已滞后 N”) rather than counted beside them a second time."""
    parts = [f"已完成 {stats.done}", f"推进中 {stats.in_progress}", f"未开始 {stats.not_started}"]
    if stats.cancelled:
        parts.append(f"已取消 {stats.cancelled}")
    scope = "筛选出" if filtered else "全部"
    late = f"（其中已滞后 {stats.overdue}）" if stats.overdue else ""
    return f"{scope} {stats.total} 项末级任务：{'，'.join(parts)}{late}"


class NoMatchLine(QWidget):
    """Shown in place of a blank tree when the filter matches no task; 清除筛选 asks for every task again."""

    clear_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.button = QPushButton("清除筛选")
        self.button.clicked.connect(self.clear_requested)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        row.addWidget(QLabel(NO_MATCH))
        row.addWidget(self.button)
        row.addStretch(1)
        self.hide()
