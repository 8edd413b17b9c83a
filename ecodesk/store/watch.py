"""Noticing that SQLite's locks on an open database were lost, or its WAL replaced under it.

POSIX record locks belong to a process, not to a file descriptor: when any code in this process opens and
closes the database file by other means (a file dialog sniffing its type, a hash, a copy), the kernel drops
every lock SQLite held on it (sqlite.org/howtocorrupt.html §2.2). Another process then takes itself for the
last connection, checkpoints and deletes the -wal and -shm files, and this process's later commits go into
a deleted WAL, seen by nobody. EcoDesk never opens a database file outside SQLite; this module is the
defence in depth, asked before every transaction (`ecodesk.store.db.Database`).

While a connection is open in WAL mode its -wal and -shm files cannot legitimately be replaced (deleting
them needs the exclusive lock our shared lock denies), so a changed file identity means the locks were
lost. On Linux the loss itself is seen earlier, in /proc/locks. Windows locks belong to a handle, not a
process, so there is nothing to lose there and only the file identities are compared.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROC_LOCKS = Path("/proc/locks")


@dataclass(frozen=True, slots=True)
class FileId:
    """What names a file whatever path reaches it: its device and inode."""

    dev: int
    ino: int


def file_id(path: Path) -> FileId | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return FileId(st.st_dev, st.st_ino)


def companions(path: Path) -> tuple[Path, Path]:
    """The WAL and shared-memory files SQLite keeps beside a database in WAL mode."""
    return Path(f"{path}-wal"), Path(f"{path}-shm")


class LockWatch:
    """Made once this process holds an open connection to `path`; `problem()` says what broke since."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._ids = tuple(file_id(p) for p in companions(path))
        self._checks_locks = PROC_LOCKS.exists() and holds_lock(path)

    def problem(self) -> str | None:
        """None while all is well; else why this process can no longer trust its connections."""
        if tuple(file_id(p) for p in companions(self.path)) != self._ids:
            return "数据库的日志文件（-wal/-shm）已被其他程序删除或替换"
        if self._checks_locks and not holds_lock(self.path):
            return "本程序持有的数据库文件锁已被释放"
        return None


def holds_lock(path: Path) -> bool:
    """Whether /proc/locks lists a lock of this process on `path` (Linux)."""
    target = file_id(path)
    if target is None:
        return False
    device = f"{os.major(target.dev):02x}:{os.minor(target.dev):02x}:{target.ino}"
    me = str(os.getpid())
    try:
        lines = PROC_LOCKS.read_text(encoding="ascii", errors="replace").splitlines()
    except OSError:
        return True  # cannot tell: trust the file identities alone
    for line in lines:
        fields = line.split()
        if "->" in fields:  # a waiter queued behind a lock, not a lock held
            continue
        if len(fields) >= 6 and fields[4] == me and fields[5] == device:
            return True
    return False
