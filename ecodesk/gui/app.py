"""Starting the GUI: QApplication, a font that renders Chinese, the database and the main window.

Importing SQLAlchemy costs more than building the window, so an up-to-date SQLite file is first read with
the stdlib (ecodesk.store.quick_read, read-only) and shown; the database proper is opened right after the
window's first paint (`open_after_first_paint`). Anything else (PostgreSQL, a new file, a schema to migrate
or refuse) opens the database first, as before.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

from ecodesk import APP_NAME, APP_TITLE
from ecodesk.domain.errors import UserError
from ecodesk.gui.dialogs import show_error
from ecodesk.gui.guard import OpenDeclined, claim, open_claimed
from ecodesk.gui.main_window import MainWindow, choose_plan
from ecodesk.gui.workspace import Workspace
from ecodesk.store.quick_read import read_snapshot

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
    """A window on the last plan shown (or the newest one).

    The file's lock is taken first (guard.claim), so a second start on the same file is refused before
    anything is shown. From a start-up snapshot when the target allows one: the database is then opened
    after the first paint (`open_after_first_paint`), or earlier by whatever needs it first; should it
    prove damaged and be restored from a backup, the window reloads. Otherwise opened here.
    """
    held = claim(db_target, None)
    window: MainWindow | None = None

    def reload_restored() -> None:
        if window is not None:
            QTimer.singleShot(0, window, window.reload_plans)

    try:
        start = read_snapshot(held.target, choose_plan)
        if start is None:
            ws = Workspace(open_claimed(held, None), lock=held.lock)
        else:
            ws = Workspace(None, start=start, lock=held.lock,
                           opener=lambda: open_claimed(held, window, reload_restored))
    except BaseException:
        held.release()
        raise
    window = MainWindow(ws)
    window.reload_plans()
    if not ws.is_open:
        open_after_first_paint(window)
    return window


class _FirstPaint(QObject):
    """Runs `then` on the next event-loop turn after `widget` has painted once (or after `fallback_ms`,
    in case it is never painted, e.g. minimised)."""

    def __init__(self, widget: QWidget, then: Callable[[], None], fallback_ms: int = 500) -> None:
        super().__init__(widget)
        self.widget, self.then, self.done = widget, then, False
        widget.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.done:
            QTimer.singleShot(0, self, self._fire)
        return False

    def _fire(self) -> None:
        if not self.done:
            self.done = True
            self.widget.removeEventFilter(self)
            self.then()


def open_after_first_paint(window: MainWindow) -> None:
    """Open the window's database once it is on screen; if that fails, say why in Chinese and quit (2)."""
    def finish() -> None:
        try:
            window.ws.open_now()
        except UserError as err:
            if not isinstance(err, OpenDeclined):  # the clerk has just said no: no second box
                from PySide6.QtWidgets import QMessageBox

                QMessageBox.critical(window, "无法打开数据库", str(err))
            window.close()
            QCoreApplication.exit(2)

    _FirstPaint(window, finish)


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
        if not isinstance(err, OpenDeclined):
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(None, "无法打开数据库", str(err))
        return 2
    window.show()
    QTimer.singleShot(0, window.files.offer_first_plan)
    return app.exec()
