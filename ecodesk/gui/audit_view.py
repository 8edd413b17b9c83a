"""The audit log in the window: a task's 修改记录, its CSV export, and 恢复已删除任务….

Rows are formatted by ecodesk.io.audit_csv (as `ecodesk audit` prints and exports them), so the
dialog, the CLI and the CSV file always say the same thing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ecodesk.domain.audit import AuditEntry
from ecodesk.domain.errors import UserError
from ecodesk.domain.plan import TaskNode
from ecodesk.domain.task_fields import audit_label
from ecodesk.gui.commands import RestoreTask
from ecodesk.gui.dialogs import close_box, show_error
from ecodesk.gui.tables import read_only_table
from ecodesk.io.audit_csv import audit_row, local_time, write_audit_csv
from ecodesk.services.audit import BY_TASK, plan_log
from ecodesk.services.tree import DeletedTask, deleted_tasks

if TYPE_CHECKING:
    from ecodesk.gui.workspace import Workspace

HEADER = ("时间", "操作人", "操作", "字段", "原值", "新值")
CELL_LIMIT = 120  # a deleted subtree is logged as a JSON snapshot: the table shows its start, the CSV all


def table_row(entry: AuditEntry) -> tuple[str, ...]:
    """One line of the 修改记录 table: the CSV's columns without the object, fields in Chinese."""
    at, who, action, entity, _number, field, old, new = audit_row(entry)
    if entry.entity in BY_TASK:
        field = ""  # a progress row's (or a file's) `field` holds its task id, which says nothing to a clerk
    return at, who, f"{action}{entity}", audit_label(field), _short(old), _short(new)


def _short(text: str) -> str:
    return text if len(text) <= CELL_LIMIT else text[:CELL_LIMIT] + "…"


def export_log(parent: QWidget, entries: list[AuditEntry], suggested: str) -> None:
    """Ask where, then write the CSV atomically (a failed write leaves no half file)."""
    from ecodesk.gui.save_names import ask_save_path, type_filter

    path, _ = ask_save_path(parent, "导出修改记录", suggested, type_filter(".csv"))
    if path is None:
        return
    try:
        write_audit_csv(entries, Path(path))
    except OSError as err:
        show_error(parent, UserError(f"无法写入“{path}”：{err.strerror or err}"))
        return
    QMessageBox.information(parent, "导出完成", f"已导出 {len(entries)} 条修改记录：{path}")


class AuditDialog(QDialog):
    """Who changed what in one task (its fields and its progress updates), oldest first."""

    def __init__(self, ws: Workspace, task: TaskNode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert ws.plan_id is not None and task.id is not None
        self.entries = plan_log(ws.db, ws.plan_id, task.id)
        self.task = task
        self.setWindowTitle(f"修改记录 — {task.number}{task.title}")
        self.resize(820, 420)
        self.table = read_only_table(HEADER, [table_row(entry) for entry in self.entries])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        self.table.resizeColumnsToContents()
        for column in (4, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        self.table.scrollToBottom()
        export = QPushButton("导出修改记录…")
        export.clicked.connect(lambda: export_log(self, self.entries, f"{task.title}-修改记录.csv"))
        buttons = close_box()
        buttons.addButton(export, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        count = f"共 {len(self.entries)} 条修改记录（时间为本机时间）" if self.entries else "该任务还没有修改记录"
        layout.addWidget(QLabel(count))
        layout.addWidget(self.table)
        layout.addWidget(buttons)


class DeletedTasksDialog(QDialog):
    """Deleted tasks of the plan, newest first; 恢复 puts the chosen one (with its subtree) back."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert ws.plan_id is not None
        self.ws = ws
        self.setWindowTitle("恢复已删除任务")
        self.resize(560, 360)
        self.list = QListWidget()
        self.restore_button = QPushButton("恢复所选任务")
        self.restore_button.setDefault(True)
        buttons = close_box()
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self.restore_selected)
        self.list.itemDoubleClicked.connect(lambda _item: self.restore_selected())
        self.list.currentRowChanged.connect(lambda row: self.restore_button.setEnabled(row >= 0))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("删除的任务连同其下级任务和进展一起恢复到原来的位置："))
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.deleted: list[DeletedTask] = []
        self.reload()

    def reload(self) -> None:
        assert self.ws.plan_id is not None
        self.deleted = deleted_tasks(self.ws.db, self.ws.plan_id)
        self.list.clear()
        for d in self.deleted:
            self.list.addItem(QListWidgetItem(f"{d.title}\n    {local_time(d.at)} 由 {d.who or '未知'} 删除"))
        if not self.deleted:
            self.list.addItem(QListWidgetItem("（没有可恢复的已删除任务）"))
            self.list.setEnabled(False)
        self.list.setCurrentRow(0 if self.deleted else -1)
        self.restore_button.setEnabled(bool(self.deleted))

    def restore_selected(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.deleted):
            return
        chosen = self.deleted[row]
        if self.ws.execute(RestoreTask(self.ws, f"恢复任务“{chosen.title}”", chosen.snapshot)):
            self.accept()
        else:
            self.reload()
