"""Qt's own texts in Chinese: the file dialog a clerk browses with, standard buttons and the calendar."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPushButton

from ecodesk.gui.app import create_application
from ecodesk.gui.file_dialogs import FileDialog


def test_qt_speaks_chinese(qtbot: object) -> None:
    create_application()
    create_application()  # a second call installs nothing twice
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QLocale().monthName(12) == "十二月"
    dialog = FileDialog(None, "打开数据库", "", "EcoDesk 数据库 (*.sqlite)")
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    texts = {w.text() for w in dialog.findChildren(QLabel)} | {b.text() for b in dialog.findChildren(QPushButton)}
    assert not {"Look in:", "File name:", "Files of type:", "Cancel", "&Open"} & texts
    assert {"查找范围：", "文件名：", "文件类型：", "取消"} <= texts
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Yes | QDialogButtonBox.StandardButton.No)
    qtbot.addWidget(box)  # type: ignore[attr-defined]
    assert sorted(b.text() for b in box.buttons()) == ["否(&N)", "是(&Y)"]
