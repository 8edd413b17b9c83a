"""Fixtures for running each test against SQLite and PostgreSQL (see tests/targets.py)."""

from tests.targets import db_target, target_db

__all__ = ["db_target", "target_db"]
