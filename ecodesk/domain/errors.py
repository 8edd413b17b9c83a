"""Errors a clerk may cause and can fix: each carries one Chinese sentence saying what and where."""

from __future__ import annotations

import errno


class UserError(Exception):
    """Bad input or an impossible request. `str(err)` is shown as is: CLI stderr or a message box."""


class NotFoundError(UserError):
    """A plan, task or unit named by the user does not exist."""


class ConflictError(UserError):
    """Someone else changed the row since it was read (version counter mismatch).

    `current` holds the row as it now stands, so the clerk can compare both versions and choose.
    """

    def __init__(self, message: str, current: object = None) -> None:
        super().__init__(message)
        self.current = current


class InputFileError(UserError):
    """A document given to import cannot be read; the message names the file (and line when known)."""


class StorageError(UserError):
    """The database could not be written (read-only, disk full, locked too long); nothing was saved."""


class LocksLostError(StorageError):
    """This process lost its SQLite locks (or its WAL was replaced): nothing was saved, and the database has
    been reopened on fresh connections, so a retry is safe."""


class CorruptDatabaseError(UserError):
    """The database file failed its integrity check, so EcoDesk refuses to write to it.

    `path` is the damaged file; `backup` the newest backup that passed its own check (None if none did),
    which the GUI offers to restore.
    """

    def __init__(self, message: str, path: object, backup: object = None) -> None:
        super().__init__(message)
        self.path = path
        self.backup = backup


class MissingDatabaseError(CorruptDatabaseError):
    """The database file is gone or empty while backups of it exist: offered a restore, not recreated."""


class AlreadyOpenError(UserError):
    """Another EcoDesk window (on this or another computer) holds the database's lock file."""


_OS_REASONS = {
    errno.EROFS: "所在磁盘或文件夹是只读的",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.ENOSPC: "磁盘已满",
    getattr(errno, "EDQUOT", -1): "磁盘配额已满",  # not on Windows
    errno.EFBIG: "文件过大",
    errno.ENOENT: "文件或文件夹不存在",
    errno.EIO: "磁盘读写出错",
}


def os_reason(err: OSError) -> str:
    """Why a file operation failed, in Chinese: the system's own wording (err.strerror) is English."""
    return _OS_REASONS.get(err.errno or 0, f"系统错误 {err.errno}" if err.errno else str(err))
