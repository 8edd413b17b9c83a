"""The Windows installer build, run on Linux: win_amd64 wheels from PyPI, the NSIS script, and (given the
embeddable Python zip and makensis) the .exe. The real install and `ecodesk selftest` on Windows run in
.github/workflows/windows-installer.yml."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ecodesk import APP_TITLE, __version__

REPO = Path(__file__).resolve().parents[1]
BUILD = REPO / "installer" / "build-windows"


def build_windows(*args: str | Path, timeout: int = 1800) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(BUILD), *map(str, args)], capture_output=True, text=True,
                          timeout=timeout)


def test_wrong_checksum_stops_the_build_before_anything_else(tmp_path: Path) -> None:
    fake = tmp_path / "python-3.11.9-embed-amd64.zip"
    fake.write_bytes(b"not the zip python.org published")
    result = build_windows("--python-zip", fake, "--python-sha256", "0" * 64, "--work", tmp_path / "work")
    assert result.returncode != 0
    assert hashlib.sha256(fake.read_bytes()).hexdigest() in result.stderr
    assert not (tmp_path / "work").exists()


def test_exe_needs_the_embeddable_zip() -> None:
    result = build_windows()
    assert result.returncode == 2
    assert "--python-zip" in result.stderr


@pytest.mark.slow
def test_nsis_script_and_win_amd64_packages(tmp_path: Path) -> None:
    work = tmp_path / "work"
    result = build_windows("--no-makensis", "--work", work)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    nsis = work / "nsis"
    script = re.sub(r"\\\n\s*", " ", (nsis / "installer.nsi").read_text(encoding="utf-8"))  # join continued lines

    # Start-menu shortcut and desktop icon, named after the app, start the GUI without a console window
    for folder in ("$SMPROGRAMS", "$DESKTOP"):
        created = re.search(rf'CreateShortCut "{re.escape(folder)}\\{re.escape(APP_TITLE)}\.lnk" (.*)', script)
        assert created, f"no {folder} shortcut"
        assert '"$INSTDIR\\Python\\pythonw.exe"' in created.group(1)
        assert '"$INSTDIR\\ecodesk.ico"' in created.group(1)
        assert f'Delete "{folder}\\{APP_TITLE}.lnk"' in script
    assert '!define PRODUCT_ICON "ecodesk.ico"' in script
    assert (nsis / "ecodesk.ico").read_bytes() == (REPO / "resources" / "ecodesk.ico").read_bytes()
    assert "Unicode true" in script and 'MUI_LANGUAGE "SimpChinese"' in script

    # an uninstaller that removes what it installed and keeps the clerk's data folder (%LOCALAPPDATA%\EcoDesk)
    assert "WriteUninstaller $INSTDIR\\uninstall.exe" in script
    uninstall = script[script.index('Section "Uninstall"'):]
    uninstall = uninstall[: uninstall.index("SectionEnd")]
    assert "APPDATA" not in uninstall and "$PROFILE" not in uninstall
    assert not re.search(r'RMDir /r "?\$INSTDIR"?\s*$', uninstall, re.MULTILINE)
    assert re.search(r"^\s*RMDir \$INSTDIR\s*$", uninstall, re.MULTILINE)  # only if empty
    install_dir = re.search(r'!define MULTIUSER_INSTALLMODE_INSTDIR "(.*)"', script)
    assert install_dir and install_dir.group(1) == APP_TITLE != "EcoDesk"

    # 64-bit Python and Windows builds of every dependency
    assert '!define BITNESS "64"' in script and '!define PY_VERSION "3.11.9"' in script
    pkgs = nsis / "pkgs"
    assert (pkgs / "PySide6" / "QtWidgets.pyd").is_file()
    assert (pkgs / "shiboken6" / "Shiboken.pyd").is_file()
    assert list((pkgs / "sqlalchemy").rglob("*.pyd")) or (pkgs / "sqlalchemy" / "__init__.py").is_file()
    assert (pkgs / "ecodesk" / "resources" / "samples" / "xinjian-2021-gongzuoyaodian.txt").is_file()
    assert (pkgs / "ecodesk" / "migrations" / "env.py").is_file()
    assert (pkgs / f"ecodesk-{__version__}.dist-info").is_dir()
    assert (nsis / "bin" / "ecodesk.exe").read_bytes()[:2] == b"MZ"  # the `ecodesk` command (selftest in CI)
