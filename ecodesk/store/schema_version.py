"""The schema revision this EcoDesk writes, importable without SQLAlchemy or alembic (see quick_read)."""

from __future__ import annotations

# The newest revision in migrations/versions (a test keeps them equal). Knowing it without importing
# alembic lets an up-to-date database open in a few milliseconds: alembic loads only to migrate.
SCHEMA_HEAD = "0009_extensions"
