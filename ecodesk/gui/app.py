"""Starting the GUI: QApplication, a font that renders Chinese, the database and the main window.

Importing SQLAlchemy costs more than building the window, so an up-to-date SQLite file is first read with
the stdlib (ecodesk.store.quick_read, read-only) and shown; the database proper is opened right after the
window's first paint (`after_first_paint`). Anything else (PostgreSQL, a new file, a schema to migrate
or refuse) opens the database first, as before.
"""

from __future__ import annotations

import gc
import sys
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

from ecodesk import APP_NAME, APP_TITLE
from ecodesk.domain.errors import SignInError, UserError
from ecodesk.gui.access_gate import AccessGate
from ecodesk.gui.dialogs import show_error
from ecodesk.gui.guard import OpenDeclined, claim, open_claimed
from ecodesk.gui.main_window import MainWindow, choose_plan
from ecodesk.gui.server_start import start_target
from ecodesk.gui.workspace import Workspace
from ecodesk.resources_util import ICON_SIZES, icon_png_path
from ecodesk.store.quick_read import read_snapshot

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

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
    speak_chinese(app)  # type: ignore[arg-type]
    return app  # type: ignore[return-value]


def speak_chinese(app: QApplication) -> None:
    """Qt's own texts in Chinese, whatever the PC's language: its file dialogs, message-box buttons,
    calendar and text-field menus use the translations PySide6 ships, and dates and month names the
    Chinese locale. Installed once per application (the translator is its child)."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    QLocale.setDefault(QLocale("zh_CN"))
    if app.findChild(QTranslator, QT_TRANSLATOR) is not None:
        return
    translator = QTranslator(app)
    translator.setObjectName(QT_TRANSLATOR)
    if translator.load("qt_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)


QT_TRANSLATOR = "ecodesk-qt-zh_CN"


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
    after the first paint (`finish_start`), or earlier by whatever needs it first; should it
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
    AccessGate(window)
    window.reload_plans()
    after_first_paint(window, lambda: finish_start(window))
    return window


POLL_MS = 5


def after_first_paint(widget: QWidget, then: Callable[[], None], give_up_ms: int = 500) -> None:
    """Run `then` once `widget`'s window is on screen, or after `give_up_ms` if it never is (started minimised).

    Qt paints a widget's window as soon as it is exposed, so being exposed means having been painted. This
    is polled rather than caught with an event filter: a Python filter would see every event of the start
    and make PySide6 build QEvent's 179-member enum before the first paint. The first look is one interval
    after `show()`, not at once: exposing a window takes the window system a round trip, and an earlier
    look (whose first call builds QWindow's Python type) would only delay the paint.
    """
    waited = 0

    def check() -> None:
        nonlocal waited
        waited += POLL_MS
        handle = widget.windowHandle()
        if (handle is not None and handle.isExposed()) or waited >= give_up_ms:
            then()
        else:
            QTimer.singleShot(POLL_MS, widget, check)

    QTimer.singleShot(POLL_MS, widget, check)


def finish_start(window: MainWindow) -> None:
    """What the first paint need not wait for: the window icon, then the database if the window was shown
    from a start-up snapshot. Should the database not open, say why in Chinese and quit (2)."""
    if not gc.isenabled():  # paused for the start by cli.main; what the start made stays for the session,
        gc.freeze()         # so later collections need not scan it again
        gc.enable()
    QApplication.setWindowIcon(app_icon())
    if window.ws.is_open:
        return
    try:
        window.ws.open_now()
    except UserError as err:
        _cannot_open(window, err)
        window.close()
        QCoreApplication.exit(2)


def _cannot_open(parent: QWidget | None, err: UserError) -> None:
    """Say why the database cannot be opened, unless the clerk has just declined it (no second box)."""
    if not isinstance(err, OpenDeclined):
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(parent, "无法打开数据库", str(err))


def app_icon() -> QIcon:
    """The application icon in every size drawn for it, for title bars, the taskbar and message boxes."""
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(icon_png_path(size)))
    return icon


def _excepthook(kind: type[BaseException], err: BaseException, tb: TracebackType | None) -> None:
    """A bug must not kill the window silently: log it, tell the clerk in Chinese, keep running."""
    traceback.print_exception(kind, err, tb)
    show_error(QApplication.activeWindow(), err if isinstance(err, Exception) else Exception(str(err)))


def _first_window(target: str | None) -> MainWindow | None:
    """The window on `target`. A server that refuses the sign-in or cannot be reached asks again, or the
    clerk switches to the local database file (gui/server_dialog.py). None when nothing is opened."""
    while True:
        try:
            window = build_window(target)
        except SignInError as err:
            from ecodesk.gui.server_dialog import recover

            target = recover(err, target)  # the dialog shows why, and None when the clerk gives up
            if target is None:
                return None
            continue
        except UserError as err:
            _cannot_open(None, err)
            return None
        if window.ws.is_open and not window.ws.db.is_sqlite:
            from ecodesk.gui.server_dialog import warn_plain_once

            warn_plain_once(window, window.ws.db.engine.url)
        return window


def run(db_target: str | None = None) -> int:
    """Entry point of `ecodesk` without a subcommand and of `ecodesk-gui`."""
    app = create_application()
    sys.excepthook = _excepthook
    window = _first_window(start_target(db_target))
    if window is None:
        return 2
    window.show()
    QTimer.singleShot(0, window.files.offer_first_plan)
    return app.exec()
