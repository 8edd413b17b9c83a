"""The collection tests run on SQLite and on PostgreSQL, like the service tests."""

from tests.services.conftest import db, db_path, db_target, target_db

__all__ = ["db", "db_path", "db_target", "target_db"]
