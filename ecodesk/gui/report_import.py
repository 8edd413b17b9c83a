"""文件 ▸ 导入进展报告…: each passage of a 进展 report beside the task it is matched to, with the confidence,
for the clerk to confirm or change before the updates are recorded (dated the chosen period's end).

Matching is the service's (services/progress_report.py); this dialog only shows and asks. A passage whose
best match is not likely enough starts as “（不导入）”, so nothing is recorded on a guess.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ecodesk.domain.periods import Period, current_period, plan_periods
from ecodesk.services.progress import Reported
from ecodesk.services.progress_report import ReportMatch

HEADER = ("报告段落", "对应任务", "置信度")
SKIP = "（不导入）"
EXCERPT_CHARS = 80


class ReportImportDialog(QDialog):
    """The matches of one report; `reported` and `period` say what to record once accepted."""

    def __init__(self, matches: list[ReportMatch], year: int, today: dt.date, parent: QWidget | None = None,
                 name: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(f"导入进展报告{f'：{name}' if name else ''}")
        self.resize(1000, 600)
        self.matches = matches
        self.periods = plan_periods(year, monthly=True)
        self.period_box = QComboBox()
        for period in self.periods:
            self.period_box.addItem(f"{period.label}（截至{period.end.month}月{period.end.day}日）")
        default = current_period(self.periods, today) if today.year == year else self.periods[-1]
        self.period_box.setCurrentIndex(self.periods.index(default))
        self.table = QTableWidget(len(matches), len(HEADER))
        self.table.setHorizontalHeaderLabels(HEADER)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(1, 380)
        self.choices = [self._row(row, match) for row, match in enumerate(matches)]
        self.count = QLabel()
        for box in self.choices:
            box.currentIndexChanged.connect(lambda _i: self._count())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("记录进展")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("报告期：", self.period_box)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("请核对每个段落对应的任务（可改选，或选“（不导入）”），然后点“记录进展”。"))
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(buttons)
        self._count()

    def _row(self, row: int, match: ReportMatch) -> QComboBox:
        passage = match.passage
        excerpt = passage.report_text[:EXCERPT_CHARS] + ("…" if len(passage.report_text) > EXCERPT_CHARS else "")
        cell = QTableWidgetItem(f"第 {passage.line} 行  {excerpt}")
        cell.setToolTip(passage.report_text)
        self.table.setItem(row, 0, cell)
        box = QComboBox()
        box.addItem(SKIP, None)
        for candidate in match.candidates:
            box.addItem(f"{candidate.label}（{candidate.score:.0f}%）", candidate.task_id)
        box.setCurrentIndex(1 if match.confident is not None else 0)
        self.table.setCellWidget(row, 1, box)
        best = match.candidates[0].score if match.candidates else 0.0
        self.table.setItem(row, 2, QTableWidgetItem(f"{best:.0f}%"))
        return box

    def _count(self) -> None:
        taken = len(self.reported)
        self.count.setText(f"共 {len(self.matches)} 段，将记录 {taken} 段，不导入 {len(self.matches) - taken} 段")

    @property
    def reported(self) -> list[Reported]:
        return [Reported(box.currentData(), match.passage.report_text)
                for match, box in zip(self.matches, self.choices, strict=True) if box.currentData() is not None]

    @property
    def period(self) -> Period:
        return self.periods[self.period_box.currentIndex()]
