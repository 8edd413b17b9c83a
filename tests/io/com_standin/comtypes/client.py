"""comtypes.client.CreateObject played by a recording stand-in of Word/Excel/WPS (see __init__.py).

$COM_STANDIN is JSON: "log" (a file each call is appended to as a JSON line), "produce" (the file a
save writes), and optionally "hang" (CreateObject never returns, its server named), "busy" (the instance already holds a
document: the clerk's), "broken" (Open fails, as on a damaged file), "no_macro_setting" (older WPS).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from comtypes import COMError

_PLAY: dict[str, Any] = json.loads(os.environ["COM_STANDIN"])


def _log(*entry: Any) -> None:
    with open(_PLAY["log"], "a", encoding="utf-8") as log:
        log.write(json.dumps(entry, ensure_ascii=False) + "\n")


class _Document:
    def __getattr__(self, method: str) -> Any:
        def call(*args: Any) -> None:
            _log("document", method, *args)
            if method.startswith("SaveAs"):
                shutil.copyfile(_PLAY["produce"], args[0])
        return call


class _Files:
    def __init__(self, count: int) -> None:
        self.Count = count

    def Open(self, *args: Any) -> _Document:
        _log("open", *args)
        if _PLAY.get("broken"):
            raise COMError(-2146823114, "文件已损坏", None)
        return _Document()


class _Application:
    Visible = False

    def __init__(self, progid: str) -> None:
        files = _Files(1 if _PLAY.get("busy") else 0)
        object.__setattr__(self, "Documents" if progid in ("Word.Application", "KWps.Application") else "Workbooks",
                           files)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "AutomationSecurity" and _PLAY.get("no_macro_setting"):
            raise COMError(-2147352570, "未知名称", None)
        _log("set", name, value)
        object.__setattr__(self, name, value)

    def Quit(self) -> None:
        _log("quit")


def CreateObject(progid: str, dynamic: bool = False) -> _Application:
    _log("create", progid, dynamic, os.getpid())
    if _PLAY.get("hang"):
        _hang()
    return _Application(progid)


def _hang() -> None:
    """Word stuck in a dialog nobody sees: its server, started by Windows outside our child (here a process
    of its own session), named in server.pid as office_com notes it; then no answer."""
    server = subprocess.Popen(["sleep", "600"], start_new_session=True)
    (Path(sys.argv[3]).parent.parent / "server.pid").write_text(str(server.pid), encoding="ascii")
    _log("server", server.pid)
    time.sleep(600)
