"""The server's own enforcement of the roles: group roles, grants and row-level security on PostgreSQL.

Three group roles per database, named after it (`<database>_office`, `_unit`, `_readonly`: roles are
cluster-wide, so two bureaus' databases on one server keep theirs apart), and one login role per clerk,
a member of one group. What a group may do to a table is the table's rule in `RULES`; a table added by a
later migration needs its line there (a test checks that every table has one, and `apply` refuses a
table without). `apply` is idempotent: `ecodesk server init` runs it, and so does every schema upgrade
of a database it was run on, so new tables are covered at once.

The database's owner (the administrator account that ran `server init`) is not bound by row-level
security and keeps every right; the audit trigger binds it too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from psycopg import sql
from sqlalchemy import Connection, text

from ecodesk.domain.access import Access, Role
from ecodesk.domain.errors import UserError

OWN_TASK = "ecodesk_own_task"
POLICY_PREFIX = "ecodesk_"


@dataclass(frozen=True, slots=True)
class Rule:
    """What each group may do to one table, beyond reading it (every group reads every table, but a 股室填报
    clerk only its own unit's rows where `unit_reads` names the column holding the unit's id).

    `office`: the privileges of 办公室 (one may name its columns: "UPDATE (unit_name)"). `unit_update`:
    columns a 股室填报 clerk may update on the rows of its unit's tasks (`task_column` names the task).
    `unit_insert`: whether it may add rows for its unit's tasks (any row when `task_column` is empty);
    `author` names the column that must then hold its login (and lets it delete its own rows, which is the
    window's undo of a report it just added).
    """

    office: tuple[str, ...] = ()
    unit_update: tuple[str, ...] = ()
    unit_insert: bool = False
    task_column: str = "task_id"
    author: str | None = None
    unit_reads: str = ""


PLAN_DATA = Rule(office=("INSERT", "UPDATE", "DELETE"))
READ_ONLY = Rule()

RULES: dict[str, Rule] = {
    "alembic_version": READ_ONLY,
    "bureaus": PLAN_DATA,
    "units": PLAN_DATA,
    "plans": PLAN_DATA,
    "targets": PLAN_DATA,
    "target_values": PLAN_DATA,  # 主要目标 actual values, entered by the 办公室
    "tasks": Rule(office=("INSERT", "UPDATE", "DELETE"), unit_update=("status", "percent", "version"),
                  task_column="id"),
    "task_units": PLAN_DATA,
    # 办公室 renames units in reports, never rewrites a report or its author
    "progress_updates": Rule(office=("INSERT", "UPDATE (unit_name)", "DELETE"), unit_insert=True, author="author"),
    "audit_log": Rule(office=("INSERT",), unit_insert=True, task_column=""),  # signed by 0004's trigger
    # A report's dated status change, added with it (and gone with it: ON DELETE CASCADE)
    "status_changes": Rule(office=("INSERT", "UPDATE", "DELETE"), unit_insert=True),
    "period_dues": PLAN_DATA,
    "collection_returns": Rule(office=("INSERT", "UPDATE", "DELETE")),  # 进展征集 returns, received by 办公室
    # the 催办 log: 办公室 issues the 督办通知单; each 股室 sees the slips sent to it
    "urgings": Rule(office=("INSERT", "UPDATE", "DELETE"), unit_reads="unit_id"),
    # files: a 股室填报 clerk attaches to its unit's tasks and removes (marks removed_at) what it attached
    "attachments": Rule(office=("INSERT", "UPDATE (removed_at)", "DELETE"), unit_update=("removed_at",),
                        unit_insert=True, author="author"),
    "attachment_blobs": Rule(office=("INSERT", "DELETE"), unit_insert=True, task_column=""),  # content, by SHA-256
    "deadline_extensions": PLAN_DATA,  # 延期, approved and recorded by 办公室
    "carried_tasks": PLAN_DATA,  # 跨年 tasks' links back, written by a year rollover
    "server_accounts": READ_ONLY,  # written by the administrator account alone (`ecodesk server user add`)
}


def group_name(database: str, role: Role) -> str:
    """The PostgreSQL name of a group role of `database` (at most 63 bytes, as PostgreSQL requires)."""
    suffix = f"_{role.key}"
    prefix = database.encode()[: 63 - len(suffix)].decode(errors="ignore")
    return prefix + suffix


def _ident(conn: Connection, name: str) -> str:
    return sql.Identifier(name).as_string(conn.connection.driver_connection)  # type: ignore[arg-type]


def _database(conn: Connection) -> str:
    return conn.execute(text("SELECT current_database()")).scalar_one()


def groups(conn: Connection) -> dict[Role, str]:
    database = _database(conn)
    return {role: group_name(database, role) for role in Role}


def installed(conn: Connection) -> bool:
    """Whether `server init` ran on this database (its 办公室 group role exists)."""
    office = group_name(_database(conn), Role.OFFICE)
    return conn.execute(text("SELECT to_regrole(:r) IS NOT NULL"), {"r": f'"{office}"'}).scalar_one()


def apply(conn: Connection) -> None:
    """Create the group roles (if missing), then set every table's grants and policies afresh."""
    names = groups(conn)
    for name in names.values():
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first()
        if exists is None:
            conn.exec_driver_sql(f"CREATE ROLE {_ident(conn, name)} NOLOGIN")
    quoted = {role: _ident(conn, name) for role, name in names.items()}
    everyone = ", ".join(quoted.values())
    database = _ident(conn, _database(conn))
    for statement in _database_grants(database, everyone, quoted):
        conn.exec_driver_sql(statement)
    tables = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).scalars()
    for table in tables:
        rule = RULES.get(table)
        if rule is None:
            raise RuntimeError(f"table {table} has no access rule in ecodesk.store.server_roles.RULES")
        for statement in _table_statements(conn, table, rule, quoted, everyone):
            conn.exec_driver_sql(statement)


