"""The attachment tests run on SQLite and on PostgreSQL (see tests/targets.py); `db` stays a SQLite file."""

from __future__ import annotations

from tests.targets import db_target, target_db

__all__ = ["db_target", "target_db"]
