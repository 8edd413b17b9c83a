"""Turn the database driver's storage failures into one Chinese sentence a clerk can act on.

SQLite and PostgreSQL report a read-only file, a full disk or a lock held too long as
OperationalError; the transaction has been rolled back by then, so every message says nothing was saved.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from ecodesk.domain.errors import SignInError, StorageError

NOT_SAVED = "本次修改未保存，数据库中原有数据未受影响"

# (fragment of the driver's message, lower case) → what happened and what to do; {name} is the database
_KNOWN: tuple[tuple[tuple[str, ...], str], ...] = (
    (("readonly database", "read-only", "read only"),
     "数据库“{name}”是只读的（文件或所在文件夹不可写），{not_saved}。"
     "请检查文件和文件夹的写入权限，或把数据库复制到可写的位置后再打开"),
    (("database or disk is full", "disk i/o error", "no space left", "disk full", "could not extend file"),
     "写入数据库“{name}”时磁盘已满或出错，{not_saved}。请清理磁盘空间（或检查磁盘）后重试"),
    (("database is locked", "database table is locked", "lock timeout", "could not obtain lock"),
     "数据库“{name}”正被其他程序或同事长时间占用，{not_saved}。请稍后重试{advice}"),
    (("unable to open database file",),
     "无法打开数据库“{name}”（文件夹不存在、不可写或在断开的网络位置），{not_saved}"),
    (("permission denied", "violates row-level security", "is not the signed-in role"),
     "服务器“{name}”拒绝了这次修改：登录的账户没有这项权限，{not_saved}"),
    (("connection refused", "could not connect", "server closed the connection", "connection timeout",
      "terminating connection", "connection failed"),
     "无法连接数据库服务器“{name}”，{not_saved}。请检查网络和服务器是否运行，然后重试"),
)


SQLITE_SHARED = "；多人同时使用时请改用服务器模式（PostgreSQL）"


def storage_error(err: DBAPIError | sqlite3.Error, name: str, *, sqlite: bool = True) -> StorageError | None:
    """The StorageError matching a driver failure, or None when it is not a storage problem."""
    orig = getattr(err, "orig", None)
    text = str(orig if orig is not None else err).lower()
    advice = SQLITE_SHARED if sqlite else ""
    for fragments, template in _KNOWN:
        if any(fragment in text for fragment in fragments):
            return StorageError(template.format(name=name, not_saved=NOT_SAVED, advice=advice))
    return None


def read_only_error(name: str) -> StorageError:
    """For a database in a folder EcoDesk cannot write to: WAL needs its -shm file there even to read."""
    return StorageError(_KNOWN[0][1].format(name=name, not_saved=NOT_SAVED, advice=""))


# (fragment of the client library's message when connecting, lower case) → why, in a clerk's words, and the
# kind of failure (SignInError.reason). The first fragment found decides.
_CONNECT_REASONS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("failed to resolve host", "could not translate host name", "name or service not known"),
     "找不到服务器“{host}”，请检查地址是否写错", SignInError.UNREACHABLE),
    (("root certificate file",),
     "找不到或无法读取服务器的 CA 证书文件，请在“打开数据库…”中重新选择", SignInError.OTHER),
    (("does not match host name",),
     "服务器证书上的名称与地址“{host}”不符，为安全起见没有连接；请使用证书上的服务器名称", SignInError.OTHER),
    (("certificate verify failed", "certificate has expired", "self-signed certificate", "self signed certificate"),
     "服务器证书无法用所选的 CA 证书验证（证书不符或已过期），为安全起见没有连接", SignInError.OTHER),
    (("server does not support ssl",),
     "服务器没有开启 SSL，无法建立加密连接，请管理员按说明开启 SSL", SignInError.OTHER),
    (("invalid sslmode", "invalid connection option", "invalid integer value", "invalid value for",
      "invalid port", "missing \"=\""),
     "地址中的连接参数无效（{options}），请检查“?”后面的部分", SignInError.OTHER),
    (("no password supplied",), "请输入账户“{user}”的密码", SignInError.PASSWORD_NEEDED),
    (("password authentication failed",),
     "用户名或密码不正确（也可能是账户“{user}”的密码已过期，请联系办公室）", SignInError.WRONG_PASSWORD),
    (("is not permitted to log in",), "账户“{user}”已停用，请联系办公室", SignInError.DISABLED),
    (("no pg_hba.conf entry",), "服务器不允许这台电脑连接，请管理员检查 pg_hba.conf", SignInError.OTHER),
    (("permission denied for database",), "账户“{user}”无权使用数据库“{database}”", SignInError.OTHER),
    (("does not exist",), "服务器上没有数据库“{database}”或用户“{user}”", SignInError.OTHER),
    (("connection refused",), "服务器没有在端口 {port} 接受连接，请检查服务器是否运行、端口是否正确",
     SignInError.UNREACHABLE),
    (("timeout", "timed out"), "连接超时，请检查网络和服务器是否运行", SignInError.UNREACHABLE),
)


def connect_error(err: DBAPIError, url: URL) -> SignInError:
    """The first connection to a server failed: say which server and why, never the password.

    The driver words these in English (and some not at all as storage failures), so each known reason
    is put in Chinese; any other one still names the server and says what to check.
    """
    text = str(getattr(err, "orig", None) or err).lower()
    fields = {"host": url.host or "本机", "port": url.port or 5432, "database": url.database or "",
              "user": url.username or "", "options": "、".join(k for k in url.query if k != "password")}
    reason, kind = next(((template.format(**fields), kind) for fragments, template, kind in _CONNECT_REASONS
                         if any(fragment in text for fragment in fragments)),
                        ("请检查地址、网络和服务器是否运行", SignInError.OTHER))
    return SignInError(f"无法连接数据库服务器“{fields['host']}”（数据库“{fields['database']}”）：{reason}", kind)
