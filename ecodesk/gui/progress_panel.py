"""The progress panel: a task's updates newest first, and the 添加进展 dialog."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ecodesk.domain.deadlines import format_cn_date
from ecodesk.domain.plan import ProgressEntry
from ecodesk.gui.attachments_panel import ID_ROLE, AcceptsFiles
from ecodesk.gui.dialogs import ok_cancel_box
from ecodesk.gui.fields import ChineseDateEdit

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtGui import QDragMoveEvent, QDropEvent

NO_PERCENT = "—"


class ProgressPanel(AcceptsFiles, QWidget):
    """Lists updates; `add_requested` asks the window to open the dialog for the selected task. Files
    dropped on an update emit `files_dropped(update id, paths)` (on no update: id 0, the task itself)."""

    add_requested = Signal()
    files_dropped = Signal(int, list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title_label = QLabel("进展情况")
        # A size of its own: a label whose size hint follows its text asks every splitter around the panel
        # to lay the window out again when the count changes, a repaint of the whole window (~5 ms).
        widest = self.title_label.fontMetrics().horizontalAdvance(_title(99))  # weekly reports for a year fit
        self.title_label.setFixedSize(widest, self.title_label.sizeHint().height())
        self.add_button = QPushButton("添加进展…")
        self.add_button.clicked.connect(self.add_requested)
        self.list = QListWidget()
        self.list.setWordWrap(True)  # long reports wrap instead of being cut off
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setAlternatingRowColors(True)
        self.list.setMinimumHeight(140)  # the side column scrolls to it rather than squeezing it
        top = QHBoxLayout()
        top.addWidget(self.title_label)
        top.addStretch(1)
        top.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.list)
        self._shown: tuple[list[ProgressEntry], bool] | None = None

    def show_entries(self, entries: list[ProgressEntry], enabled: bool) -> None:
        """Show `entries` in the order given (newest first). What is shown already is left as it is: the
        word-wrapped list and its count in the title cost the window a relayout and repaint of several
        milliseconds, which an edit of the task's other fields need not pay."""
        if self._shown == (entries, enabled):
            return
        before = self._shown[0] if self._shown is not None else []
        self._shown = (list(entries), enabled)
        start, end_before, end_after = changed_span(before, entries)
        for _ in range(start, end_before):
            self.list.takeItem(start)  # a taken item is Python's: dropped here, it is deleted
        for row in range(start, end_after):
            item = QListWidgetItem(entry_text(entries[row]))
            item.setData(ID_ROLE, entries[row].id)
            self.list.insertItem(row, item)
        self.add_button.setEnabled(enabled)
        self.setAcceptDrops(enabled)
        self.title_label.setText(_title(len(entries)) if enabled else "进展情况")


    def update_at(self, event: QDropEvent | QDragMoveEvent) -> int:
        """The id of the update under the pointer (0: none)."""
        item = self.list.itemAt(self.list.viewport().mapFrom(self, event.position().toPoint()))
        return item.data(ID_ROLE) or 0 if item is not None else 0

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        super().dragMoveEvent(event)
        item = self.list.itemAt(self.list.viewport().mapFrom(self, event.position().toPoint()))
        if item is not None and event.isAccepted():
            self.list.setCurrentItem(item)  # shows which update takes them

    def take_files(self, files: list[Path], event: QDropEvent) -> None:
        self.files_dropped.emit(self.update_at(event), files)


def changed_span(before: list[ProgressEntry], after: list[ProgressEntry]) -> tuple[int, int, int]:
    """Where `after` differs from `before`: rows [start, end_before) of `before` give way to rows
    [start, end_after) of `after`, the rows in front and behind being the same in both. A new update is
    then one row inserted, not the whole list filled again (each row's wrapped text laid out anew)."""
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end_before, end_after = len(before), len(after)
    while end_before > start and end_after > start and before[end_before - 1] == after[end_after - 1]:
        end_before, end_after = end_before - 1, end_after - 1
    return start, end_before, end_after


def _title(count: int) -> str:
    return f"进展情况（{count} 条）"


def entry_text(entry: ProgressEntry) -> str:
    """Two lines: date · percent · reporting unit, then the report itself."""
    head = [format_cn_date(entry.date), f"{entry.percent}%" if entry.percent is not None else NO_PERCENT]
    if entry.unit:
        head.append(entry.unit)
    return f"{' · '.join(head)}\n{entry.text}"


UNSAVED_NOTE = "上次添加未能保存（原因见刚才的提示），填写的内容已保留：可修改后再次添加，或复制留存。"


class ProgressDialog(QDialog):
    """Date, percent, text and reporting unit of one update. With `unsaved_text` it is asked again after a save
    that failed: the text the clerk typed is shown as it was, under a line saying it was not saved."""

    def __init__(self, parent: QWidget | None, units: list[str], *, percent: int, unit: str,
                 day: dt.date, unsaved_text: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("添加进展")
        self.date_edit = ChineseDateEdit(QDate(day))
        self.percent_spin = QSpinBox()
        self.percent_spin.setRange(0, 100)
        self.percent_spin.setSuffix(" %")
        self.percent_spin.setValue(percent)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setPlaceholderText("本次进展的具体情况")
        self.unit_box = QComboBox()
        self.unit_box.setEditable(True)
        self.unit_box.addItems(units)
        self.unit_box.setCurrentText(unit)
        self.text_edit.setPlainText(unsaved_text)
        self.unsaved_note = QLabel(UNSAVED_NOTE)
        self.unsaved_note.setWordWrap(True)
        self.unsaved_note.setStyleSheet("color: #b00020")
        form = QFormLayout(self)
        form.addRow(self.unsaved_note)
        self.unsaved_note.setVisible(bool(unsaved_text))
        form.addRow("日期：", self.date_edit)
        form.addRow("完成进度：", self.percent_spin)
        form.addRow("进展内容：", self.text_edit)
        form.addRow("报送单位：", self.unit_box)
        form.addRow(ok_cancel_box(self, "添加"))
        self.resize(460, 300)

    def entry(self) -> ProgressEntry:
        return ProgressEntry(date=self.date_edit.date().toPython(), text=self.text_edit.toPlainText().strip(),  # type: ignore[arg-type]
                             percent=self.percent_spin.value(), unit=self.unit_box.currentText().strip())

    @staticmethod
    def ask(parent: QWidget | None, units: list[str], *, percent: int, unit: str, day: dt.date,
            unsaved_text: str = "") -> ProgressEntry | None:
        """Run the dialog, its date first set to `day` (see default_progress_date; after a failed save, the
        update's own, with its `unsaved_text`); None when cancelled. Tests replace this one call."""
        dialog = ProgressDialog(parent, units, percent=percent, unit=unit, day=day, unsaved_text=unsaved_text)
        return dialog.entry() if dialog.exec() == QDialog.DialogCode.Accepted else None