def _database_grants(database: str, everyone: str, quoted: dict[Role, str]) -> Iterator[str]:
    """Connecting and the schema: the bureau's groups only (no other role of the cluster may connect)."""
    yield f"REVOKE ALL ON DATABASE {database} FROM PUBLIC"
    yield "REVOKE CREATE ON SCHEMA public FROM PUBLIC"
    yield f"GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {everyone}"
    yield f"GRANT USAGE ON SCHEMA public TO {everyone}"
    yield f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted[Role.OFFICE]}, {quoted[Role.UNIT_CLERK]}"
    yield f"""CREATE OR REPLACE FUNCTION {OWN_TASK}(task integer) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM task_units tu JOIN server_accounts a ON a.unit_id = tu.unit_id
                       WHERE tu.task_id = task AND a.login = session_user AND a.role = '{Role.UNIT_CLERK.key}')
    $$"""
    yield f"REVOKE ALL ON FUNCTION {OWN_TASK}(integer) FROM PUBLIC"
    yield f"GRANT EXECUTE ON FUNCTION {OWN_TASK}(integer) TO {everyone}"


def _table_statements(conn: Connection, table: str, rule: Rule, quoted: dict[Role, str],
                      everyone: str) -> Iterator[str]:
    office, unit = quoted[Role.OFFICE], quoted[Role.UNIT_CLERK]
    yield f"REVOKE ALL ON {table} FROM PUBLIC, {everyone}"
    yield f"GRANT SELECT ON {table} TO {everyone}"
    yield f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"
    old = conn.execute(text("SELECT policyname FROM pg_policies WHERE schemaname = 'public' AND tablename = :t"),
                       {"t": table}).scalars()
    for policy in old:
        yield f"DROP POLICY {_ident(conn, policy)} ON {table}"
    if rule.unit_reads:
        others = ", ".join(q for role, q in quoted.items() if role is not Role.UNIT_CLERK)
        yield _policy("read", table, "SELECT", others, "USING (true)")
        yield _policy("unit_read", table, "SELECT", unit, f"USING ({rule.unit_reads} = "
                      "(SELECT a.unit_id FROM server_accounts a WHERE a.login = session_user))")
    else:
        yield _policy("read", table, "SELECT", everyone, "USING (true)")
    if rule.office:
        yield f"GRANT {', '.join(rule.office)} ON {table} TO {office}"
        for command in (privilege.split()[0] for privilege in rule.office):
            condition = "WITH CHECK (true)" if command == "INSERT" else "USING (true)"
            yield _policy(f"office_{command.lower()}", table, command, office, condition)
    own = f"{OWN_TASK}({rule.task_column})" if rule.task_column else "true"
    if rule.unit_update:
        yield f"GRANT UPDATE ({', '.join(rule.unit_update)}) ON {table} TO {unit}"
        yield _policy("unit_update", table, "UPDATE", unit, f"USING ({own}) WITH CHECK ({own})")
    if rule.unit_insert:
        mine = f"{own} AND {rule.author} = session_user" if rule.author else own
        yield f"GRANT INSERT ON {table} TO {unit}"
        yield _policy("unit_insert", table, "INSERT", unit, f"WITH CHECK ({mine})")
        if rule.author:
            yield f"GRANT DELETE ON {table} TO {unit}"
            yield _policy("unit_delete", table, "DELETE", unit, f"USING ({mine})")


