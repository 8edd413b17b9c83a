"""The detail panel: every editable field of the selected task; each finished edit becomes one command."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from ecodesk.domain.deadlines import Deadline, parse_deadline
from ecodesk.domain.extensions import extension_line
from ecodesk.domain.numbering import task_label
from ecodesk.domain.plan import PlanTree, TaskNode, Unit
from ecodesk.domain.status import Status
from ecodesk.domain.task_fields import (
    CO_UNITS,
    DEADLINE,
    LEAD_UNITS,
    MEASURES,
    NOTES,
    PERCENT,
    STATUS,
    TITLE,
    TaskField,
)
from ecodesk.gui.attachments_panel import AcceptsFiles
from ecodesk.gui.fields import CalendarDateEdit, CommitTextEdit, UnitChecklist, show_line

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtGui import QDropEvent

V = TypeVar("V")


class DetailPanel(AcceptsFiles, QWidget):
    """Shows one task; emits `changes_requested(task_id, TaskChanges)` with only what really changed,
    `extend_requested(task_id)` when the clerk asks for a 延期, and `files_dropped(paths)` for files dragged
    onto it (to attach to the task shown)."""

    changes_requested = Signal(int, object)
    extend_requested = Signal(int)
    files_dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.task: TaskNode | None = None
        self.year = dt.date.today().year
        self.number_label = QLabel()
        self.title_edit = QLineEdit()
        self.measures_edit = CommitTextEdit()
        self.lead_list = UnitChecklist()
        self.co_list = UnitChecklist()
        self.has_date = QCheckBox("日期")
        self.date_edit = CalendarDateEdit()
        self.wording_edit = QLineEdit()
        self.wording_edit.setPlaceholderText("原文，如“6月底前”")
        self.extend_button = QPushButton("延期…")
        self.extend_button.setToolTip("记录经批准的延期：新的完成时限和理由，原定时限留档")
        self.record_label = QLabel()  # the 跨年 link and the 延期 history
        self.record_label.setWordWrap(True)
        self.status_box = QComboBox()
        self.status_box.addItems([s.value for s in Status])
        self.percent_spin = QSpinBox()
        self.percent_spin.setRange(0, 100)
        self.percent_spin.setSuffix(" %")
        self.notes_edit = CommitTextEdit()
        self._lay_out()
        self._connect()
        self.show_task(None, [])

    def _lay_out(self) -> None:
        form = QFormLayout(self)
        form.addRow("编号：", self.number_label)
        form.addRow("工作任务：", self.title_edit)
        self.measures_edit.setMinimumHeight(60)
        form.addRow("具体措施：", self.measures_edit)
        units = QGridLayout()
        units.addWidget(QLabel("牵头单位"), 0, 0)
        units.addWidget(QLabel("配合单位"), 0, 1)
        units.addWidget(self.lead_list, 1, 0)
        units.addWidget(self.co_list, 1, 1)
        for checklist in (self.lead_list, self.co_list):
            checklist.setMinimumHeight(130)
            checklist.setMinimumWidth(96)  # two side by side fit a narrow side column
        form.addRow("责任单位：", units)
        deadline = QHBoxLayout()
        deadline.addWidget(self.has_date)
        deadline.addWidget(self.date_edit)
        deadline.addWidget(self.extend_button)
        deadline.addStretch(1)
        form.addRow("完成时限：", deadline)
        form.addRow("", self.wording_edit)  # its own line: a narrow panel would cut the wording to nothing
        form.addRow("", self.record_label)
        state = QHBoxLayout()
        state.addWidget(self.status_box)
        state.addWidget(QLabel("完成进度："))
        state.addWidget(self.percent_spin)
        state.addStretch(1)
        form.addRow("状态：", state)
        self.notes_edit.setMaximumHeight(60)
        form.addRow("备注：", self.notes_edit)

    def _connect(self) -> None:
        self.title_edit.editingFinished.connect(lambda: self._request(TITLE, self.title_edit.text().strip()))
        self.measures_edit.committed.connect(lambda text: self._request(MEASURES, text))
        self.notes_edit.committed.connect(lambda text: self._request(NOTES, text))
        self.lead_list.picked.connect(lambda names: self._request(LEAD_UNITS, names))
        self.co_list.picked.connect(lambda names: self._request(CO_UNITS, names))
        self.status_box.activated.connect(lambda _i: self._request(STATUS, Status(self.status_box.currentText())))
        self.percent_spin.editingFinished.connect(lambda: self._request(PERCENT, self.percent_spin.value()))
        self.wording_edit.editingFinished.connect(self._on_wording)
        self.extend_button.clicked.connect(self._on_extend)
        self.has_date.toggled.connect(self._on_date)
        self.date_edit.editingFinished.connect(self._on_date)
        self.date_edit.picked.connect(self._on_date)

    # -- showing ---------------------------------------------------------------------------------------

    def show_task(self, task: TaskNode | None, units: list[Unit], plan: PlanTree | None = None) -> None:
        """Fill the fields from `task` (None empties and disables the panel) without emitting edits; with
        its `plan`, 编号 is the label every export prints (三（三）2.5）), not the level's alone."""
        self.task = task
        self.year = plan.year if plan is not None else self.year
        self.setAcceptDrops(task is not None)
        shown = task or TaskNode(title="")
        for widget in self._editors():
            widget.blockSignals(True)
        self.number_label.setText(task_label(plan, shown) if plan is not None and task is not None else "")
        show_line(self.title_edit, shown.title)
        self.measures_edit.load(shown.measures)
        self.notes_edit.load(shown.notes)
        self.lead_list.load(units, shown.lead_units)
        self.co_list.load(units, shown.co_units)
        self.has_date.setChecked(shown.deadline_date is not None)
        self.date_edit.setEnabled(shown.deadline_date is not None)
        day = QDate(shown.deadline_date or dt.date(self.year, 12, 31))
        if self.date_edit.date() != day:  # set again, the same date is laid out and repainted for nothing
            self.date_edit.setDate(day)
        show_line(self.wording_edit, shown.deadline_text)
        self.status_box.setCurrentText(shown.status.value)
        self.percent_spin.setValue(shown.percent)
        self.extend_button.setEnabled(shown.deadline_date is not None)
        lines = record_lines(shown)
        self.record_label.setText("\n".join(lines))
        self.record_label.setVisible(bool(lines))
        for widget in self._editors():
            widget.blockSignals(False)
        self.setEnabled(task is not None)

    def take_files(self, files: list[Path], _event: QDropEvent) -> None:
        self.files_dropped.emit(files)

    def _editors(self) -> list[QWidget]:
        return [self.title_edit, self.measures_edit, self.notes_edit, self.has_date, self.date_edit,
                self.wording_edit, self.status_box, self.percent_spin]

    # -- editing ---------------------------------------------------------------------------------------

    def _request(self, field: TaskField[V], value: V) -> None:
        """Ask for `value` unless it is what the task has (or an emptied title, which update_task would refuse)."""
        if self.task is None or self.task.id is None:
            return
        if value != field.of(self.task) and (field is not TITLE or value):
            self.changes_requested.emit(self.task.id, field.to(value))

    def _on_extend(self) -> None:
        if self.task is not None and self.task.id is not None:
            self.extend_requested.emit(self.task.id)

    def _on_wording(self) -> None:
        """New wording: take the date it names (“6月底前” → 6-30); wording without a date keeps the date."""
        text = self.wording_edit.text().strip()
        try:
            parsed = parse_deadline(text, self.year).date if text else None
        except ValueError:
            parsed = None
        if parsed is not None:
            self.has_date.blockSignals(True)
            self.has_date.setChecked(True)
            self.has_date.blockSignals(False)
            self.date_edit.setDate(QDate(parsed))
        self._request_deadline()

    def _on_date(self) -> None:
        self.date_edit.setEnabled(self.has_date.isChecked())
        self._request_deadline()

    def _request_deadline(self) -> None:
        day = self.date_edit.date().toPython() if self.has_date.isChecked() else None
        text = self.wording_edit.text().strip()
        self._request(DEADLINE, Deadline(day, text) if (day or text) else None)  # type: ignore[arg-type]


def record_lines(task: TaskNode) -> list[str]:
    """What the panel lists under the deadline: the 跨年 link, then each 延期, oldest first."""
    lines = [task.carried.label] if task.carried is not None else []
    return lines + [f"延期：{extension_line(e)}" for e in task.extensions]
