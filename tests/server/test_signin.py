"""Signing in: no password in the address, each refusal said in Chinese, and the accounts' commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from ecodesk.domain.access import Role
from ecodesk.domain.errors import SignInError
from ecodesk.store.db import open_database
from ecodesk.store.signin import forget_typed, save_password
from tests.accounts import PASSWORD, Bureau, memory_keyring
from tests.conftest import REPO

pytestmark = pytest.mark.postgres


def refusal(target: str) -> SignInError:
    with pytest.raises(SignInError) as refused:
        open_database(target).close()
    assert PASSWORD not in str(refused.value)
    return refused.value


def test_each_refusal_has_its_own_sentence(bureau: Bureau) -> None:
    clerk = bureau.add_clerk("zonghe", Role.UNIT_CLERK, unit="综合股")
    url = make_url(bureau.clerk_url(clerk))
    needed = refusal(bureau.clerk_url(clerk))
    assert (needed.reason, "请输入账户" in str(needed)) == (SignInError.PASSWORD_NEEDED, True)
    wrong = refusal(url.set(password="not-the-password").render_as_string(hide_password=False))
    assert wrong.reason == SignInError.WRONG_PASSWORD and "用户名或密码不正确" in str(wrong)
    down = refusal(url.set(port=9).render_as_string(hide_password=False))
    assert down.reason == SignInError.UNREACHABLE and "没有在端口 9 接受连接" in str(down)
    nowhere = refusal(url.set(host="no-such-host.invalid").render_as_string(hide_password=False))
    assert nowhere.reason == SignInError.UNREACHABLE and "找不到服务器“no-such-host.invalid”" in str(nowhere)
    plain_server = refusal(url.update_query_dict({"sslmode": "verify-full", "sslrootcert": "/nonexistent/ca.crt"})
                           .render_as_string(hide_password=False))
    assert "服务器没有开启 SSL" in str(plain_server)  # the test server's (test_bureau_setup.py has one with SSL)


def test_libpqs_password_file_is_enough(bureau: Bureau, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clerk = bureau.add_clerk("zonghe", Role.UNIT_CLERK, unit="综合股")
    url = make_url(bureau.clerk_url(clerk))
    pgpass = tmp_path / "pgpass.conf"
    pgpass.write_text(f"{url.host}:{url.port}:{url.database}:{clerk}:{PASSWORD}\n", encoding="utf-8")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    db = open_database(bureau.clerk_url(clerk))
    bureau.opened.append(db)
    assert db.access.login == clerk
    monkeypatch.setenv("ECODESK_DB", bureau.clerk_url(clerk))  # the address alone, as README step 4 sets it
    listed = subprocess.run([sys.executable, "-m", "ecodesk", "plan", "list"], capture_output=True, text=True,
                            encoding="utf-8", env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    assert listed.returncode == 0 and "2026年工作要点" in listed.stdout, listed.stderr


def test_a_password_saved_in_the_credential_store_is_used(bureau: Bureau) -> None:
    clerk = bureau.add_clerk("zonghe", Role.UNIT_CLERK, unit="综合股")
    url = make_url(bureau.clerk_url(clerk))
    with memory_keyring() as store:
        assert save_password(url, PASSWORD) is None and list(store.saved.values()) == [PASSWORD]
        forget_typed(url)
        db = open_database(bureau.clerk_url(clerk))
        bureau.opened.append(db)
        assert db.access.login == clerk


def ecodesk(*args: str, url: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "ECODESK_DB": url}
    return subprocess.run([sys.executable, "-m", "ecodesk", *args], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=120)


def test_the_accounts_commands(bureau: Bureau) -> None:
    login = f"{bureau.prefix}_u_李四"
    added = ecodesk("server", "user", "add", login, "--role", "股室填报", "--unit", "综合股", "--password-stdin",
                    url=bureau.url, stdin=f"{PASSWORD}\n")
    assert added.returncode == 0 and f"已添加账户“{login}”：股室填报（综合股）" in added.stdout, added.stderr
    short = ecodesk("server", "user", "add", f"{bureau.prefix}_u_x", "--role", "只读", "--password-stdin",
                    url=bureau.url, stdin="short\n")
    assert short.returncode == 2 and "密码太短" in short.stderr
    no_unit = ecodesk("server", "user", "add", f"{bureau.prefix}_u_y", "--role", "股室填报", "--unit", "法规股",
                      "--password-stdin", url=bureau.url, stdin=f"{PASSWORD}\n")
    assert no_unit.returncode == 2 and "没有名为“法规股”的股室" in no_unit.stderr
    assert bureau.sign_in(login).access.unit == "综合股"
    assert ecodesk("server", "user", "disable", login, url=bureau.url).returncode == 0
    listed = ecodesk("server", "user", "list", url=bureau.url)
    assert f"{login}\t股室填报\t综合股\t（已停用）" in listed.stdout
    again = ecodesk("server", "init", "--url", bureau.url, url="")  # run again after an upgrade: harmless
    assert again.returncode == 0 and "办公室、股室填报、只读" in again.stdout, again.stderr


def test_a_sqlite_file_has_no_accounts(tmp_path: Path) -> None:
    done = ecodesk("server", "user", "list", url=str(tmp_path / "ecodesk.sqlite"))
    assert done.returncode == 2 and "本机数据库文件只有一位使用者，没有账户" in done.stderr
