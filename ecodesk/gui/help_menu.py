"""The 帮助 menu's 使用说明 (a short guide bundled in resources/guide.html) and 打开示例计划.

The sample plan opens in a window of its own on a database in a temporary folder, made from the bundled
sample (resources_util.SAMPLE_PLAN): a clerk can try every edit and export on it, and the bureau's own
database is never opened, changed or locked by it. The folder is removed when that window closes.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout, QWidget

from ecodesk.gui.dialogs import close_box, show_error
from ecodesk.resources_util import SAMPLE_PLAN, resources_path

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from ecodesk.gui.parts import WindowParts

GUIDE = "guide.html"
SAMPLE_TITLE = "示例计划（临时数据库，关闭窗口后删除）"


class GuideDialog(QDialog):
    """The bundled guide, in a window that does not block the main one."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("使用说明")
        self.text = QTextBrowser()
        self.text.setHtml(resources_path(GUIDE).read_text(encoding="utf-8"))
        buttons = close_box()
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(620, 560)


def show_guide(parent: QWidget) -> GuideDialog:
    dialog = GuideDialog(parent)
    dialog.show()
    return dialog


def make_sample_database(folder: Path) -> Path:
    """A new database file in `folder` holding the bundled sample plan (background work: it imports),
    closed again: the window opens it on the GUI thread, whose connections it then keeps."""
    from ecodesk.services.importing import import_document
    from ecodesk.store.db import open_database

    path = folder / "示例.sqlite"
    db = open_database(str(path))
    try:
        import_document(db, resources_path(SAMPLE_PLAN))
    finally:
        db.close()
    return path


def open_sample(parts: WindowParts, window_type: Callable[..., QMainWindow]) -> None:
    """Prepare the sample database off the GUI thread, then show it in a window of `window_type` (the
    main window's class, handed in: this module is imported by it)."""
    folder = Path(tempfile.mkdtemp(prefix="ecodesk-sample-"))

    def failed(err: Exception) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        show_error(parts.parent, err)

    parts.run(parts.parent, "正在准备示例计划…", lambda: make_sample_database(folder),
              on_done=lambda path: sample_window(parts.parent, path, window_type).show(), on_error=failed)


def sample_window(parent: QWidget, path: Path, window_type: Callable[..., QMainWindow]) -> QMainWindow:
    """A main window on the sample database; closing it closes the database and removes its folder."""
    from PySide6.QtCore import Qt

    from ecodesk.gui.workspace import Workspace
    from ecodesk.store.db import open_database

    window = window_type(Workspace(open_database(str(path))), remembers=False)
    window.setParent(parent, window.windowFlags())  # a window of its own, closed with the clerk's
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.destroyed.connect(lambda: shutil.rmtree(path.parent, ignore_errors=True))
    window.reload_plans()
    window.setWindowTitle(f"{SAMPLE_TITLE} — {window.windowTitle()}")
    return window
