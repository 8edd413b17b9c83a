"""Alembic environment: EcoDesk passes its own connection in; batch mode so SQLite can alter tables."""

from alembic import context

from ecodesk.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("EcoDesk runs migrations with an open connection (ecodesk.store.migrate)")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
