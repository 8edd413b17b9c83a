"""Persistence: SQLAlchemy models, opening databases, migrations. Nothing here imports Qt."""

# Execution option marking connections that will write: on SQLite they start with BEGIN IMMEDIATE,
# queueing for the write lock (busy timeout) up front instead of failing half-way when a read
# snapshot cannot be upgraded to a write. Other connections (readers, schema checks) use plain BEGIN.
WRITES = "ecodesk_writes"
