"""The migrations build exactly the schema the models describe, on SQLite and on PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert, select

from ecodesk.store.db import Database
from ecodesk.store.migrate import current_revision, head_revision
from ecodesk.store.models import Base, Bureau, TaskRow, UnitRow


def test_migrations_match_models(target_db: Database) -> None:
    assert current_revision(target_db.engine) == head_revision()
    with target_db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diffs == []


def test_booleans_and_version_defaults_round_trip(target_db: Database) -> None:
    with target_db.session() as s:
        bureau_id = s.execute(insert(Bureau).values(name="局").returning(Bureau.id)).scalar_one()
        s.execute(insert(UnitRow).values(bureau_id=bureau_id, name="综合股", short_name="", sort_order=0,
                                         active=False))
    with target_db.reader() as s:
        unit = s.scalars(select(UnitRow)).one()
        assert unit.active is False
        assert unit.version == 1


def test_deleted_task_ids_are_never_reused(target_db: Database) -> None:
    """Undo restores a task under its old id, so ids must not be handed out again (AUTOINCREMENT/serial)."""
    from ecodesk.services import plans, tasks, tree

    plan = plans.create_plan(target_db, year=2024)
    first = tasks.add_task(target_db, plan.id, title="甲")
    tree.delete_task(target_db, first)
    second = tasks.add_task(target_db, plan.id, title="乙")
    assert second > first
    with target_db.reader() as s:
        assert s.get(TaskRow, first) is None
