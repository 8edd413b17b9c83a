"""A write transaction on SQLite's own handle, for the window's guarded edits (Database.turn).

An edit of the task the window shows knows every statement it will run (store/guarded: the task's UPDATE at
the version shown, its audit rows and dated change), and reads nothing. Run through an ORM session, the
session's bookkeeping (its transaction states, events, the pool's checkout and return around them) cost
such an edit in the window as much as its statements did; a Turn is BEGIN IMMEDIATE, the statements and
COMMIT on the pooled connection's sqlite3 handle, and nothing else.
"""

from __future__ import annotations

import sqlite3
from typing import NamedTuple

from sqlalchemy.engine import Dialect

Written = dict[tuple[str, int], int]  # (table, row id) → the version counter a write gave the row


class Turn(NamedTuple):
    """One SQLite write transaction: its handle, the dialect its statements are compiled for, who the audit
    rows name, and the version counters it gave rows (for Database.recording_versions)."""

    driver: sqlite3.Connection
    dialect: Dialect
    login: str
    written: Written