def _policy(name: str, table: str, command: str, roles: str, condition: str) -> str:
    return f"CREATE POLICY {POLICY_PREFIX}{name} ON {table} FOR {command} TO {roles} {condition}"


# -- accounts -------------------------------------------------------------------------------------------

def signed_in(conn: Connection) -> Access:
    """The signed-in login and its role (from its group membership), with its unit for 股室填报; one round
    trip. A login in none of the groups (the administrator, or a database `server init` never ran on) has
    every right the server gives it; the server still decides.
    """
    database = conn.engine.url.database or ""
    names = {role.key: group_name(database, role) for role in Role}
    login, *member, unit = conn.execute(text(
        "SELECT session_user, pg_has_role(session_user, to_regrole(quote_ident(:office)), 'MEMBER'), "
        "pg_has_role(session_user, to_regrole(quote_ident(:unit)), 'MEMBER'), "
        "pg_has_role(session_user, to_regrole(quote_ident(:readonly)), 'MEMBER'), "
        "(SELECT u.name FROM server_accounts a JOIN units u ON u.id = a.unit_id WHERE a.login = session_user)"),
        names).one()
    role = next((r for r, is_member in zip(Role, member, strict=True) if is_member), None)  # 办公室 first
    return Access(login, role, unit if role is Role.UNIT_CLERK else None)


@dataclass(frozen=True, slots=True)
class Account:
    """A clerk's login as `ecodesk server user list` shows it."""

    login: str
    role: Role
    unit: str | None
    can_log_in: bool


def add_account(conn: Connection, login: str, role: Role, unit_id: int | None, password: str) -> None:
    """A login role in the role's group, its password sent already hashed (SCRAM-SHA-256, made by libpq
    here), so it never crosses the network or lands in the server's log in plain text."""
    if not installed(conn):
        raise UserError("该数据库尚未设置账户和权限，请先运行 ecodesk server init")
    if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": login}).first() is not None:
        raise UserError(f"服务器上已有名为“{login}”的账户")
    _password_statement(conn, "CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}", login, password,
                        sql.Identifier(groups(conn)[role]))
    conn.execute(text("INSERT INTO server_accounts (login, role, unit_id, created_at) "
                      "VALUES (:l, :r, :u, now() AT TIME ZONE 'UTC')"), {"l": login, "r": role.key, "u": unit_id})


def set_password(conn: Connection, login: str, password: str) -> None:
    """A new password for a clerk's login (one forgotten), sent hashed as `add_account` does."""
    _known(conn, login)
    _password_statement(conn, "ALTER ROLE {} PASSWORD {}", login, password)


def _password_statement(conn: Connection, template: str, login: str, password: str, *more: sql.Composable) -> None:
    """Run `template` with the login and its password hashed here by libpq (SCRAM-SHA-256)."""
    raw = conn.connection.driver_connection
    hashed = raw.pgconn.encrypt_password(password.encode(), login.encode(), b"scram-sha-256")  # type: ignore[union-attr]
    statement = sql.SQL(template).format(sql.Identifier(login), sql.Literal(hashed.decode()), *more)
    conn.exec_driver_sql(statement.as_string(raw))  # type: ignore[arg-type]


def _known(conn: Connection, login: str) -> None:
    if conn.execute(text("SELECT 1 FROM server_accounts WHERE login = :l"), {"l": login}).first() is None:
        raise UserError(f"没有名为“{login}”的 EcoDesk 账户，可用 ecodesk server user list 查看")


def list_accounts(conn: Connection) -> list[Account]:
    rows = conn.execute(text("SELECT a.login, a.role, u.name, coalesce(r.rolcanlogin, false) FROM server_accounts a "
                             "LEFT JOIN units u ON u.id = a.unit_id LEFT JOIN pg_roles r ON r.rolname = a.login "
                             "ORDER BY a.role, a.login"))
    by_key = {role.key: role for role in Role}
    return [Account(login, by_key[role], unit, can) for login, role, unit, can in rows]


def set_can_log_in(conn: Connection, login: str, allowed: bool) -> None:
    """Disable (or enable again) a clerk's login; its past entries in the audit log stay its own."""
    _known(conn, login)
    conn.exec_driver_sql(f"ALTER ROLE {_ident(conn, login)} {'LOGIN' if allowed else 'NOLOGIN'}")
