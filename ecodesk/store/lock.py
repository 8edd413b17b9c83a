"""One EcoDesk window per database file: a lock file beside it naming who holds it.

`ecodesk.sqlite.lock` holds JSON {pid, host, user, since}. It is created atomically with its content
(written to a private file, then hard-linked into place, which fails if the lock exists), so a reader
never sees a half-written lock; where hard links are refused (FAT32, some shares) it is created with
O_EXCL instead, and a briefly unreadable lock is respected. A lock left by a process that died on this
computer is cleared; a lock from another computer cannot be checked and is respected (the message
names the file to delete).

Plain files rather than QLockFile keep Qt out of the store; the GUI calls `acquire_lock` before
`open_database` (so a second window never even migrates the file) and `DatabaseLock.release` at close.
PostgreSQL databases need no lock: the version counters detect concurrent edits.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from pathlib import Path
from typing import NamedTuple

from ecodesk.domain.errors import AlreadyOpenError, UserError, os_reason

UNREADABLE_GRACE = 5.0  # seconds an unreadable lock file is presumed still being written


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


class LockOwner(NamedTuple):
    """Who holds a lock, as its file says. A NamedTuple: a dataclass compiles its methods at start-up (some
    3 million instructions each)."""

    pid: int
    host: str
    user: str
    since: str

    @staticmethod
    def me(user: str) -> LockOwner:
        return LockOwner(os.getpid(), host_name(), user, dt.datetime.now().isoformat(timespec="seconds"))


class DatabaseLock(NamedTuple):
    """A held lock; `release()` (or leaving the `with` block) removes the file if it is still ours.
    A NamedTuple: a dataclass compiles its methods at start-up (some 3 million instructions each)."""

    path: Path
    owner: LockOwner

    def release(self) -> None:
        if _read_owner(self.path) == self.owner:
            _remove(self.path)

    def __enter__(self) -> DatabaseLock:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


def acquire_lock(db_path: Path, user: str = "") -> DatabaseLock:
    """Take the lock of `db_path`, or raise AlreadyOpenError saying who has the database open.

    `user` (ecodesk.identity.current_user()) is shown to whoever finds the database locked.
    """
    path = lock_path(db_path)
    me = LockOwner.me(user)
    for _attempt in range(2):
        if _create(path, me):
            return DatabaseLock(path, me)
        holder = _read_owner(path)
        if holder is None and _age(path) < UNREADABLE_GRACE:
            break  # being written by a window starting this very moment (see _create_exclusive)
        if holder is not None and not _is_stale(holder):
            raise AlreadyOpenError(_held_message(db_path, path, holder))
        _remove(path)  # dead process, or a lock file too damaged to name anyone
    raise AlreadyOpenError(f"数据库“{db_path}”正在被另一个 EcoDesk 窗口打开，请稍后再试")


def _create(path: Path, owner: LockOwner) -> bool:
    """Create the lock file with its content in one step (a hard link), or False if it exists."""
    content = json.dumps(owner._asdict())
    private = path.with_name(f"{path.name}.{owner.pid}.tmp")
    try:
        private.write_text(content, encoding="utf-8")
        os.link(private, path)
    except FileExistsError:
        return False
    except OSError as err:
        if not private.exists():
            raise UserError(f"无法在“{path.parent}”中创建锁文件（{os_reason(err)}），"
                            "EcoDesk 需要在数据库所在文件夹中写入文件；请检查该文件夹是否可写") from None
        return _create_exclusive(path, content)  # no hard links here (FAT32 USB sticks, some shares)
    finally:
        _remove(private)
    return True


def _remove(path: Path) -> None:
    """Delete a file of ours if it is there; a read-only disk answers EROFS even for a missing file."""
    try:
        path.unlink()
    except OSError:
        if path.exists():
            raise


def _create_exclusive(path: Path, content: str) -> bool:
    """O_EXCL creation, then the content: a reader may briefly see it empty (UNREADABLE_GRACE)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(content)
    return True


def _age(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return UNREADABLE_GRACE


def host_name() -> str:
    """This computer's name as the socket module gives it; from os.uname where there is one (as on Linux
    and macOS, where it is the same value), so that start-up need not import the socket module."""
    uname = getattr(os, "uname", None)
    if uname is not None:
        return uname().nodename
    import socket  # Windows

    return socket.gethostname()


def _read_owner(path: Path) -> LockOwner | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return LockOwner(int(data["pid"]), str(data["host"]), str(data["user"]), str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _is_stale(owner: LockOwner) -> bool:
    return owner.host == host_name() and not pid_alive(owner.pid)


def _held_message(db_path: Path, path: Path, holder: LockOwner) -> str:
    where = "本机" if holder.host == host_name() else f"计算机 {holder.host}"
    return (f"数据库“{db_path}”已在另一个 EcoDesk 窗口中打开（{where}，用户 {holder.user or '未知'}，"
            f"进程 {holder.pid}，自 {holder.since.replace('T', ' ')} 起）。同一数据库只能在一个窗口中打开；"
            f"如确定没有其他窗口在使用，可删除锁文件“{path}”后重试")


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this computer (without signalling it)."""
    if sys.platform == "win32":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _windows_pid_alive(pid: int) -> bool:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)
