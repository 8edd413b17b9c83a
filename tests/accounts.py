"""A bureau on the test server: a fresh database set up by `server init`, with a plan, units and clerks.

Roles are cluster-wide: every role a test makes starts with its database's unique name, and all of them
are dropped after the database. Needs the test role's CREATEROLE and password authentication for other
roles (tests/pg_server.sh sets both up on a fresh cluster); an older test server skips locally and fails
under CI=true, as the other PostgreSQL tests do without a server.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import keyring
import psycopg
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError
from sqlalchemy import text
from sqlalchemy.engine import make_url

from ecodesk.domain.access import Role
from ecodesk.services import accounts, plans, tasks, units
from ecodesk.store.db import Database, open_database
from ecodesk.store.signin import remember_typed
from tests.targets import _admin_engine, fresh_pg_database, pg_server_url

PASSWORD = "Shengtai-2026!"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"server-role tests cannot run on CI: {reason}")
    pytest.skip(reason)


@dataclass
class Bureau:
    """The bureau's database (`url`, opened by its administrator as `admin`) and its tasks' ids."""

    url: str
    admin: Database
    zonghe_leads: int  # led by 综合股
    zonghe_co: int  # led by 生态股, 综合股 co-works
    shengtai_only: int  # 生态股 alone
    plan_id: int
    opened: list[Database] = field(default_factory=list)

    @property
    def prefix(self) -> str:
        return str(make_url(self.url).database)

    def add_clerk(self, name: str, role: Role, unit: str | None = None) -> str:
        """A clerk's login (its name prefixed by the database's, to be unique on the server)."""
        login = f"{self.prefix}_u_{name}"
        accounts.add_user(self.admin, login, role, PASSWORD, unit=unit)
        return login

    def clerk_url(self, login: str) -> str:
        return make_url(self.url).set(username=login).render_as_string(hide_password=False)

    def sign_in(self, login: str) -> Database:
        """The clerk's own session, signed in with the password (typed, as at sign-in)."""
        url = make_url(self.clerk_url(login))
        remember_typed(url, PASSWORD)
        db = open_database(self.clerk_url(login))
        self.opened.append(db)
        return db

    def raw(self, login: str, password: str = PASSWORD) -> psycopg.Connection:
        """A plain SQL session of the clerk's, as psql would open it."""
        url = make_url(self.clerk_url(login))
        return psycopg.connect(host=url.host, port=url.port, dbname=url.database, user=login, password=password,
                               autocommit=True)


@contextmanager
def bureau_server() -> Iterator[Bureau]:
    """The bureau, its roles dropped after its database whatever the test did."""
    server = pg_server_url()
    prefix = ""
    try:
        with fresh_pg_database(server) as url:
            prefix = str(make_url(url).database)
            admin = open_database(url)
            opened: list[Database] = []
            try:
                if not _can_create_roles(admin):
                    _unavailable("the test role lacks CREATEROLE: recreate the test server with tests/pg_server.sh")
                bureau = _seed(url, admin, opened)
                _require_passwords(bureau)
                yield bureau
            finally:
                for db in opened:
                    db.close()
                admin.close()
    finally:
        if prefix:
            _drop_roles(server, prefix)


def _can_create_roles(db: Database) -> bool:
    with db.reader() as s:
        return bool(s.execute(text("SELECT rolcreaterole FROM pg_roles WHERE rolname = current_user")).scalar())


def _seed(url: str, admin: Database, opened: list[Database]) -> Bureau:
    accounts.init_server(admin)
    plan = plans.create_plan(admin, year=2026, title="2026年工作要点", bureau="测试生态环境局")
    for unit in ("综合股", "生态股"):
        units.add_unit(admin, unit, bureau="测试生态环境局")
    leads = tasks.add_task(admin, plan.id, title="推进大气污染防治", lead=["综合股"])
    co = tasks.add_task(admin, plan.id, title="加强生态保护修复", lead=["生态股"], co=["综合股"])
    alone = tasks.add_task(admin, plan.id, title="开展自然保护地监督", lead=["生态股"])
    return Bureau(url, admin, leads, co, alone, plan.id, opened)


def _require_passwords(bureau: Bureau) -> None:
    """The server must check passwords for clerks' roles (a trust server lets any password in)."""
    login = bureau.add_clerk("probe", Role.READER)
    try:
        bureau.raw(login, password="not-the-password").close()
    except psycopg.OperationalError:
        return
    _unavailable("the test server does not check passwords: recreate it with tests/pg_server.sh")


def _drop_roles(server: str, prefix: str) -> None:
    admin = _admin_engine(server)
    with admin.connect() as conn:
        names = conn.execute(text("SELECT rolname FROM pg_roles WHERE starts_with(rolname, :p)"),
                             {"p": prefix}).scalars().all()
        for name in names:
            conn.execute(text(f'DROP ROLE IF EXISTS "{name}"'))
    admin.dispose()


class MemoryKeyring(KeyringBackend):
    """The system's credential store for a test: what `keyring` would keep in Windows Credential Manager
    or the Secret Service, kept in memory (the test machine has no such service)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.saved.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.saved[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.saved.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@contextmanager
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    store = MemoryKeyring()
    keyring.set_keyring(store)
    try:
        yield store
    finally:
        keyring.set_keyring(before)
