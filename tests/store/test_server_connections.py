"""Server mode: a connection the server dropped (a restart, a firewall cutting idle links) is noticed.
One that lay idle in the pool is checked before use and replaced, so the clerk sees nothing; one used
moments ago is not checked (that would cost every transaction a round trip), and if it died anyway its
transaction fails with a clear message, nothing half-written, and the next one connects afresh."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from ecodesk.domain.errors import StorageError
from ecodesk.services import plans, progress
from ecodesk.store import db as db_module
from ecodesk.store.db import Database, open_database
from tests.targets import fresh_pg_database, pg_server_url, progress_ids, seed_plan

pytestmark = pytest.mark.postgres


@pytest.fixture
def server_db() -> Iterator[tuple[Database, int, str]]:
    with fresh_pg_database(pg_server_url()) as url:
        db = open_database(url)
        try:
            yield db, seed_plan(db), url
        finally:
            db.close()


def drop_connections(url: str) -> None:
    """What a server restart does to the clerk's open connections: end them from the server's side."""
    admin = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        ended = conn.execute(text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                  "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar()
    admin.dispose()
    assert ended, "the database had no connection of the clerk's to end"


def test_an_idle_connection_the_server_dropped_is_replaced_before_use(
        server_db: tuple[Database, int, str], monkeypatch: pytest.MonkeyPatch) -> None:
    db, task_id, url = server_db
    assert plans.list_plans(db)  # a connection now waits in the pool
    drop_connections(url)
    monkeypatch.setattr(db_module, "IDLE_PING_S", 0.0)  # as after a coffee break
    progress.add_progress(db, task_id, date=dt.date(2026, 4, 1), text="休息后的进展")
    assert len(progress_ids(db)) == 1


def test_a_connection_dropped_moments_after_use_fails_clearly_then_reconnects(
        server_db: tuple[Database, int, str]) -> None:
    db, task_id, url = server_db
    assert plans.list_plans(db)
    drop_connections(url)
    with pytest.raises(StorageError, match="ecodesk_t_"):
        progress.add_progress(db, task_id, date=dt.date(2026, 4, 1), text="断线时的进展")
    progress.add_progress(db, task_id, date=dt.date(2026, 4, 2), text="重连后的进展")
    assert len(progress_ids(db)) == 1  # the failed one left nothing behind
