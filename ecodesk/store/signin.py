"""Signing in to the server: passwords never in plain text, TLS, and who the server says is signed in.

A server address names no password. The password comes, in this order, from what the clerk typed at
sign-in (kept in memory for this process only), the system's credential store (Windows Credential
Manager, Secret Service, macOS Keychain, through `keyring`) when the clerk chose to save it there, or
libpq itself (the pgpass file, PGPASSWORD). The audit's "who" on a server is the login the server
authenticated, which its triggers check (migrations/versions/0004_server_roles.py).
"""

from __future__ import annotations

from contextlib import suppress

from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from ecodesk.identity import current_user
from ecodesk.store.turn import Turn

KEYRING_SERVICE = "EcoDesk"
VERIFIED = "verify-full"
LOOPBACK = {"localhost", "127.0.0.1", "::1", ""}

_typed: dict[str, str] = {}  # account key → the password typed at sign-in, for this process only


def account_key(url: URL) -> str:
    """How a saved password is named: user@host:port/database (the address without its options)."""
    return f"{url.username or ''}@{url.host or ''}:{url.port or 5432}/{url.database or ''}"


def remember_typed(url: URL, password: str) -> None:
    """The password typed at sign-in, used for the connections this process makes to that account."""
    _typed[account_key(url)] = password


def forget_typed(url: URL) -> None:
    _typed.pop(account_key(url), None)


def password_for(url: URL) -> str | None:
    """The password to send for `url`, or None to let libpq find one (pgpass, PGPASSWORD) or do without."""
    if url.password is not None:
        return None  # the address carries one (discouraged, still understood); the driver sends it
    key = account_key(url)
    return _typed.get(key) or saved_password(key)


def saved_password(key: str) -> str | None:
    """The password saved in the system's credential store, or None (none saved, or no store here)."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, key)
    except (KeyringError, RuntimeError, OSError):
        return None


def save_password(url: URL, password: str) -> str | None:
    """Save in the system's credential store; None when saved, else why not (in Chinese)."""
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, account_key(url), password)
    except (KeyringError, RuntimeError, OSError) as err:
        return f"无法把密码保存到系统的凭据管理器（{err}），下次登录时需重新输入密码"
    return None


def delete_saved_password(url: URL) -> None:
    """Forget a saved password (a wrong one must not be tried again at every start)."""
    try:
        import keyring
        from keyring.errors import KeyringError, PasswordDeleteError
    except ImportError:
        return
    with suppress(PasswordDeleteError, KeyringError, RuntimeError, OSError):
        keyring.delete_password(KEYRING_SERVICE, account_key(url))


def plain_connection_warning(url: URL) -> str | None:
    """A warning for a connection across the network whose server is not verified by its certificate
    (sslmode other than verify-full): passwords and data could be read or altered on the way."""
    if url.host in LOOPBACK or str(url.host).startswith("/") or url.query.get("sslmode") == VERIFIED:
        return None
    return (f"与服务器“{url.host}”的连接没有用服务器证书验证（可能未加密），密码和数据在网络上可能被他人截获。"
            "请管理员按说明为服务器开启 SSL，并在“打开数据库…”中选择服务器的 CA 证书文件")


def with_tls(url: URL, ca_file: str) -> URL:
    """The address verifying the server against `ca_file` (sslmode=verify-full); unchanged without one."""
    if not ca_file:
        return url
    return url.update_query_dict({"sslmode": VERIFIED, "sslrootcert": ca_file})


def login_of(target: Session | Turn) -> str:
    """Who a write in the session's transaction, or in the SQLite `Turn`, names (see session_login)."""
    return target.login if isinstance(target, Turn) else session_login(target)


def session_login(session: Session) -> str:
    """Who the audit log and progress reports name: the login the server authenticated (free: libpq knows
    it), or, in a SQLite file, the clerk's own name (ECODESK_USER or the PC's login name)."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        return current_user()
    return connection.connection.driver_connection.info.user  # type: ignore[union-attr]
