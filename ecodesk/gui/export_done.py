"""After an export: a small box to open the file or its folder, and a Chinese word when the system cannot.

The file used to be handed to the system's opener unasked; where no program opens .docx (or the opener
fails) nothing happened and nothing said so. Now the clerk chooses, and a failed open (QDesktopServices
.openUrl returns False) is explained, with where the file is.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

OPEN_FILE, OPEN_FOLDER, CLOSE = "打开文件", "打开所在文件夹", "关闭"


class ExportDoneBox(QMessageBox):
    """已导出 …: 打开文件 / 打开所在文件夹 / 关闭 (the default)."""

    def __init__(self, parent: QWidget | None, path: Path) -> None:
        super().__init__(QMessageBox.Icon.Information, "导出完成", f"已导出到：\n{path}",
                         QMessageBox.StandardButton.NoButton, parent)
        self.choices = {self.addButton(text, QMessageBox.ButtonRole.ActionRole): text
                        for text in (OPEN_FILE, OPEN_FOLDER)}
        close = self.addButton(CLOSE, QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(close)
        self.setEscapeButton(close)

    @staticmethod
    def ask(parent: QWidget | None, path: Path) -> str:
        """Which button the clerk pressed (CLOSE when the box was closed). Tests replace this one call."""
        box = ExportDoneBox(parent, path)
        box.exec()
        return box.choices.get(box.clickedButton(), CLOSE)  # type: ignore[call-overload]


def offer_to_open(parent: QWidget | None, path: Path) -> None:
    """Ask, then open the file or its folder with the system's programs; say so when that fails."""
    choice = ExportDoneBox.ask(parent, path)
    if choice == CLOSE:
        return
    target = path if choice == OPEN_FILE else path.parent
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(target))):
        what = f"“{path.name}”" if choice == OPEN_FILE else "所在文件夹"
        advice = "这台电脑上可能没有能打开此类文件的程序。" if choice == OPEN_FILE else ""
        QMessageBox.warning(parent, "无法打开", f"系统无法打开{what}。{advice}\n文件已保存在：\n{path}")
