"""Noticing that SQLite's locks on an open database were lost, or its WAL replaced under it.

POSIX record locks belong to a process, not to a file descriptor: when any code in this process opens and
closes the database file by other means (a file dialog sniffing its type, a hash, a copy), the kernel drops
every lock SQLite held on it (sqlite.org/howtocorrupt.html §2.2). Another process then takes itself for the
last connection, checkpoints and deletes the -wal and -shm files, and this process's later commits go into
a deleted WAL, seen by nobody. EcoDesk never opens a database file outside SQLite; this module is the
defence in depth, asked before every transaction (`ecodesk.store.db.Database`).

While a connection is open in WAL mode its -wal and -shm files cannot legitimately be replaced (deleting
them needs the exclusive lock our shared lock denies), so a changed file identity means the locks were
lost. On Linux the loss itself is seen earlier, among the process's locks in /proc/self/fdinfo. Windows
locks belong to a handle, not a process, so there is nothing to lose there and only the file identities
are compared.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROC_FDS = "/proc/self/fd"
PROC_FDINFO = "/proc/self/fdinfo"


@dataclass(frozen=True, slots=True)
class FileId:
    """What names a file whatever path reaches it: its device and inode."""

    dev: int
    ino: int


def file_id(path: Path | str) -> FileId | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return FileId(st.st_dev, st.st_ino)


def companions(path: Path) -> tuple[str, str]:
    """The WAL and shared-memory files SQLite keeps beside a database in WAL mode."""
    return f"{path}-wal", f"{path}-shm"


class LockWatch:
    """Made once this process holds an open connection to `path`; `problem()` says what broke since.

    `problem()` runs before every transaction, so it asks the kernel directly (os.stat, os.readlink, one
    read of fdinfo: some 20 µs) rather than through pathlib objects made anew each time."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)
        self._companions = companions(path)
        self._ids = tuple(file_id(p) for p in self._companions)
        self._fd = _own_descriptor(self.path)
        self._checks_locks = self._fd is not None and holds_lock(self.path, self._fd)

    def problem(self) -> str | None:
        """None while all is well; else why this process can no longer trust its connections."""
        if tuple(file_id(p) for p in self._companions) != self._ids:
            return "数据库的日志文件（-wal/-shm）已被其他程序删除或替换"
        if self._checks_locks and not self._still_locked():
            return "本程序持有的数据库文件锁已被释放"
        return None

    def _still_locked(self) -> bool:
        if self._fd is None or not _names(self._fd, self.path):
            self._fd = _own_descriptor(self.path)  # the connection that held it was closed; another holds it
        return self._fd is not None and holds_lock(self.path, self._fd)


def holds_lock(path: Path | str, fd: int | None = None) -> bool:
    """Whether this process holds a POSIX lock on `path`: Linux lists a process's locks on a file under
    any of its descriptors of that file (/proc/self/fdinfo/FD), which is far cheaper than /proc/locks."""
    fd = fd if fd is not None else _own_descriptor(str(path))
    if fd is None:
        return False
    try:
        info_fd = os.open(f"{PROC_FDINFO}/{fd}", os.O_RDONLY)
    except OSError:
        return False
    try:
        info = os.read(info_fd, 1 << 16)
    except OSError:
        return False
    finally:
        os.close(info_fd)
    return any(line.startswith(b"lock:") and b" POSIX " in line for line in info.splitlines())


def _own_descriptor(path: str) -> int | None:
    """One of this process's file descriptors open on `path` (SQLite's), or None (not Linux, or none)."""
    try:
        fds = os.listdir(PROC_FDS)
    except OSError:
        return None
    return next((int(fd) for fd in fds if _names(int(fd), path)), None)


def _names(fd: int, path: str) -> bool:
    try:
        return os.readlink(f"{PROC_FDS}/{fd}") == path
    except OSError:
        return False
