"""Old and WPS formats (.doc, .wps, .rtf, .xls, .et): converted to .docx/.xlsx by LibreOffice, then read.

LibreOffice runs headless on a copy of the file in a temporary folder, with a profile of its own there
(-env:UserInstallation), so it never collides with a LibreOffice the clerk has open, never leaves a lock
file beside the original and never writes to it; a conversion that hangs is killed after a time limit.
Word or WPS by COM automation on Windows is not used: pywin32 cannot be installed here and a COM path could
not be tested, so a Windows PC needs LibreOffice to import these formats, or the file saved as .docx/.xlsx.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ecodesk.domain.errors import InputFileError

# Source format → the format it is converted to, and LibreOffice's export filter for it.
TARGET = {".doc": ".docx", ".wps": ".docx", ".rtf": ".docx", ".xls": ".xlsx", ".et": ".xlsx"}
_FILTER = {".docx": "docx:MS Word 2007 XML", ".xlsx": "xlsx:Calc MS Excel 2007 XML"}
TIME_LIMIT_S = 120
_WINDOWS_PLACES = ("ProgramFiles", "ProgramFiles(x86)", "ProgramW6432")


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


@contextmanager
def converted(path: Path) -> Iterator[Path]:
    """A .docx/.xlsx copy of `path` in a temporary folder, removed afterwards; InputFileError when no
    converter is installed or the conversion fails or takes too long."""
    suffix = path.suffix.lower()
    target = TARGET[suffix]
    soffice = find_soffice()
    if soffice is None:
        raise InputFileError(
            f"文件“{path.name}”是 {suffix} 格式，本机没有安装可转换它的 LibreOffice；"
            f"请在 WPS 或 Word 中打开它，另存为 {target} 后再导入"
        )
    with tempfile.TemporaryDirectory(prefix="ecodesk-convert-") as tmp:
        folder = Path(tmp)
        source = folder / "in" / f"source{suffix}"
        source.parent.mkdir()
        shutil.copyfile(path, source)
        _run(soffice, source, folder, target, path.name)
        result = folder / "out" / f"source{target}"
        if not result.is_file():
            raise InputFileError(f"文件“{path.name}”无法转换为 {target}：它可能已损坏或设有密码；"
                                 f"请在 WPS 或 Word 中打开它，另存为 {target} 后再导入")
        yield result


def _run(soffice: str, source: Path, folder: Path, target: str, name: str) -> None:
    """Run one headless conversion; the process group is killed when it outlives the time limit."""
    command = [
        soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
        "--nolockcheck", "--convert-to", _FILTER[target], "--outdir", str(folder / "out"), str(source),
    ]
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError as exc:
        raise InputFileError(f"无法启动 LibreOffice 转换文件“{name}”；"
                             f"请在 WPS 或 Word 中另存为 {target} 后再导入") from exc
    try:
        process.wait(timeout=TIME_LIMIT_S)
    except subprocess.TimeoutExpired as exc:
        _kill(process)
        raise InputFileError(f"转换文件“{name}”超过 {TIME_LIMIT_S} 秒仍未完成，已停止；"
                             f"请在 WPS 或 Word 中另存为 {target} 后再导入") from exc


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Stop soffice and what it started (oosplash starts soffice.bin): its whole session on POSIX."""
    if sys.platform == "win32":
        process.kill()
    else:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
