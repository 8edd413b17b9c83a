"""文件 ▸ 从剪贴板导入…: a plan pasted from an OA notice, a web page or a chat, shown as the tree it would
become (numbers, titles, units, deadlines) before anything is saved.

The preview is the importer's own reading (io/plan_import.read_pasted), so what the clerk sees is what is
saved; the save itself passes the Workspace's door like any import.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ecodesk.domain.errors import UserError
from ecodesk.domain.plan import TaskNode
from ecodesk.io.plan_import import ImportResult, read_pasted

PREVIEW_DELAY_MS = 300  # the preview follows typing once the clerk pauses
HEADER = ("编号", "工作任务", "牵头单位", "配合单位", "完成时限")
YEAR_FROM_TITLE = 1989  # the year box's lowest value reads “从标题识别”


@dataclass(frozen=True, slots=True)
class Pasted:
    """What the clerk chose to import: the text (with the clipboard's HTML while it is unedited), the year."""

    text: str
    html: str
    year: int | None  # as typed in the year box; None: from the title
    plan_year: int  # the year it reads as


class PasteImportDialog(QDialog):
    """The pasted text on the left, the tree it reads as on the right; 导入 once it reads as a plan."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("从剪贴板导入")
        self.resize(980, 620)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setPlaceholderText("在此粘贴通知、网页或聊天窗口中复制的工作要点全文（Ctrl+V）")
        self.year_box = QSpinBox()
        self.year_box.setRange(YEAR_FROM_TITLE, 2100)
        self.year_box.setSpecialValueText("从标题识别")
        self.preview = QTreeWidget()
        self.preview.setHeaderLabels(HEADER)
        self.preview.setColumnWidth(0, 140)  # 一、（一）1. nested three deep
        self.preview.setColumnWidth(1, 360)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("导入")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._layout()
        self._html = ""
        self.result: ImportResult | None = None
        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.update_preview)
        self.text_edit.textChanged.connect(self._edited)
        self.year_box.valueChanged.connect(lambda _year: self.update_preview())
        self.take_clipboard()

    def _layout(self) -> None:
        split = QSplitter()
        split.addWidget(self.text_edit)
        split.addWidget(self.preview)
        split.setStretchFactor(1, 1)
        year_row = QHBoxLayout()
        year_row.addWidget(QLabel("年度："))
        year_row.addWidget(self.year_box)
        year_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("左侧为粘贴的文字（可修改），右侧为将要导入的任务；确认无误后点“导入”。"))
        layout.addWidget(split, 1)
        layout.addLayout(year_row)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    def take_clipboard(self) -> None:
        """Start from what the clipboard holds: its text, and its HTML for a copied table."""
        mime = QApplication.clipboard().mimeData()
        html = mime.html() if mime is not None and mime.hasHtml() else ""
        self.text_edit.setPlainText(mime.text() if mime is not None and mime.hasText() else "")
        self._html = html  # after setPlainText, whose textChanged dropped the previous HTML
        self.update_preview()

    def _edited(self) -> None:
        self._html = ""  # the clerk's edits are in the text only
        self._timer.start()

    @property
    def chosen(self) -> Pasted:
        year = self.year_box.value()
        return Pasted(self.text_edit.toPlainText(), self._html, None if year == YEAR_FROM_TITLE else year,
                      self.result.plan.year if self.result is not None else year)

    def update_preview(self) -> None:
        """Read the text as the importer will; show its tree and counts, or what keeps it from reading."""
        self._timer.stop()
        self.preview.clear()
        chosen = self.chosen
        try:
            self.result = read_pasted(chosen.text, chosen.html, chosen.year) if chosen.text.strip() else None
        except UserError as err:
            self.result = None
            self.status.setText(f"<span style='color:#b00020'>{err}</span>")
        else:
            self.status.setText("<br>".join(self.result.summary_lines()) if self.result else "剪贴板中没有文字")
        if self.result is not None:
            _fill(self.preview.invisibleRootItem(), self.result.plan.tasks)
            self.preview.expandAll()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.result is not None)


def _fill(parent: QTreeWidgetItem, tasks: list[TaskNode]) -> None:
    for task in tasks:
        deadline = task.deadline.text if task.deadline is not None else ""
        item = QTreeWidgetItem(parent, [task.number, task.title, "、".join(task.lead_units),
                                        "、".join(task.co_units), deadline])
        item.setToolTip(1, task.measures or task.title)
        _fill(item, task.children)


def ask_pasted(parent: QWidget) -> Pasted | None:
    """The pasted plan the clerk chose to import, or None when cancelled."""
    dialog = PasteImportDialog(parent)
    return dialog.chosen if dialog.exec() == QDialog.DialogCode.Accepted else None
