"""Errors a clerk may cause and can fix: each carries one Chinese sentence saying what and where."""

from __future__ import annotations


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


class CorruptDatabaseError(UserError):
    """The database file failed its integrity check, so EcoDesk refuses to write to it.

    `path` is the damaged file; `backup` the newest backup that passed its own check (None if none did),
    which the GUI offers to restore.
    """

    def __init__(self, message: str, path: object, backup: object = None) -> None:
        super().__init__(message)
        self.path = path
        self.backup = backup


class AlreadyOpenError(UserError):
    """Another EcoDesk window (on this or another computer) holds the database's lock file."""
