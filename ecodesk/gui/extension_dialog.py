"""The 延期… dialog of the detail panel: the new deadline (a date and its wording), the reason and the day it
was approved. The window passes what the clerk gives to commands.ExtendDeadline, through the Workspace door."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from ecodesk.domain.deadlines import Deadline, month_end
from ecodesk.domain.plan import TaskNode
from ecodesk.gui.dialogs import ok_cancel_box
from ecodesk.gui.fields import ChineseDateEdit


@dataclass(frozen=True, slots=True)
class ExtensionRequest:
    """What the clerk filled in: the new deadline, the reason, the approval date (None: not given)."""

    deadline: Deadline
    reason: str
    approved_on: dt.date | None


class ExtensionDialog(QDialog):
    """New deadline, its wording, reason and approval date of one 延期."""

    def __init__(self, parent: QWidget | None, task: TaskNode, today: dt.date) -> None:
        super().__init__(parent)
        self.setWindowTitle("任务延期")
        current = task.deadline_date or today
        self.date_edit = ChineseDateEdit(QDate(_next_month_end(current)))
        self.wording_edit = QLineEdit()
        self.wording_edit.setPlaceholderText("原文，如“9月底前”（可不填）")
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setPlaceholderText("延期的理由（必填）")
        self.approved = QCheckBox("批准日期")
        self.approved_edit = ChineseDateEdit(QDate(today))
        self.approved_edit.setEnabled(False)
        self.approved.toggled.connect(self.approved_edit.setEnabled)
        form = QFormLayout(self)
        form.addRow("任务：", _wrapped(task.title))
        form.addRow("原完成时限：", QLabel(task.deadline_shown or "（未定）"))
        form.addRow("延期至：", self.date_edit)
        form.addRow("", self.wording_edit)
        form.addRow("延期理由：", self.reason_edit)
        approval = QHBoxLayout()
        approval.addWidget(self.approved)
        approval.addWidget(self.approved_edit)
        approval.addStretch(1)
        form.addRow("", approval)
        form.addRow(ok_cancel_box(self, "延期"))
        self.resize(460, 320)

    def request(self) -> ExtensionRequest:
        day: dt.date = self.date_edit.date().toPython()  # type: ignore[assignment]
        approved: dt.date | None = self.approved_edit.date().toPython() if self.approved.isChecked() else None  # type: ignore[assignment]
        return ExtensionRequest(Deadline(day, self.wording_edit.text().strip()),
                                self.reason_edit.toPlainText().strip(), approved)

    @staticmethod
    def ask(parent: QWidget | None, task: TaskNode, today: dt.date) -> ExtensionRequest | None:
        """Run the dialog for `task`; None when cancelled. Tests replace this one call."""
        dialog = ExtensionDialog(parent, task, today)
        return dialog.request() if dialog.exec() == QDialog.DialogCode.Accepted else None


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _next_month_end(day: dt.date) -> dt.date:
    """The end of the month after `day`: where a 延期 usually lands, for the clerk to change."""
    return month_end(day.year + day.month // 12, day.month % 12 + 1)
