"""Turn the database driver's storage failures into one Chinese sentence a clerk can act on.

SQLite and PostgreSQL report a read-only file, a full disk or a lock held too long as
OperationalError; the transaction has been rolled back by then, so every message says nothing was saved.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from ecodesk.domain.errors import StorageError

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


# (fragment of the client library's message when connecting, lower case) → why, in a clerk's words
_CONNECT_REASONS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("failed to resolve host", "could not translate host name", "name or service not known"),
     "找不到服务器“{host}”，请检查地址是否写错"),
    (("invalid sslmode", "invalid connection option", "invalid integer value", "invalid value for",
      "invalid port", "missing \"=\""),
     "地址中的连接参数无效（{options}），请检查“?”后面的部分"),
    (("password authentication failed", "no password supplied"), "用户名或密码不正确"),
    (("no pg_hba.conf entry",), "服务器不允许这台电脑连接，请管理员检查 pg_hba.conf"),
    (("does not exist",), "服务器上没有数据库“{database}”或用户“{user}”"),
    (("connection refused",), "服务器没有在端口 {port} 接受连接，请检查服务器是否运行、端口是否正确"),
    (("timeout", "timed out"), "连接超时，请检查网络和服务器是否运行"),
)


def connect_error(err: DBAPIError, url: URL) -> StorageError:
    """The first connection to a server failed: say which server and why, never the password.

    The driver words these in English (and some not at all as storage failures), so each known reason
    is put in Chinese; any other one still names the server and says what to check.
    """
    text = str(getattr(err, "orig", None) or err).lower()
    fields = {"host": url.host or "本机", "port": url.port or 5432, "database": url.database or "",
              "user": url.username or "", "options": "、".join(k for k in url.query if k != "password")}
    reason = next((template.format(**fields) for fragments, template in _CONNECT_REASONS
                   if any(fragment in text for fragment in fragments)), "请检查地址、网络和服务器是否运行")
    return StorageError(f"无法连接数据库服务器“{fields['host']}”（数据库“{fields['database']}”）：{reason}")
