"""The bureau's setup as the README tells its IT person, followed step by step on a fresh server.

A PostgreSQL cluster of its own (initdb, as the postgres user when run as root): certificates made with
the README's openssl commands, SSL on, only encrypted connections with a password let in; the
administrator account and database made with the README's SQL; then `ecodesk server init`, the clerks'
accounts, and a clerk reporting over verify-full with the password in libpq's password file.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

ADMIN, ADMIN_PASSWORD = "ecodesk_admin", "Guanli-2026!"
CLERK, CLERK_PASSWORD = "zhangsan", "Zonghe-2026!"


def pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not found:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("PostgreSQL server binaries are missing (tests/run installs them)")
        pytest.skip("PostgreSQL server binaries are not installed")
    return found[-1]


def as_owner(*command: str | Path) -> list[str]:
    """initdb and the server refuse to run as root: the postgres user runs them then."""
    words = [str(c) for c in command]
    return ["runuser", "-u", "postgres", "--", *words] if os.geteuid() == 0 else words


def run(*command: str | Path, cwd: Path | None = None) -> None:
    subprocess.run(as_owner(*command), check=True, capture_output=True, cwd=cwd, timeout=120)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    port: int
    home: Path  # the cluster's data folder, where the README puts the certificates
    ca_file: Path  # the copy a clerk's PC gets

    def url(self, user: str, host: str = "127.0.0.1", **options: str) -> str:
        query = "&".join(f"{k}={v}" for k, v in options.items())
        return f"postgresql://{user}@{host}:{self.port}/ecodesk" + (f"?{query}" if query else "")

    def verified(self, user: str) -> str:
        return self.url(user, sslmode="verify-full", sslrootcert=str(self.ca_file))


@pytest.fixture
def server() -> Iterator[Server]:
    binaries = pg_bin()
    top = Path(tempfile.mkdtemp(prefix="ecodesk-bureau-"))  # not under pytest's tmp: the postgres user enters it
    data = top / "data"
    if os.geteuid() == 0:
        shutil.chown(top, "postgres")
    port = free_port()
    try:
        run(binaries / "initdb", "-D", data, "-U", "postgres", "--auth=peer" if os.geteuid() == 0 else "--auth=trust",
            "-E", "UTF8", "--locale=C.UTF-8")
        _make_certificates(data)
        _configure(data, top)
        run(binaries / "pg_ctl", "-D", data, "-l", top / "server.log", "-w", "-o", f"-p {port} -k {top}", "start")
        ca_file = top / "client" / "ca.crt"  # copied to a clerk's PC
        ca_file.parent.mkdir()
        shutil.copy(data / "ca.crt", ca_file)
        _step_2_accounts(binaries, top, port)
        yield Server(port, data, ca_file)
    finally:
        if (data / "postmaster.pid").exists():
            run(binaries / "pg_ctl", "-D", data, "-m", "immediate", "stop")
        shutil.rmtree(top, ignore_errors=True)


def _make_certificates(data: Path) -> None:
    """README step 3.1, with the server's address 127.0.0.1, in the cluster's data folder."""
    (data / "san.txt").write_text("subjectAltName=IP:127.0.0.1,DNS:ecodesk-server\n", encoding="utf-8")
    if os.geteuid() == 0:
        shutil.chown(data / "san.txt", "postgres")
    for command in (
        "openssl req -new -x509 -days 3650 -nodes -subj /CN=EcoDesk-CA -keyout ca.key -out ca.crt",
        "openssl req -new -nodes -subj /CN=ecodesk-server -keyout server.key -out server.csr",
        "openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 "
        "-extfile san.txt -out server.crt",
        "chmod 600 server.key ca.key",
    ):
        run(*command.split(), cwd=data)


def _configure(data: Path, top: Path) -> None:
    """README steps 3.2 and 3.3: SSL on, and only encrypted connections with a password let in."""
    with (data / "postgresql.conf").open("a", encoding="utf-8") as conf:
        conf.write("listen_addresses = '127.0.0.1'\nssl = on\nssl_cert_file = 'server.crt'\n"
                   "ssl_key_file = 'server.key'\npassword_encryption = scram-sha-256\n")
    local = "local all postgres peer" if os.geteuid() == 0 else "local all all trust"
    (data / "pg_hba.conf").write_text(f"{local}\nhostssl ecodesk all 127.0.0.1/32 scram-sha-256\n",
                                      encoding="utf-8")


def _step_2_accounts(binaries: Path, top: Path, port: int) -> None:
    """README step 2 in psql as the server's superuser (`\\password` asks interactively; a script sets it)."""
    user = ["-U", "postgres"]
    for sql in (f"CREATE ROLE {ADMIN} LOGIN CREATEROLE PASSWORD '{ADMIN_PASSWORD}'",
                f"CREATE DATABASE ecodesk OWNER {ADMIN} ENCODING 'UTF8'"):
        run(binaries / "psql", "-h", top, "-p", str(port), *user, "-d", "postgres", "-v", "ON_ERROR_STOP=1",
            "-c", sql)


