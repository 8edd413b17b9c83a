"""One window per database (lock file) and the warning for SQLite files on network shares."""

from __future__ import annotations

import errno
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ecodesk.domain.errors import AlreadyOpenError
from ecodesk.store.lock import acquire_lock, lock_path, pid_alive
from ecodesk.store.network import is_network_path, mount_fs_type, network_warning


def test_second_start_is_told_the_database_is_open(tmp_path: Path) -> None:
    db_path = tmp_path / "ecodesk.sqlite"
    with acquire_lock(db_path, "张三"):
        with pytest.raises(AlreadyOpenError, match="已在另一个 EcoDesk 窗口中打开") as caught:
            acquire_lock(db_path, "李四")
        assert str(db_path) in str(caught.value) and "本机，用户 张三" in str(caught.value)
    assert not lock_path(db_path).exists()
    acquire_lock(db_path).release()


def test_lock_held_by_another_process(tmp_path: Path) -> None:
    db_path = tmp_path / "ecodesk.sqlite"
    script = ("import sys, time; sys.path.insert(0, sys.argv[2]);"
              "from pathlib import Path; from ecodesk.store.lock import acquire_lock;"
              "lock = acquire_lock(Path(sys.argv[1])); print('locked', flush=True); time.sleep(60)")
    child = subprocess.Popen([sys.executable, "-c", script, str(db_path), str(Path.cwd())],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "locked"
        with pytest.raises(AlreadyOpenError, match=f"进程 {child.pid}"):
            acquire_lock(db_path)
    finally:
        child.kill()
        child.wait()
    acquire_lock(db_path).release()  # the holder died: its lock is stale and cleared


def dead_pid() -> int:
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(child.stdout)
    assert not pid_alive(pid)
    return pid


def test_stale_and_foreign_locks(tmp_path: Path) -> None:
    db_path = tmp_path / "ecodesk.sqlite"
    lock = lock_path(db_path)
    lock.write_text(json.dumps({"pid": dead_pid(), "host": socket.gethostname(), "user": "张三",
                                "since": "2026-01-01T08:00:00"}), encoding="utf-8")
    acquire_lock(db_path).release()
    lock.write_text(json.dumps({"pid": 1, "host": "other-pc", "user": "李四", "since": "2026-01-01T08:00:00"}),
                    encoding="utf-8")
    with pytest.raises(AlreadyOpenError, match=r"计算机 other-pc.*李四.*删除锁文件"):
        acquire_lock(db_path)
    lock.write_text("{half-writ", encoding="utf-8")  # just being written by a starting window: respected
    with pytest.raises(AlreadyOpenError, match="请稍后再试"):
        acquire_lock(db_path)
    old = time.time() - 60
    os.utime(lock, (old, old))  # damaged long ago: names nobody, so it is cleared
    acquire_lock(db_path).release()


def test_lock_without_hard_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """FAT32 sticks and some shares refuse hard links: the lock falls back to exclusive creation."""
    def no_links(_src: object, _dst: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    db_path = tmp_path / "ecodesk.sqlite"
    with acquire_lock(db_path, "张三"), pytest.raises(AlreadyOpenError, match="用户 张三"):
        acquire_lock(db_path)
    assert sorted(tmp_path.iterdir()) == []


MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
//server/share /mnt/office cifs rw,vers=3.0 0 0
server:/export /mnt/nfs nfs4 rw 0 0
/dev/sdb1 /mnt/office/local ext4 rw 0 0
"""


@pytest.mark.parametrize(("path", "kind"), [
    ("/home/clerk/ecodesk.sqlite", "ext4"),
    ("/mnt/office/ecodesk.sqlite", "cifs"),
    ("/mnt/nfs/a/ecodesk.sqlite", "nfs4"),
    ("/mnt/office/local/ecodesk.sqlite", "ext4"),
    ("/mnt/officex/ecodesk.sqlite", "ext4"),
])
def test_mount_type_of_a_path(path: str, kind: str) -> None:
    assert mount_fs_type(path, MOUNTS) == kind


def test_network_warning_names_the_file_and_the_server_mode(tmp_path: Path) -> None:
    for unc in (r"\\server\share\ecodesk.sqlite", "//server/share/ecodesk.sqlite"):
        assert is_network_path(unc)
        warning = network_warning(unc)
        assert warning is not None and unc in warning and "PostgreSQL" in warning and "网络共享" in warning
    assert network_warning(tmp_path / "ecodesk.sqlite") is None
