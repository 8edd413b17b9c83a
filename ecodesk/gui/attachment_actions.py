"""What the attachments panel, the tree and the progress panel ask for files: add (dialog or drop), open,
save as, remove — adds and removals as undoable commands through `Workspace.execute`.

The shown task's files are read once it has been selected, after the selection settles (a zero timer):
opening a plan or stepping through the tree with the arrow keys reads no list it would throw away, and on a
server the plan opens in its own round trips. Thumbnails are drawn from the stored bytes, once per content.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from ecodesk.domain.attachments import Attachment
from ecodesk.domain.errors import UserError
from ecodesk.domain.plan import TaskNode
from ecodesk.gui.attachments_panel import AttachmentsPanel, thumbnail
from ecodesk.gui.dialogs import show_error
from ecodesk.gui.parts import WindowParts
from ecodesk.gui.workspace import Workspace

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

THUMBNAIL_LIMIT = 20 * 1024 * 1024  # a bigger picture is listed with the file icon: reading it would stall


class AttachmentActions:
    """Keeps `panel` showing the current task's files and carries out what the clerk asks of them."""

    def __init__(self, ws: Workspace, parts: WindowParts, panel: AttachmentsPanel) -> None:
        self.ws, self.parts, self.panel = ws, parts, panel
        self.task: TaskNode | None = None
        self.files: list[Attachment] = []
        self._shown_id: int | None = None
        self._icons: dict[str, QIcon | None] = {}  # by SHA-256
        self._opened: list[Path] = []  # the temporary copies 打开 made, removed when the window closes
        self._timer = QTimer(panel)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.reload)
        panel.add_requested.connect(self.ask_files)
        panel.files_dropped.connect(lambda paths: self.add(paths))
        panel.open_requested.connect(self.open)
        panel.save_requested.connect(self.save_as)
        panel.remove_requested.connect(self.remove)
        ws.opened.connect(lambda: self.show_task(self.task, changed=True))  # after a start-up snapshot

    def show_task(self, task: TaskNode | None, *, changed: bool = False) -> None:
        """Show `task`'s files: read again when another task is shown or its files `changed`."""
        self.task = task
        task_id = task.id if task is not None else None
        if task_id == self._shown_id and not changed:
            return
        self._shown_id = task_id
        self.files = []
        self.panel.show_files([], {}, enabled=task_id is not None, reading=True)
        if task_id is not None:
            self._timer.start()

    def reload(self) -> None:
        task = self.task
        if task is None or task.id is None:
            return
        if not self.ws.is_open:  # the start-up snapshot is shown: read once the database is open
            return
        try:
            self.files = self.ws.files_of(task.id)
        except UserError as err:
            self.parts.show_status(str(err))
            return
        days = {p.id: p.date for p in task.progress if p.id is not None}
        self.panel.show_files(self.files, days, enabled=True, thumbnails=self._thumbnails())

    def _thumbnails(self) -> dict[int, QIcon]:
        from ecodesk.services.attachments import content

        icons = {}
        for item in self.files:
            if not item.is_image:
                continue
            if item.sha256 not in self._icons:
                data = content(self.ws.db, item.id, THUMBNAIL_LIMIT)
                self._icons[item.sha256] = thumbnail(data) if data is not None else None
            icon = self._icons[item.sha256]
            if icon is not None:
                icons[item.id] = icon
        return icons

    # -- what the clerk asks for --------------------------------------------------------------------

    def ask_files(self) -> None:
        if self.task is None:
            return
        from ecodesk.gui.file_dialogs import open_file_names

        chosen = open_file_names(self.parts.parent, "添加附件", "所有文件 (*)")
        if chosen:
            self.add([Path(p) for p in chosen])

    def add(self, paths: list[Path], task_id: int | None = None, progress_id: int | None = None) -> None:
        """Attach `paths` to the task (the shown one unless named) or to its update `progress_id`: read and
        stored on the thread pool (a big file takes seconds), the busy dialog up if it lasts."""
        target = task_id if task_id is not None else self.task.id if self.task is not None else None
        if target is None or not paths:
            return
        from ecodesk.gui import commands

        self.ws.execute(commands.AddAttachments(self.ws, target, list(paths), progress_id),
                        busy=f"正在添加 {len(paths)} 个附件…",
                        then=lambda: self.parts.show_status(f"已添加 {len(paths)} 个附件"))

    def open(self, attachment_id: int) -> None:
        """Copied to a temporary folder of its own, then opened by the program the system chooses."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices
        from PySide6.QtWidgets import QMessageBox

        from ecodesk.services.attachments import extract

        try:
            path = extract(self.ws.db, attachment_id)
        except UserError as err:
            show_error(self.parts.parent, err)
            return
        self._opened.append(path)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            QMessageBox.warning(self.parts.parent, "无法打开",
                                f"系统无法打开“{path.name}”，这台电脑上可能没有能打开此类文件的程序。\n"
                                f"已取出的副本在：\n{path}")

    def clear_opened(self) -> None:
        """Remove the copies 打开 took out (one a program still holds open on Windows stays, unharmed)."""
        for path in self._opened:
            shutil.rmtree(path.parent, ignore_errors=True)
        self._opened.clear()

    def save_as(self, attachment_id: int) -> None:
        from ecodesk.gui.save_names import ask_save_path
        from ecodesk.services.attachments import save_copy

        item = next((f for f in self.files if f.id == attachment_id), None)
        if item is None:
            return
        path, _ = ask_save_path(self.parts.parent, "附件另存为", item.name, "所有文件 (*)")
        if path is None:
            return
        try:
            self.parts.show_status(f"已保存：{save_copy(self.ws.db, attachment_id, path)}")
        except UserError as err:
            show_error(self.parts.parent, err)

    def remove(self, ids: list[int]) -> None:
        chosen = [f for f in self.files if f.id in ids]
        if self.task is None or self.task.id is None or not chosen:
            return
        from ecodesk.gui import commands

        self.ws.execute(commands.RemoveAttachments(self.ws, self.task.id, [f.id for f in chosen],
                                                   [f.name for f in chosen]))
