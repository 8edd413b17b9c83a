"""Every file dialog of the window: Qt's own, told file types by their names, never by their content.

Qt's file dialog asks QMimeDatabase for each listed file's type, and for a name it does not know (such as
ecodesk.sqlite) QMimeDatabase opens the file and reads its start. On Linux, closing that read drops every
lock SQLite holds on the file in this process (sqlite.org/howtocorrupt.html §2.2): merely showing the
database's folder would let another process delete the WAL the window still writes to. So the dialogs here
name types and pick icons from the file name alone. On Windows locks belong to a handle, not a process, and
the system's own dialog (which clerks know) is kept; elsewhere Qt's dialog is used, since a desktop's
native one (GTK's) runs inside this process too and sniffs content the same way.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from PySide6.QtCore import QFileInfo
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QSplitter, QTreeView, QWidget

_TYPE_NAMES = {"sqlite": "EcoDesk 数据库", "db": "数据库文件", "docx": "Word 文档", "doc": "Word 97-2003 文档",
               "xlsx": "Excel 工作簿", "xls": "Excel 97-2003 工作簿", "txt": "文本文件", "csv": "CSV 文件",
               "wps": "WPS 文字文档", "et": "WPS 表格", "pdf": "PDF 文档", "rtf": "RTF 文档"}


class NameOnlyTypes(QFileIconProvider):
    """Types and icons from a file's name and kind (file or folder), without reading the file."""

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "文件夹"
        suffix = info.suffix().lower()
        return _TYPE_NAMES.get(suffix, f"{suffix.upper()} 文件" if suffix else "文件")

    def icon(self, what: QFileInfo | QFileIconProvider.IconType) -> QIcon:  # type: ignore[override]
        if isinstance(what, QFileInfo):
            kind = QFileIconProvider.IconType.Folder if what.isDir() else QFileIconProvider.IconType.File
            return super().icon(kind)
        return super().icon(what)


class FileDialog(QFileDialog):
    """Qt's file dialog with `NameOnlyTypes` (the system's own on Windows)."""

    def __init__(self, parent: QWidget | None, caption: str, start: str, filters: str) -> None:
        super().__init__(parent, caption, start, filters)
        self._types = NameOnlyTypes()  # the dialog does not own it: kept as long as the dialog
        if sys.platform != "win32":
            self.setOption(QFileDialog.Option.DontUseNativeDialog)
            self.setIconProvider(self._types)
            self.resize(880, 540)  # Qt's own size cuts the name, size and type columns short
            self._speak_chinese()

    def _speak_chinese(self) -> None:
        """The labels Qt's Chinese translation leaves in English, and columns wide enough for Chinese types."""
        for label, text in ((QFileDialog.DialogLabel.LookIn, "查找范围："),
                            (QFileDialog.DialogLabel.FileName, "文件名："),
                            (QFileDialog.DialogLabel.FileType, "文件类型：")):
            self.setLabelText(label, text)
        sides = self.findChild(QSplitter, "splitter")
        if sides is not None:
            sides.setSizes([150, 730])  # the places list wide enough for 计算机
        details = self.findChild(QTreeView, "treeView")
        if details is not None:
            for column, width in enumerate((380, 90, 140)):
                details.setColumnWidth(column, width)


def open_file_name(parent: QWidget | None, caption: str, filters: str, start: str = "") -> str:
    """The existing file the clerk picks, or "" when cancelled."""
    dialog = FileDialog(parent, caption, start, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    return dialog.selectedFiles()[0] if dialog.exec() and dialog.selectedFiles() else ""


def save_file_name(parent: QWidget | None, caption: str, suggested: Path | str,
                   filters: str = "") -> tuple[str, str]:
    """The file to write and the file type chosen, or ("", "") when cancelled; an existing file is only
    taken once the clerk agreed to replace it. A name typed without a suffix gets the chosen type's."""
    dialog = FileDialog(parent, caption, str(suggested), filters)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix(type_suffix(dialog.selectedNameFilter()))
    dialog.filterSelected.connect(lambda chosen: dialog.setDefaultSuffix(type_suffix(chosen)))
    if not dialog.exec() or not dialog.selectedFiles():
        return "", ""
    return dialog.selectedFiles()[0], dialog.selectedNameFilter()


_PATTERN = re.compile(r"\(\*\.(\w+)")


def type_suffix(name_filter: str) -> str:
    """The suffix of a file type such as “Word 文档 (*.docx)” (docx); "" for 所有文件 (*)."""
    m = _PATTERN.search(name_filter)
    return m.group(1) if m else ""
