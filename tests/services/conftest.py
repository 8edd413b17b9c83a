"""Every service test runs on SQLite and on PostgreSQL (see tests/targets.py).

`db` and `db_path` are overridden here: `db_path` is what `--db` takes, a file path on SQLite and a
URL on PostgreSQL, so `open_database(str(db_path))` reopens the same database on both.
"""

from __future__ import annotations

import pytest

from ecodesk.store.db import Database
from tests.targets import db_target, target_db

__all__ = ["db", "db_path", "db_target", "target_db"]


@pytest.fixture
def db_path(db_target: str) -> str:
    return db_target


@pytest.fixture
def db(target_db: Database) -> Database:
    return target_db
