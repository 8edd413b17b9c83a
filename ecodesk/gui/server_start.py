"""Which database the window starts on when none is named: the server it showed last, if it did.

Kept apart from gui/server_dialog.py, which loads SQLAlchemy: the start of a window on a local file
reads one setting here and nothing more.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

from ecodesk.store.location import DB_ENV

if TYPE_CHECKING:
    from ecodesk.store.db import Database

ADDRESS_KEY = "server/address"  # the last server signed in to, without password
AT_START_KEY = "server/open_at_start"  # whether the window last showed that server (then it starts on it)


def start_target(explicit: str | None) -> str | None:
    """`explicit` (--db) or ECODESK_DB as always; else the server the window showed last; else None (the
    local database file)."""
    if explicit or os.environ.get(DB_ENV):
        return explicit
    settings = QSettings()
    if str(settings.value(AT_START_KEY, "false")).lower() != "true":
        return None
    return str(settings.value(ADDRESS_KEY, "") or "") or None


def note_shown(db: Database) -> None:
    """The window now shows `db`: a server is started on next time (its address kept without password),
    a local file ends that."""
    settings = QSettings()
    settings.setValue(AT_START_KEY, not db.is_sqlite)
    if not db.is_sqlite:
        address = db.engine.url.set(drivername="postgresql", password=None)
        settings.setValue(ADDRESS_KEY, address.render_as_string(hide_password=False))
