"""Two clerks edited the same task: show both versions of the changed fields and let this clerk choose.

Nothing is overwritten silently: 保留我的修改 saves the clerk's values over the version now in the
database (an ordinary, undoable edit), 采用对方的版本 (also Esc or closing) keeps what the other clerk saved.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.plan import TaskNode
from ecodesk.domain.status import Status
from ecodesk.domain.task_fields import TaskChanges, deadline_words
from ecodesk.gui.tables import read_only_table

KEEP_MINE = 1
TAKE_THEIRS = 0
NOTHING = "（空）"


def shown(value: Any) -> str:
    """A field value as a clerk reads it."""
    if isinstance(value, Status):
        return value.value
    if isinstance(value, Deadline):
        return deadline_words(value)
    if isinstance(value, list | tuple):
        return "、".join(map(str, value)) or NOTHING
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value} %"
    return str(value) if value not in (None, "") else NOTHING


class ConflictDialog(QDialog):
    """Side by side, for each field the clerk changed: the other clerk's saved value and this clerk's."""

    def __init__(self, theirs: TaskNode, mine: TaskChanges, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("任务已被他人修改")
        self.resize(640, 300)
        saved = mine.current(theirs)
        note = QLabel(f"在您编辑期间，其他人已经修改并保存了任务“{theirs.number}{theirs.title}”。"
                      "请比较两个版本，选择要保留哪一个：")
        note.setWordWrap(True)
        self.table = read_only_table(("字段", "对方保存的版本", "我的修改"),
                                     [(field.label, shown(saved[field]), shown(mine[field]))
                                      for field in mine])
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        self.keep_button = QPushButton("保留我的修改")
        self.take_button = QPushButton("采用对方的版本")
        self.take_button.setDefault(True)
        buttons = QDialogButtonBox()
        buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.take_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.keep_button.clicked.connect(lambda: self.done(KEEP_MINE))
        self.take_button.clicked.connect(lambda: self.done(TAKE_THEIRS))
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table)
        layout.addWidget(buttons)

    def keeps_mine(self) -> bool:
        """Ask (modal); True when the clerk's values should be saved over the other version."""
        return self.exec() == KEEP_MINE
