"""The application icon in every size the installers and desktops ask for, and the .desktop entry."""

from __future__ import annotations

import configparser
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ecodesk import APP_TITLE
from ecodesk.resources_util import (
    ICO_SIZES,
    ICON_SIZES,
    SAMPLE_PLAN,
    app_ico_path,
    app_icon_path,
    icon_png_path,
    resources_path,
)

DESKTOP_ENTRY = Path(__file__).resolve().parents[1] / "installer" / "linux" / "ecodesk.desktop"


def test_svg_icon_is_a_square_svg() -> None:
    root = ET.parse(app_icon_path()).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("width") == root.get("height")


@pytest.mark.parametrize("size", ICON_SIZES)
def test_png_icon_has_its_size(size: int) -> None:
    data = icon_png_path(size).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (size, size)  # IHDR width, height


def test_ico_holds_every_windows_size() -> None:
    data = app_ico_path().read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = [data[6 + 16 * i] or 256 for i in range(count)]  # width byte, 0 meaning 256
    assert sizes == list(ICO_SIZES)


def test_sample_plan_is_bundled() -> None:
    assert "工作要点" in resources_path(SAMPLE_PLAN).read_text(encoding="utf-8")


def test_desktop_entry_names_the_app_and_starts_the_gui() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    entry.read(DESKTOP_ENTRY, encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Name"] == APP_TITLE
    assert section["Exec"] == "ecodesk-gui"
    assert section["Icon"] == "ecodesk"
    assert section["Terminal"] == "false"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="Debian desktop-file-utils not installed")
def test_desktop_entry_validates() -> None:
    result = subprocess.run(["desktop-file-validate", str(DESKTOP_ENTRY)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr
