"""The files of the selected task (and of its updates): a list with thumbnails, 添加, 打开, 另存为, 删除, and
files dragged onto it from the desktop or a folder.

The panel only shows and asks; `gui/attachment_actions.py` reads the files and writes through the
Workspace. Drops name local files by URL: nothing here opens them (nor the database file: Qt is asked for
no MIME type, which would read a file's start).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ecodesk.domain.attachments import Attachment, size_text
from ecodesk.domain.deadlines import format_cn_date
from ecodesk.gui.qt_values import USER_ROLE

if TYPE_CHECKING:  # Qt's event and icon classes are loaded at the first drop or thumbnail, not at start
    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QIcon

THUMBNAIL = 56  # pixels: big enough to tell photos apart, small enough for a dozen in the side column
ID_ROLE = USER_ROLE  # the first window shows the panel: no Qt enum is built for it (gui/qt_values.py)


def dropped_files(mime: QMimeData) -> list[Path]:
    """The local files a drag carries (none for text, links or files of a remote share not mounted)."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


def thumbnail(data: bytes) -> QIcon | None:
    """A picture scaled to THUMBNAIL (its shape kept), read from the bytes alone; None when Qt cannot."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QIcon, QImageReader, QPixmap

    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    size = reader.size()
    if size.isValid() and size.width() > 0 and size.height() > 0:
        reader.setScaledSize(size.scaled(QSize(THUMBNAIL, THUMBNAIL), Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return None if image.isNull() else QIcon(QPixmap.fromImage(image))


class AcceptsFiles:
    """A widget files may be dragged onto from a file manager: `take_files(paths, event)` gets the local
    files of a drop (a mixin before QWidget: Qt calls the drag handlers below)."""

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_files(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if dropped_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = dropped_files(event.mimeData())
        if files:
            event.acceptProposedAction()
            self.take_files(files, event)

    def take_files(self, files: list[Path], event: QDropEvent) -> None:
        raise NotImplementedError


def file_icon(widget: QWidget) -> QIcon:
    """The style's icon of a file. QStyle is imported here, at the first file shown: importing it builds its
    dozen enums (over 600 members), a cost the start of the window would otherwise pay."""
    from PySide6.QtWidgets import QStyle

    return widget.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)


def text_button(text: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    return button


class AttachmentsPanel(AcceptsFiles, QWidget):
    """Lists a task's files; emits what the clerk asks for, by attachment id (drops: the paths)."""

    add_requested = Signal()
    open_requested = Signal(int)
    save_requested = Signal(int)
    remove_requested = Signal(list)
    files_dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.title_label = QLabel("附件")
        # tool buttons: as wide as their words, so the row fits beside the tree at 1366 px (push buttons
        # are at least 80 px each and widened the whole side panel)
        self.add_button, self.open_button, self.save_button, self.remove_button = (
            text_button(text) for text in ("添加…", "打开", "另存为…", "删除"))
        self.list = QListWidget()
        self.list.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setAlternatingRowColors(True)
        self.list.setMinimumHeight(150)  # three files with their thumbnails
        self.list.setToolTip("可把文件拖到这里添加")
        self.hint = QLabel("把照片、扫描件等文件拖到这里，或点“添加…”")
        self.hint.setStyleSheet("color: gray")
        self.hint.setWordWrap(True)  # never wider than the fields above it
        self.refusal: str | None = None  # why the signed-in clerk may not add or remove files here (gui/access_gate)
        self._enabled = False
        self._lay_out()
        self._connect()
        self.show_files([], {}, enabled=False)

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.title_label)
        top.addStretch(1)
        for button in (self.add_button, self.open_button, self.save_button, self.remove_button):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.list)
        layout.addWidget(self.hint)

    def _connect(self) -> None:
        self.add_button.clicked.connect(self.add_requested)
        self.open_button.clicked.connect(lambda: self._one(self.open_requested))
        self.save_button.clicked.connect(lambda: self._one(self.save_requested))
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self.selected_ids()))
        self.list.itemDoubleClicked.connect(lambda item: self.open_requested.emit(item.data(ID_ROLE)))
        self.list.itemSelectionChanged.connect(self._enable)

    def show_files(self, files: Iterable[Attachment], update_days: dict[int, object], *, enabled: bool,
                   thumbnails: dict[int, QIcon] | None = None, reading: bool = False) -> None:
        """Show `files` in the order given, each with its size and the update it belongs to
        (`update_days`: an update's id → its date), images with their thumbnail; `reading`: the task's files
        are still to come (files may be dropped meanwhile)."""
        self.list.clear()
        files = list(files)
        icon = file_icon(self) if files else None
        for item in files:
            where = update_days.get(item.progress_id) if item.progress_id is not None else None
            second = f"{size_text(item.size)} · {'进展 ' + format_cn_date(where) if where else '任务'}"  # type: ignore[arg-type]
            row = QListWidgetItem((thumbnails or {}).get(item.id, icon), f"{item.name}\n{second}")  # type: ignore[arg-type]
            row.setData(ID_ROLE, item.id)
            row.setToolTip(f"{item.name}\nSHA-256 {item.sha256}")
            self.list.addItem(row)
        self.title_label.setText(f"附件（{len(files)} 个）" if enabled and not reading else "附件")
        self._enabled = enabled
        self.hint.setVisible(enabled and not files and not reading and self.refusal is None)
        self._enable()

    def refuse(self, refusal: str | None) -> None:
        """No adding or removing (the server would refuse it), `refusal` saying why; None: as the task allows.
        Opening and saving a copy stay."""
        self.refusal = refusal
        for button in (self.add_button, self.remove_button):
            button.setToolTip(refusal or "")
        self._enable()

    def selected_ids(self) -> list[int]:
        return [item.data(ID_ROLE) for item in self.list.selectedItems()]

    def _one(self, signal: Signal) -> None:
        chosen = self.selected_ids()
        if len(chosen) == 1:
            signal.emit(chosen[0])  # type: ignore[attr-defined]

    def _enable(self) -> None:
        count, writable = len(self.list.selectedItems()), self._enabled and self.refusal is None
        self.open_button.setEnabled(count == 1)
        self.save_button.setEnabled(count == 1)
        self.add_button.setEnabled(writable)
        self.remove_button.setEnabled(writable and count > 0)
        self.setAcceptDrops(writable)

    def take_files(self, files: list[Path], _event: QDropEvent) -> None:
        self.files_dropped.emit(files)
