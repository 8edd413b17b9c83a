"""Word, Excel or WPS converting one file to .docx/.xlsx by COM automation: the child process convert.py runs.

`python -m ecodesk.io.plan_import.office_com PROGID SOURCE RESULT` starts a new instance of the program
(comtypes' CreateObject; GetActiveObject would hand over the one the clerk works in), keeps it invisible with
its alerts and the file's macros off, opens SOURCE read-only (with a dummy password, so that a protected file
fails instead of asking), saves it as RESULT, closes it and quits the program whatever happened. An instance
that already shows or holds documents is the clerk's (WPS may hand over its running process): it is left
alone and the exit status says so. The program's process id goes to server.pid as soon as it is known, so
that the parent can kill a program that hangs (Windows starts a COM server outside our child).

Only this module touches COM, only on Windows (comtypes is installed there only). comtypes' late binding
passes positional arguments only, hence the argument tuples below, in the order of the Office object model.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

IN_USE = 3  # exit status: the instance handed over is the clerk's, in use
SERVER_PID = "server.pid"  # in the conversion's folder, beside in/ and out/
_NO_PASSWORD = "ecodesk-no-password"  # ignored by a file without a password; a protected one fails to open
_MACROS_OFF = 3  # msoAutomationSecurityForceDisable


@dataclass(frozen=True)
class _Program:
    """How one kind of program opens, saves and closes a file (Word and WPS 文字 alike, Excel and WPS 表格)."""

    files: str  # the collection files are opened in
    open_args: tuple[Any, ...]  # Open's arguments after the file name
    save: str
    file_format: int
    close_args: tuple[Any, ...]
    alerts_off: Any  # DisplayAlerts' value for none


# Documents.Open(FileName, ConfirmConversions, ReadOnly, AddToRecentFiles, PasswordDocument);
# SaveAs2(FileName, wdFormatXMLDocument = 12); Close(wdDoNotSaveChanges = 0); wdAlertsNone = 0.
_WRITER = _Program("Documents", (False, True, False, _NO_PASSWORD), "SaveAs2", 12, (0,), 0)
# Workbooks.Open(Filename, UpdateLinks = 0: never, ReadOnly, Format (5: none, read for text files only), Password);
# Workbook.SaveAs(Filename, xlOpenXMLWorkbook = 51) (workbooks have no SaveAs2); Close(SaveChanges = False).
_SHEETS = _Program("Workbooks", (0, True, 5, _NO_PASSWORD), "SaveAs", 51, (False,), False)
PROGRAMS = {"Word.Application": _WRITER, "KWps.Application": _WRITER,
            "Excel.Application": _SHEETS, "KET.Application": _SHEETS}


def command(progid: str, source: Path, result: Path) -> list[str]:
    """The child's command line: this module run by the same Python (pythonw.exe in the window)."""
    return [sys.executable, "-m", __name__, progid, str(source), str(result)]


def convert(progid: str, source: Path, result: Path) -> int:
    """Convert `source` to `result` with a fresh instance of `progid`; 0, or IN_USE for the clerk's own."""
    from comtypes import COMError
    from comtypes.client import CreateObject

    program = PROGRAMS[progid]
    app = CreateObject(progid, dynamic=True)
    if app.Visible or getattr(app, program.files).Count:
        return IN_USE
    pid_file = result.parent.parent / SERVER_PID
    try:
        _note_server(pid_file, lambda: app.Hwnd)  # Excel and WPS 表格 have a window before any file
        app.Visible = False
        app.DisplayAlerts = program.alerts_off
        with suppress(COMError):  # a program without the setting (older WPS) has no macros to fear from it
            app.AutomationSecurity = _MACROS_OFF
        document = getattr(app, program.files).Open(str(source), *program.open_args)
        try:
            _note_server(pid_file, lambda: document.ActiveWindow.Hwnd)  # Word: once a document is open
            getattr(document, program.save)(str(result), program.file_format)
        finally:
            document.Close(*program.close_args)
    finally:
        app.Quit()
    return 0


def _note_server(pid_file: Path, window: Callable[[], int]) -> None:
    """Write the process id owning `window` (a handle) to `pid_file`, once, where Windows can tell it."""
    if sys.platform != "win32" or pid_file.exists():
        return
    import ctypes

    pid = ctypes.c_ulong()
    with suppress(Exception):  # no such property, or no window yet: the time limit then ends only our child
        ctypes.windll.user32.GetWindowThreadProcessId(window(), ctypes.byref(pid))
    if pid.value:
        pid_file.write_text(str(pid.value), encoding="ascii")


if __name__ == "__main__":
    sys.exit(convert(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])))
