"""The first window loads only what it shows: no Word/Excel libraries, no charts, and Chinese glyphs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from ecodesk.gui.app import create_application, use_cjk_font
from ecodesk.services.plans import create_plan
from ecodesk.store.db import open_database

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
LAZY = ("docx", "openpyxl", "PySide6.QtCharts")


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
