"""Where the bundled resources (icon, sample plan) are, in a source checkout and in an installed copy.

No Qt here: the CLI, the installers' build scripts and the GUI all ask the same functions.
"""

from __future__ import annotations

from pathlib import Path

ICON_NAME = "ecodesk"
# the hicolor sizes a Linux desktop looks for, and the sizes inside the Windows .ico
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 256)
SAMPLE_PLAN = "samples/xinjian-2021-gongzuoyaodian.txt"


def resources_dir() -> Path:
    """ecodesk/resources inside an installed package; the repository's resources/ in a checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "resources"
    return installed if installed.is_dir() else package.parent / "resources"


def resources_path(name: str) -> Path:
    """A bundled file by its name relative to resources/, e.g. "ecodesk.svg"."""
    return resources_dir() / name


def app_icon_path() -> Path:
    """The scalable application icon (what the main window and the 关于 box show)."""
    return resources_path(f"{ICON_NAME}.svg")


def app_ico_path() -> Path:
    """The multi-size Windows icon of the shortcuts and the installer."""
    return resources_path(f"{ICON_NAME}.ico")


def icon_png_path(size: int) -> Path:
    return resources_path(f"icons/{ICON_NAME}-{size}.png")
