"""The Qt part of `ecodesk selftest`: draws the app icon offscreen, proving the bundled Qt libraries load."""

from __future__ import annotations

from PySide6 import __version__ as pyside_version
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from ecodesk.resources_util import app_icon_path


def render_app_icon() -> str:
    """Render the SVG icon into a 32×32 image; RuntimeError (in Chinese) when Qt cannot read it."""
    _app = QGuiApplication.instance() or QGuiApplication(["ecodesk", "-platform", "offscreen"])
    renderer = QSvgRenderer(str(app_icon_path()))
    if not renderer.isValid():
        raise RuntimeError(f"Qt 无法读取图标 {app_icon_path()}")
    image = QImage(32, 32, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return f"PySide6 {pyside_version}"
