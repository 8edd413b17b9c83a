"""Old and WPS formats (.doc, .wps, .rtf, .xls, .et): converted to .docx/.xlsx, then read.

The converter is the first installed of: LibreOffice (headless, any system), then on Windows Word/Excel,
then WPS 文字/表格 driven by COM automation (office_com.py). Either way the converter is a child process
working on a copy of the file in a temporary folder, so the original is never opened for writing and no
lock file lands beside it; a child that outlives the time limit is killed, with the Office process it
named as its server (a COM server is started by Windows, not as our child), and the clerk is told.
LibreOffice gets a profile of its own there (-env:UserInstallation), so it never collides with a
LibreOffice the clerk has open.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ecodesk.domain.errors import InputFileError
from ecodesk.io.plan_import import office_com

# Source format → the format it is converted to, and LibreOffice's export filter for it.
TARGET = {".doc": ".docx", ".wps": ".docx", ".rtf": ".docx", ".xls": ".xlsx", ".et": ".xlsx"}
_FILTER = {".docx": "docx:MS Word 2007 XML", ".xlsx": "xlsx:Calc MS Excel 2007 XML"}
# The Office programs that convert each target, in the order they are preferred: (name shown, COM ProgID).
_COM_PROGRAMS = {
    ".docx": (("Word", "Word.Application"), ("WPS 文字", "KWps.Application")),
    ".xlsx": (("Excel", "Excel.Application"), ("WPS 表格", "KET.Application")),
}
TIME_LIMIT_S = 120
_WINDOWS_PLACES = ("ProgramFiles", "ProgramFiles(x86)", "ProgramW6432")


@dataclass(frozen=True)
class Converter:
    """A program that turns `source` into `result` (same folder layout for all): the argv of its child."""

    name: str
    command: Callable[[Path, Path], list[str]]


def find_soffice() -> str | None:
    """LibreOffice's soffice on PATH or, on Windows, in its usual installation folder."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found or sys.platform != "win32":
        return found
    for variable in _WINDOWS_PLACES:
        candidate = Path(os.environ.get(variable, "")) / "LibreOffice" / "program" / "soffice.exe"
        if os.environ.get(variable) and candidate.is_file():
            return str(candidate)
    return None


def com_registered(progid: str) -> bool:
    """Whether Windows knows the COM class `progid` (the program is installed); never off Windows."""
    if sys.platform != "win32":
        return False
    import winreg

    try:
        winreg.CloseKey(winreg.OpenKey(winreg.HKEY_CLASSES_ROOT, rf"{progid}\CLSID"))
    except OSError:
        return False
    return True


def choose(target: str, soffice: str | None, registered: Callable[[str], bool]) -> Converter | None:
    """The converter to .docx/.xlsx `target`: LibreOffice when there is one, else the first Office program
    whose COM class is registered, else None."""
    if soffice is not None:
        return Converter("LibreOffice", lambda source, result: _soffice_command(soffice, source, result))
    for name, progid in _COM_PROGRAMS[target]:
        if registered(progid):
            return Converter(name, partial(office_com.command, progid))
    return None


def _soffice_command(soffice: str, source: Path, result: Path) -> list[str]:
    folder = result.parent
    return [soffice, f"-env:UserInstallation={(folder.parent / 'profile').as_uri()}", "--headless", "--norestore",
            "--nolockcheck", "--convert-to", _FILTER[result.suffix], "--outdir", str(folder), str(source)]


@contextmanager
def converted(path: Path) -> Iterator[Path]:
    """A .docx/.xlsx copy of `path` by the installed converter (see `choose`), removed afterwards;
    InputFileError when there is none or the conversion fails or takes too long."""
    suffix = path.suffix.lower()
    target = TARGET[suffix]
    converter = choose(target, find_soffice(), com_registered)
    if converter is None:
        raise InputFileError(
            f"文件“{path.name}”是 {suffix} 格式，本机没有安装可转换它的 LibreOffice、Microsoft Office 或 WPS；"
            f"请在 WPS 或 Word 中打开它，另存为 {target} 后再导入"
        )
    with converted_by(converter, path) as result:
        yield result


@contextmanager
def converted_by(converter: Converter, path: Path) -> Iterator[Path]:
    """`path` converted by `converter` in a temporary folder (in/ the copy, out/ the result, server.pid the
    Office process a COM child names), removed afterwards."""
    target = TARGET[path.suffix.lower()]
    with tempfile.TemporaryDirectory(prefix="ecodesk-convert-") as tmp:
        folder = Path(tmp)
        source = folder / "in" / f"source{path.suffix.lower()}"
        result = folder / "out" / f"source{target}"
        source.parent.mkdir()
        result.parent.mkdir()
        shutil.copyfile(path, source)
        status = _run(converter, converter.command(source, result), folder, path.name, target)
        if status == office_com.IN_USE:
            raise InputFileError(f"{converter.name} 正在运行且打开着文档，无法用它转换文件“{path.name}”；"
                                 f"请先关闭 {converter.name} 再导入，或在其中将文件另存为 {target} 后再导入")
        if not result.is_file():
            raise InputFileError(f"文件“{path.name}”无法转换为 {target}：它可能已损坏或设有密码；"
                                 f"请在 WPS 或 Word 中打开它，另存为 {target} 后再导入")
        yield result


def _run(converter: Converter, command: list[str], folder: Path, name: str, target: str) -> int:
    """Run one conversion and return its exit status; killed (with its server) past the time limit."""
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True,
                                   creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
    except OSError as exc:
        raise InputFileError(f"无法启动 {converter.name} 转换文件“{name}”；"
                             f"请在 WPS 或 Word 中另存为 {target} 后再导入") from exc
    try:
        return process.wait(timeout=TIME_LIMIT_S)
    except subprocess.TimeoutExpired as exc:
        _kill(process, folder / office_com.SERVER_PID)
        raise InputFileError(f"用 {converter.name} 转换文件“{name}”超过 {TIME_LIMIT_S} 秒仍未完成，已停止；"
                             f"请在 WPS 或 Word 中另存为 {target} 后再导入") from exc


def _kill(process: subprocess.Popen[bytes], server_pid: Path) -> None:
    """Stop the child and what it started (oosplash starts soffice.bin: its whole session on POSIX), then
    the Office server it named, which Windows started outside the child's reach."""
    if sys.platform == "win32":
        process.kill()
    else:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    with suppress(OSError, ValueError):
        os.kill(int(server_pid.read_text(encoding="ascii")), getattr(signal, "SIGKILL", signal.SIGTERM))
