"""The first window loads only what it shows: no Word/Excel libraries, no charts, and Chinese glyphs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from ecodesk.domain.status import Status
from ecodesk.domain.task_fields import TaskChanges
from ecodesk.gui import qt_values
from ecodesk.gui.app import create_application, use_cjk_font
from ecodesk.resources_util import ICON_SIZES
from ecodesk.services import tasks
from ecodesk.services.plans import create_plan
from ecodesk.store.db import open_database
from tests.gui.test_deferred_open import make_plans

REPO = Path(__file__).resolve().parents[2]
CHILD = """
import sys
from PySide6.QtCore import QTimer
from ecodesk.gui.app import build_window, create_application
app = create_application()
window = build_window(sys.argv[1])
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
print(" ".join(sorted(sys.modules)))
"""
LAZY = ("docx", "openpyxl", "PySide6.QtCharts", "ecodesk.services.exporting", "ecodesk.domain.urging",
        "ecodesk.domain.period_report")


def test_first_window_does_not_import_what_it_does_not_show(tmp_path: Path) -> None:
    db_path = tmp_path / "db.sqlite"
    create_plan(open_database(str(db_path)), year=2021)
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", CHILD, str(db_path)], env=env, capture_output=True, text=True,
                         check=True, timeout=120).stdout.split()
    assert "ecodesk.gui.main_window" in out
    assert [m for m in LAZY if m in out] == []


def test_application_font_renders_chinese(qapp: QApplication) -> None:
    app = create_application()
    use_cjk_font(app)
    family = app.font().family()
    chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    assert not chinese or QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family)


QT_CHILD = """
import gc
import sys
gc.disable()  # as cli.main starts the window
from PySide6 import QtCore, QtGui, QtWidgets
import ecodesk.gui.app as app_module
app = app_module.create_application()
window = app_module.build_window(sys.argv[1])
finish_start = app_module.finish_start
def painted(window):
    marks = [window.model.index_of(t.id).data(1) is not None for t in window.ws.tree.walk()]
    built = [n for n in ("Qt", "QEvent") if n in QtCore.__dict__]
    built += [n for n in ("QIcon", "QImage") if n in QtGui.__dict__]
    built += [n for n in ("QStyle",) if n in QtWidgets.__dict__]
    print(sum(marks), window.detail.lead_list.count(), "+".join(built) or "none")
    finish_start(window)
    print(len(app.windowIcon().availableSizes()), gc.isenabled() and gc.get_freeze_count() > 10000)
    app.quit()
app_module.finish_start = painted
window.show()
app.exec()
"""


def test_first_window_is_painted_without_building_big_enums(tmp_path: Path) -> None:
    """Touching a PySide6 class the first time builds its Python enums: Qt's namespace has some 1,200
    members (about 35 ms), QEvent.Type 179 (event filters and handlers), QIcon.ThemeIcon 151, QImage.Format
    38, QStyle a dozen enums of over 600 members together (45 million instructions). The first window is
    painted without them (gui/qt_values.py), with its marks, unit checklists, shortcuts and splitters all in
    place. The window icon follows the first paint, and the garbage collector
    resumes then, the start's objects frozen out of its later passes."""
    db_path = tmp_path / "db.sqlite"
    plan_id = make_plans(db_path, empty_2022=False)
    db = open_database(str(db_path))
    tasks.update_task(db, tasks.add_task(db, plan_id, title="水污染防治"), TaskChanges.named(status=Status.DONE))
    db.close()
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", QT_CHILD, str(db_path)], env=env, capture_output=True, text=True,
                         check=True, timeout=120).stdout.split()
    # an overdue and a done mark, two units offered, no big enum built; then the icon in all its sizes
    assert out == ["2", "2", "none", str(len(ICON_SIZES)), "True"]


def test_qt_values_are_qt_own() -> None:
    qt_own = {"DECORATION_ROLE": Qt.ItemDataRole.DecorationRole, "EDIT_ROLE": Qt.ItemDataRole.EditRole,
              "FOREGROUND_ROLE": Qt.ItemDataRole.ForegroundRole, "CHECK_STATE_ROLE": Qt.ItemDataRole.CheckStateRole,
              "USER_ROLE": Qt.ItemDataRole.UserRole, "UNCHECKED": Qt.CheckState.Unchecked,
              "CHECKED": Qt.CheckState.Checked,
              "WIDGET_SHORTCUT": Qt.ShortcutContext.WidgetShortcut,
              "CUSTOM_CONTEXT_MENU": Qt.ContextMenuPolicy.CustomContextMenu,
              "SCROLL_BAR_OFF": Qt.ScrollBarPolicy.ScrollBarAlwaysOff}
    ours = {name: value for name, value in vars(qt_values).items() if name.isupper()}
    assert ours == {name: enum.value for name, enum in qt_own.items()}


def test_urging_colours_cover_every_level() -> None:
    """The 催办记录 tab colours each level by its value, without importing the rules at start."""
    from ecodesk.domain.urging import Level
    from ecodesk.gui.urgings import LEVEL_COLORS

    assert set(LEVEL_COLORS) == {level.value for level in Level}
