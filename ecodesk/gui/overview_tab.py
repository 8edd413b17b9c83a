"""The 统计概览 tab: per-unit table and a completion bar chart (QtCharts, imported on first show).

Nothing of it is built, and no figure computed, before the tab is first shown (or `ensure_built`): the
first window shows the 工作任务 tab. While the tab is hidden `show_plan` only keeps the plan, and the figures
are computed when it is shown again: counting every unit's tasks and redrawing the chart after each edit
costs ~150 ms on a 10,000-task plan, which no one would see.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ecodesk.gui.lazy_tab import LazyTab

if TYPE_CHECKING:
    from collections.abc import Mapping

    from PySide6.QtGui import QShowEvent
    from PySide6.QtWidgets import QSplitter, QTableWidget

    from ecodesk.domain.overview import UnitStats
    from ecodesk.domain.plan import PlanTree
    from ecodesk.domain.reporting import TaskMark

HEADERS = ["股室", "牵头任务", "配合任务", "已完成", "已滞后", "完成率", "欠进度", "达进度", "超进度", "未报"]


class OverviewTab(LazyTab):
    """Refreshed on every change while shown; the chart exists only once the tab has been looked at."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[UnitStats] = []
        self.chart_view: Any = None
        self._plan: tuple[PlanTree | None, dt.date, Mapping[int, TaskMark]] | None = None  # shown once shown

    def build_contents(self) -> QWidget:
        """The table (the chart joins it when first needed)."""
        from PySide6.QtWidgets import QHeaderView, QSplitter

        from ecodesk.gui.tables import read_only_table

        inner = QWidget()
        self.table: QTableWidget = read_only_table(HEADERS)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setAlternatingRowColors(True)
        self.splitter: QSplitter = QSplitter(QtCore.Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        QVBoxLayout(inner).addWidget(self.splitter)
        return inner

    def contents_built(self) -> None:
        if self._plan is not None:
            self.show_plan(*self._plan)
        else:
            self.show_stats(self.rows)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)  # builds the contents the first time
        if self._plan is not None:
            self.show_plan(*self._plan)

    def show_plan(self, tree: PlanTree | None, today: dt.date, marks: Mapping[int, TaskMark] | None = None) -> None:
        """The figures of `tree` on `today` (with its tasks' 序时 `marks`): computed now if the tab is built and
        shown, else when it is next shown."""
        if not (self.built and self.isVisible()):
            self._plan = (tree, today, marks or {})
            return
        from ecodesk.domain.overview import unit_stats

        self._plan = None
        self.show_stats(unit_stats(tree, today, marks) if tree else [])

    def show_stats(self, rows: list[UnitStats]) -> None:
        self.rows = rows
        if not self.built:
            self._plan = None
            return
        from PySide6.QtWidgets import QTableWidgetItem

        self.table.setRowCount(len(rows))
        from ecodesk.domain.pace import PaceCount

        for r, s in enumerate(rows):
            paces = [str(s.pace[kind]) for kind in (PaceCount.BEHIND, PaceCount.ON_PACE, PaceCount.AHEAD)]
            values = [s.unit, str(s.led), str(s.co), str(s.done), str(s.overdue), f"{s.completion_rate:.0%}", *paces,
                      str(s.pace.unreported)]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c:
                    item.setTextAlignment(QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        if self.chart_view is not None:
            self._fill_chart()

    def ensure_chart(self) -> None:
        """Build the chart on first show: QtCharts costs start-up time the first window does not need."""
        self.ensure_built()
        if self.chart_view is None:
            from PySide6.QtCharts import QChartView

            self.chart_view = QChartView()
            self.chart_view.setMinimumHeight(220)
            self.splitter.addWidget(self.chart_view)
            self._fill_chart()

    def _fill_chart(self) -> None:
        from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QValueAxis

        bars = QBarSet("完成率（%）")
        bars.append([round(s.completion_rate * 100) for s in self.rows])
        series = QBarSeries()
        series.append(bars)
        chart = QChart()
        chart.addSeries(series)
        chart.setTitle("各股室任务完成率")
        chart.legend().setVisible(False)
        categories = QBarCategoryAxis()
        categories.append([s.unit for s in self.rows])
        values = QValueAxis()
        values.setRange(0, 100)
        values.setLabelFormat("%d%%")
        chart.addAxis(categories, QtCore.Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, QtCore.Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        series.attachAxis(values)
        self.chart_view.setChart(chart)