def ecodesk(*args: str, db: str, pgpass: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "ECODESK_DB": db, "PGPASSFILE": str(pgpass),
           "ECODESK_USER": "冒名者"}
    return subprocess.run([sys.executable, "-m", "ecodesk", *args], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=120)


def test_the_readme_setup_on_a_fresh_server(server: Server, tmp_path: Path) -> None:
    pgpass = tmp_path / "pgpass.conf"  # README step 5: %APPDATA%\postgresql\pgpass.conf, ~/.pgpass
    pgpass.write_text(f"*:*:ecodesk:{ADMIN}:{ADMIN_PASSWORD}\n*:*:ecodesk:{CLERK}:{CLERK_PASSWORD}\n",
                      encoding="utf-8")
    pgpass.chmod(0o600)
    admin = server.verified(ADMIN)

    def ok(*args: str, db: str = admin, stdin: str = "") -> str:
        done = ecodesk(*args, db=db, pgpass=pgpass, stdin=stdin)
        assert done.returncode == 0, done.stderr
        assert "警告" not in done.stderr  # verified: no warning about the connection
        return done.stdout

    # step 4: the administrator sets up the roles, the plan and the clerks' accounts
    assert "办公室、股室填报、只读" in ok("server", "init", "--url", admin)
    ok("plan", "new", "--year", "2026", "--title", "2026年工作要点", "--bureau", "测试生态环境局")
    ok("unit", "add", "综合股")
    ok("unit", "add", "生态股")
    ok("task", "add", "--title", "推进大气污染防治", "--lead", "综合股")
    ok("task", "add", "--title", "开展自然保护地监督", "--lead", "生态股")
    ok("server", "user", "add", CLERK, "--role", "股室填报", "--unit", "综合股", "--password-stdin",
       stdin=f"{CLERK_PASSWORD}\n")
    assert f"{CLERK}\t股室填报\t综合股" in ok("server", "user", "list")

    # step 5: the clerk's PC, with the CA file and the address (no password in it)
    clerk = server.verified(CLERK)
    assert "已记录" in ok("progress", "add", "1", "--text", "已完成方案编制", "--percent", "30", db=clerk)
    refused = ecodesk("progress", "add", "2", "--text", "越权填报", db=clerk, pgpass=pgpass)
    assert refused.returncode == 2 and "无权为这项任务填报进展" in refused.stderr
    renamed = ecodesk("task", "edit", "1", "--title", "改掉标题", db=clerk, pgpass=pgpass)
    assert renamed.returncode == 2 and "没有这项权限" in renamed.stderr
    log = ok("audit", "--task", "1", db=clerk)
    assert CLERK in log and "冒名者" not in log

    # what the setup refuses: a plain connection, a name the certificate does not carry, a missing CA file
    plain = ecodesk("plan", "list", db=server.url(CLERK, sslmode="disable"), pgpass=pgpass)
    assert plain.returncode == 2 and "服务器不允许这台电脑连接" in plain.stderr
    other_name = server.url(CLERK, host="localhost", sslmode="verify-full", sslrootcert=str(server.ca_file))
    mismatch = ecodesk("plan", "list", db=other_name, pgpass=pgpass)
    assert mismatch.returncode == 2 and "证书上的名称" in mismatch.stderr
    no_ca = ecodesk("plan", "list", db=server.url(CLERK, sslmode="verify-full", sslrootcert="/nonexistent/ca.crt"),
                    pgpass=pgpass)
    assert no_ca.returncode == 2 and "CA 证书文件" in no_ca.stderr
    unverified = ecodesk("plan", "list", db=server.url(CLERK, host="localhost", sslmode="require"), pgpass=pgpass)
    assert unverified.returncode == 0 and "警告" not in unverified.stderr  # on this PC (localhost) only

    # step 6: a clerk who leaves
    ok("server", "user", "disable", CLERK)
    gone = ecodesk("plan", "list", db=clerk, pgpass=pgpass)
    assert gone.returncode == 2 and f"账户“{CLERK}”已停用" in gone.stderr
