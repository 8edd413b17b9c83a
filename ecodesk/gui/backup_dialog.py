"""文件 ▸ 备份与恢复…: the copies in backups/ beside the database, a backup now, and a restore.

The services decide everything (which copies exist, the safety copy before a restore, that a PostgreSQL
database is the server's to back up); this dialog only lists and asks. A restore is a write through the Workspace's door
(`perform`): the window reloads everything and its undo history, which described the replaced data, is dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ecodesk.domain.changes import EVERYTHING
from ecodesk.domain.errors import UserError
from ecodesk.gui.dialogs import close_box, confirm, show_error
from ecodesk.gui.tables import read_only_table
from ecodesk.services import backups
from ecodesk.store.backup import BackupFile, backup_dir, reason_label

if TYPE_CHECKING:
    from ecodesk.gui.parts import WindowParts
    from ecodesk.gui.workspace import Workspace
    from ecodesk.store.db import Database

HEADER = ("备份时间", "原因", "大小")


def size_text(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def final_backup(parent: QWidget, db: Database) -> None:
    """The copy taken when the window closes or switches database; a failure is told, never raised,
    since the window is going away either way."""
    try:
        backups.backup_on_exit(db)
    except Exception as err:  # the clerk must hear of any failure, and closing must still succeed
        show_error(parent, err)


def leave_database(parent: QWidget, ws: Workspace) -> None:
    """Leave the open database: a last backup (a failure is shown, never raised), then close and unlock."""
    if ws.is_open:
        final_backup(parent, ws.db)
    ws.close()


class BackupDialog(QDialog):
    """Lists the database's backups (newest first) with 立即备份 and 恢复所选."""

    def __init__(self, ws: Workspace, parts: WindowParts) -> None:
        super().__init__(parts.parent)
        self.ws, self.parts = ws, parts
        self.db = ws.db
        self.setWindowTitle("备份与恢复")
        self.resize(560, 380)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.table = read_only_table(HEADER)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.backup_button = QPushButton("立即备份")
        self.restore_button = QPushButton("恢复所选…")
        buttons = close_box()
        buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.table.itemSelectionChanged.connect(self._enable)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.found: list[BackupFile] = []
        self.reload()

    def reload(self) -> None:
        if self.db.path is None:
            self.note.setText(backups.SERVER_MODE.format(name=self.db.display_name) + "。")
            self.backup_button.setEnabled(False)
            self.table.setEnabled(False)
            self._enable()
            return
        self.found = backups.list_backups(self.db)
        self.note.setText(f"备份保存在“{backup_dir(self.db.path)}”。窗口关闭时和使用期间（有修改时每 30 分钟）"
                          "会自动备份；恢复前会先备份当前数据，恢复后仍可再恢复回来。")
        self.table.setRowCount(len(self.found))
        for row, backup in enumerate(self.found):
            cells = (f"{backup.at:%Y-%m-%d %H:%M:%S}", reason_label(backup.reason),
                     size_text(backup.size))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self._enable()

    def _enable(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def selected(self) -> BackupFile | None:
        rows = self.table.selectionModel().selectedRows()
        return self.found[rows[0].row()] if rows and self.table.isEnabled() else None

    def backup_now(self) -> None:
        try:
            made = backups.create_backup(self.db)
        except UserError as err:
            show_error(self, err)
            return
        self.reload()
        self.table.selectRow(next(i for i, b in enumerate(self.found) if b.path == made.path))

    def restore_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        question = (f"要用 {chosen.at:%Y-%m-%d %H:%M:%S} 的备份替换当前数据库吗？\n\n"
                    "恢复前会先自动备份当前数据（列表中“恢复前”一项），需要时可以再恢复回来。")
        if not confirm(self, "恢复备份", question):
            return
        self.ws.perform(lambda: backups.restore_backup(self.db, chosen.path), lambda _safety: EVERYTHING,
                        then=lambda _safety: self._restored(chosen))
        self.reload()  # the safety copy (恢复前) is listed, and a failed restore leaves the list as it was

    def _restored(self, chosen: BackupFile) -> None:
        self.parts.show_status(f"已从备份恢复：{chosen.at:%Y-%m-%d %H:%M:%S}")
