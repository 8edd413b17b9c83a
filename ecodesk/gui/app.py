"""Starting the GUI: QApplication, a font that renders Chinese, the database and the main window."""

from __future__ import annotations

import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from ecodesk import APP_NAME, APP_TITLE
from ecodesk.domain.errors import UserError
from ecodesk.gui.dialogs import show_error
from ecodesk.gui.main_window import MainWindow
from ecodesk.gui.workspace import Workspace
from ecodesk.store.db import open_database

# Preferred CJK families, most common first on Windows, macOS and Linux (fonts-noto-cjk, fonts-wqy-*).
CJK_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC",
                "WenQuanYi Micro Hei", "Noto Sans SC", "SimSun")
SAMPLE = "工作要点"


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with names QSettings files are kept under, and a Chinese-capable font."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    use_cjk_font(app)  # type: ignore[arg-type]
    return app  # type: ignore[return-value]


def use_cjk_font(app: QApplication) -> None:
    """Keep the default font if it has Chinese glyphs; otherwise switch to an installed CJK family."""
    font = app.font()
    if _has_chinese(font.family()):
        return
    installed = set(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
    family = next((f for f in CJK_FAMILIES if f in installed), min(installed, default=None))
    if family is not None:
        app.setFont(QFont(family, font.pointSize()))


def _has_chinese(family: str) -> bool:
    return QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family)


def build_window(db_target: str | None) -> MainWindow:
    """Open the database and a window on the last plan shown (or the newest one)."""
    window = MainWindow(Workspace(open_database(db_target)))
    window.reload_plans()
    return window


def _excepthook(kind: type[BaseException], err: BaseException, tb: TracebackType | None) -> None:
    """A bug must not kill the window silently: log it, tell the clerk in Chinese, keep running."""
    traceback.print_exception(kind, err, tb)
    show_error(QApplication.activeWindow(), err if isinstance(err, Exception) else Exception(str(err)))


def run(db_target: str | None = None) -> int:
    """Entry point of `ecodesk` without a subcommand and of `ecodesk-gui`."""
    app = create_application()
    sys.excepthook = _excepthook
    try:
        window = build_window(db_target)
    except UserError as err:
        QMessageBox.critical(None, "无法打开数据库", str(err))
        return 2
    window.show()
    QTimer.singleShot(0, window.files.offer_first_plan)
    return app.exec()
