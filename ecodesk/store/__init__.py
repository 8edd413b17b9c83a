"""Persistence: SQLAlchemy models, opening databases, migrations. Nothing here imports Qt."""
