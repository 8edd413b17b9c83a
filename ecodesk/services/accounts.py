"""Server accounts: setting up the roles on a bureau's server and managing the clerks' logins.

Run with the administrator account (the database's owner, which may create roles): `ecodesk server
init` and `ecodesk server user …`. Every change is one transaction and is audited like any other.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ecodesk.domain.access import Role
from ecodesk.domain.errors import UserError
from ecodesk.services import audit
from ecodesk.services.bureaus import bureau_for
from ecodesk.services.units import find_unit_row
from ecodesk.store import server_roles
from ecodesk.store.db import Database
from ecodesk.store.server_roles import Account

SQLITE_HAS_NO_ACCOUNTS = "本机数据库文件只有一位使用者，没有账户；账户和权限用于服务器模式（PostgreSQL）"
MIN_PASSWORD = 8


def _server(db: Database) -> None:
    if db.is_sqlite:
        raise UserError(SQLITE_HAS_NO_ACCOUNTS)


def init_server(db: Database) -> None:
    """Create the group roles (办公室, 股室填报, 只读) and set every table's grants and row-level security.
    Running it again changes nothing but what a newer EcoDesk added."""
    _server(db)
    with db.session() as s:
        server_roles.apply(s.connection())
        audit.record(s, action="update", entity="server", entity_id=None, field="roles",
                     new="、".join(role.value for role in Role))


def add_user(db: Database, login: str, role: Role, password: str, *, unit: str | None = None,
             bureau: str | None = None) -> Account:
    """A clerk's login in `role`; a 股室填报 clerk reports for `unit` (one of the bureau's units)."""
    _server(db)
    login = login.strip()
    if not login or len(login.encode()) > 63 or '"' in login:
        raise UserError(f"账户名“{login}”无效：不能为空、不能含双引号，最长 63 字节")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"密码太短：至少需要 {MIN_PASSWORD} 个字符")
    if role is Role.UNIT_CLERK and not unit:
        raise UserError("股室填报账户需要用 --unit 指定所属股室")
    if role is not Role.UNIT_CLERK and unit:
        raise UserError(f"{role.value}账户不属于某个股室，请不要给出 --unit")
    with db.session() as s:
        unit_id = _unit_id(s, unit, bureau) if unit else None
        server_roles.add_account(s.connection(), login, role, unit_id, password)
        audit.record(s, action="create", entity="account", entity_id=None, field=login,
                     new=f"{role.value}：{unit}" if unit else role.value)
    return Account(login, role, unit, True)


def _unit_id(session: Session, unit: str, bureau: str | None) -> int:
    found = bureau_for(session, bureau, create=False)
    row = find_unit_row(session, found.id, unit) if found is not None else None
    if row is None:
        raise UserError(f"没有名为“{unit}”的股室，请先在股室管理中添加（或用 ecodesk unit add）")
    return row.id


def list_users(db: Database) -> list[Account]:
    _server(db)
    with db.reader() as s:
        return server_roles.list_accounts(s.connection())


def set_user_enabled(db: Database, login: str, enabled: bool) -> None:
    """Disable a clerk's login (a clerk who left), or enable it again; the audit log keeps their entries."""
    _server(db)
    with db.session() as s:
        server_roles.set_can_log_in(s.connection(), login, enabled)
        audit.record(s, action="update", entity="account", entity_id=None, field=login,
                     new="启用" if enabled else "停用")
