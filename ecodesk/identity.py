"""Who is working: named in the audit log, on progress reports and in the lock a second window meets.

Stdlib only, so the window can take its lock before SQLAlchemy is loaded.
"""

from __future__ import annotations

import getpass
import os

USER_ENV = "ECODESK_USER"


def current_user() -> str:
    """ECODESK_USER if set, else the login name ("" where the OS cannot say)."""
    try:
        return os.environ.get(USER_ENV) or getpass.getuser()
    except OSError:
        return ""
