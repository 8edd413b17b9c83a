"""The command line where its output goes: a pipe closed early, a server it cannot reach."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli

EXIT_SIGPIPE = 141  # 128 + SIGPIPE: what `seq 1000000 | head` leaves, so `set -o pipefail` scripts see the same


def _big_plan(tmp_path: Path) -> Path:
    """A database whose `task list` is far larger than a pipe's buffer (64 KiB on Linux)."""
    doc = tmp_path / "2021年工作要点.txt"
    items = "\n".join(f"{n}. 推进第{n}项重点工作，落实各项生态环境保护措施" for n in range(1, 1501))
    doc.write_text(f"2021年工作要点\n一、深入打好污染防治攻坚战\n{items}\n", encoding="utf-8")
    db = tmp_path / "big.sqlite"
    result = run_cli("import", str(doc), db=db)
    assert result.returncode == 0, result.stderr
    return db


@pytest.mark.skipif(sys.platform == "win32", reason="SIGPIPE is a POSIX convention")
def test_task_list_into_a_pipe_closed_early_ends_quietly(tmp_path: Path) -> None:
    db = _big_plan(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8", "ECODESK_DB": str(db)}
    child = subprocess.Popen([sys.executable, "-m", "ecodesk", "task", "list"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env)
    assert child.stdout is not None and child.stderr is not None
    first = child.stdout.readline()  # what `| head -1` reads before it exits
    child.stdout.close()
    err = child.stderr.read().decode("utf-8")
    assert child.wait(timeout=120) == EXIT_SIGPIPE
    assert "1\t一、深入打好污染防治攻坚战" in first.decode("utf-8")
    assert err == ""


@pytest.mark.parametrize(("url", "reason"), [
    ("postgresql://u:secret@typo-host.invalid/ecodesk", "找不到服务器“typo-host.invalid”"),
    ("postgresql://u:secret@127.0.0.1:1/ecodesk?sslmode=bogus", "sslmode"),
])
def test_a_server_that_cannot_be_reached_is_one_chinese_line(url: str, reason: str) -> None:
    result = run_cli("--db", url, "plan", "list")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("错误：无法连接数据库服务器") and reason in result.stderr
    assert "secret" not in result.stderr
    assert not any(word in result.stderr for word in ("failed", "invalid value", "connection is bad"))


@pytest.mark.parametrize(("url", "shown", "reason"), [
    ("mysql://u:secret@db-host/ecodesk", "mysql://u:***@db-host/ecodesk", "不支持数据库地址"),
    ("postgresql://u:secret@db-host:54x2/ecodesk", "postgresql://u:***@db-host:54x2/ecodesk", "无法识别"),
])
def test_an_address_ecodesk_cannot_use_is_shown_without_its_password(url: str, shown: str, reason: str) -> None:
    result = run_cli("--db", url, "plan", "list")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert f"“{shown}”" in result.stderr and reason in result.stderr and "postgresql://用户名:密码@" in result.stderr
    assert "secret" not in result.stderr and "module" not in result.stderr and "int()" not in result.stderr
