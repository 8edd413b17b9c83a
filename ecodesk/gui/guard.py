"""The checks before a database is shown: one window per file, network shares, damaged files.

Start-up and 文件 ▸ 打开数据库… both go through here, so a second window on the same file is refused
before it shows anything, a file on a share is warned about once, and a damaged file is never written to
unless the clerk chooses to restore its newest sound backup. Only the stdlib-only store modules are
imported at module level: start-up takes the lock before SQLAlchemy is loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ecodesk.domain.errors import CorruptDatabaseError, MissingDatabaseError, UserError, os_reason
from ecodesk.identity import current_user
from ecodesk.store.location import is_url, resolve_target, sqlite_path
from ecodesk.store.lock import DatabaseLock, acquire_lock
from ecodesk.store.network import network_warning

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ecodesk.store.db import Database



class OpenDeclined(UserError):
    """The clerk chose not to restore a damaged database: nothing was written, nothing is opened."""


class Claim(NamedTuple):
    """A database about to be opened: its SQLite file (None on a server) and the lock held on it.
    A NamedTuple: a dataclass compiles its methods at start-up (some 3 million instructions each)."""

    target: str
    path: Path | None
    lock: DatabaseLock | None

    def release(self) -> None:
        if self.lock is not None:
            self.lock.release()






def claim(target: str | None, parent: QWidget | None) -> Claim:
    """Warn about a network share (once, before the lock file is written there), then take the lock.

    Raises AlreadyOpenError (a UserError naming who has it open) when another live window holds it.
    """
    chosen = resolve_target(target)
    path = sqlite_path(chosen)
    if path is None:
        return Claim(chosen, None, None)
    warning = network_warning(path if is_url(chosen) else chosen)  # as typed: resolving may drop a UNC's //
    if warning is not None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(parent, "数据库位于网络共享", warning)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # the very first start: the data folder is new
    except OSError as err:
        raise UserError(f"无法创建数据库所在文件夹“{path.parent}”：{os_reason(err)}") from None
    return Claim(chosen, path, acquire_lock(path, current_user()))


def open_claimed(claim: Claim, parent: QWidget | None,
                 on_restored: Callable[[], None] = lambda: None) -> Database:
    """Open the claimed database. A damaged one is restored from its newest sound backup if the clerk agrees
    (then `on_restored` runs); a deleted or emptied one (backups of it remain) is restored, or started
    empty, as the clerk chooses. Declining raises OpenDeclined, and the file stays untouched."""
    from ecodesk.store.db import open_database

    try:
        return open_database(claim.target)
    except CorruptDatabaseError as err:
        choice = _ask_restore(err, parent)
        if choice is None:
            raise OpenDeclined(str(err)) from None
        if choice == START_EMPTY:
            return open_database(claim.target, start_empty=True)
        from ecodesk.services.backups import restore_damaged

        restore_damaged(Path(str(err.path)), Path(str(err.backup)))
    db = open_database(claim.target)
    on_restored()
    return db


RESTORE, START_EMPTY = "restore", "empty"


def _ask_restore(err: CorruptDatabaseError, parent: QWidget | None) -> str | None:
    """RESTORE, START_EMPTY (offered for a missing file only) or None (open nothing)."""
    from PySide6.QtWidgets import QMessageBox

    if err.backup is None:
        QMessageBox.critical(parent, "数据库已损坏", str(err))
        return None
    if isinstance(err, MissingDatabaseError):
        from ecodesk.gui.dialogs import choose

        answer = choose(parent, "数据库文件不见了", f"{err}\n\n要从这个备份恢复吗？",
                        ["从最新备份恢复", "新建空数据库", "取消"])
        return {0: RESTORE, 1: START_EMPTY}.get(answer)  # type: ignore[arg-type]
    question = (f"{err}\n\n要用这个备份替换损坏的数据库并打开吗？损坏的文件会保留在 backups 文件夹中，"
                "备份之后的修改将丢失。\n选择“否”则不打开，也不改动任何文件。")
    answer = QMessageBox.question(parent, "数据库已损坏", question,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.Yes)
    return RESTORE if answer == QMessageBox.StandardButton.Yes else None


def open_target(target: str, parent: QWidget | None) -> tuple[Database, DatabaseLock | None]:
    """Claim and open in one go (文件 ▸ 打开数据库…); the lock is released again if opening fails."""
    held = claim(target, parent)
    try:
        return open_claimed(held, parent), held.lock
    except BaseException:
        held.release()
        raise
