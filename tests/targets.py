"""The databases the store and service tests run against: a SQLite file and a real PostgreSQL server.

PostgreSQL comes from ECODESK_TEST_PG_URL (tests/pg_server.sh prints one); every test gets a database
of its own, created from that server and dropped afterwards. Without the variable the PostgreSQL
cases skip locally and fail under CI=true, so a CI run can never pass without them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from ecodesk.store.db import Database, open_database

PG_ENV = "ECODESK_TEST_PG_URL"


def pg_server_url() -> str:
    """The test server's URL, or skip (fail on CI) with the reason."""
    url = os.environ.get(PG_ENV)
    if url:
        return url
    reason = f"{PG_ENV} is not set; start a server with `export {PG_ENV}=$(tests/pg_server.sh)`"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"PostgreSQL tests cannot run on CI: {reason}")
    pytest.skip(reason)


def _admin_engine(server_url: str):
    url = make_url(server_url).set(drivername="postgresql+psycopg")
    return create_engine(url, isolation_level="AUTOCOMMIT")


@contextmanager
def fresh_pg_database(server_url: str) -> Iterator[str]:
    """An empty database on the test server for one test: its URL, dropped when the block ends."""
    name = f"ecodesk_t_{uuid.uuid4().hex[:12]}"
    admin = _admin_engine(server_url)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" STRATEGY FILE_COPY'))  # 3× faster than WAL_LOG here
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """What a clerk passes to --db: a fresh SQLite file path, or a fresh PostgreSQL database URL."""
    if request.param == "sqlite":
        yield str(tmp_path / "ecodesk.sqlite")
        return
    with fresh_pg_database(pg_server_url()) as url:
        yield url


@pytest.fixture
def target_db(db_target: str) -> Iterator[Database]:
    """An open, migrated database on each target."""
    database = open_database(db_target)
    yield database
    database.close()


WRITER = Path(__file__).with_name("writer.py")


def signed_in_name(db: Database) -> str:
    """Who the audit log and progress reports must name: on a server the login it authenticated (whatever
    ECODESK_USER says, which tests/conftest.py sets to 测试员), in a SQLite file the clerk's own name."""
    return "测试员" if db.is_sqlite else str(db.engine.url.username)


def seed_plan(db: Database) -> int:
    """A 2026 plan with one unit and one task; returns the task's id."""
    from ecodesk.services import plans, tasks, units

    plan = plans.create_plan(db, year=2026, title="2026年工作要点", bureau="测试生态环境局")
    units.add_unit(db, "综合股", bureau="测试生态环境局")
    return tasks.add_task(db, plan.id, title="推进大气污染防治", lead=["综合股"])


def progress_ids(db: Database) -> set[int]:
    from sqlalchemy import select

    from ecodesk.store.models import ProgressRow

    with db.reader() as s:
        return set(s.scalars(select(ProgressRow.id)))
