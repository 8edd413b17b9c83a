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


class SignInError(StorageError):
    """Signing in to the server failed; `reason` says why, so the window can ask for the password again
    (PASSWORD_NEEDED, WRONG_PASSWORD) or offer another database (the rest)."""

    PASSWORD_NEEDED, WRONG_PASSWORD, DISABLED, UNREACHABLE, OTHER = "needed", "wrong", "disabled", "down", "other"

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


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


# The operating system words its errors in the language of the system (English on most PCs and servers).
_OS_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    getattr(errno, "EDQUOT", errno.ENOSPC): "磁盘空间不足（已超出配额）",
    errno.EFBIG: "文件超出了磁盘允许的大小",
    errno.EROFS: "磁盘是只读的",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有权限",
    errno.ENOENT: "文件或文件夹不存在",
    errno.ENOTDIR: "路径中有一项不是文件夹",
    errno.EISDIR: "已有同名文件夹",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.EIO: "磁盘读写出错（磁盘可能已损坏或已拔出）",
    errno.EBUSY: "文件正被占用",
}


def os_reason(err: OSError) -> str:
    """Why a file operation failed, in Chinese: the operating system's own text is often English."""
    if err.errno in _OS_REASONS:
        return _OS_REASONS[err.errno]
    return f"系统错误 {errno.errorcode.get(err.errno, err.errno)}" if err.errno else "系统错误"
