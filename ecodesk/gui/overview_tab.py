"""The 统计概览 tab: per-unit table and a completion bar chart (QtCharts, imported on first show)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from ecodesk.domain.overview import UnitStats

HEADERS = ["股室", "牵头任务", "配合任务", "已完成", "已滞后", "完成率"]


class OverviewTab(QWidget):
    """Refreshed on every change; the chart exists only once the tab has been looked at."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[UnitStats] = []
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.chart_view: Any = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

    def show_stats(self, rows: list[UnitStats]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, s in enumerate(rows):
            values = [s.unit, str(s.led), str(s.co), str(s.done), str(s.overdue), f"{s.completion_rate:.0%}"]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        if self.chart_view is not None:
            self._fill_chart()

    def ensure_chart(self) -> None:
        """Build the chart on first show: QtCharts costs start-up time the first window does not need."""
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
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        series.attachAxis(values)
        self.chart_view.setChart(chart)
