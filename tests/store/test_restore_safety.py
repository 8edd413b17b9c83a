"""Restores that never lose a reported update or touch the database for a bad candidate, and the files a
clerk can break by hand (a deleted, emptied or overwritten database, a hard link, leftovers of a kill)."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
import threading
from contextlib import closing
from pathlib import Path

import pytest

from ecodesk.cli import main
from ecodesk.domain.errors import MissingDatabaseError, UserError
from ecodesk.services import backups, plans, progress, tasks
from ecodesk.store.backup import STAMP_FORMAT, list_backup_files, partial_name
from ecodesk.store.db import open_database
from tests.conftest import REPO, run_cli
from tests.mounts import read_only_mount


def seed(path: Path) -> int:
    """A closed database with one task (id returned) and one progress update."""
    db = open_database(str(path))
    plan_id = plans.create_plan(db, year=2026).id
    task_id = tasks.add_task(db, plan_id, title="推进大气污染防治")
    progress.add_progress(db, task_id, date=dt.date(2026, 3, 1), text="已部署")
    db.close()
    return task_id


def progress_texts(path: Path) -> set[str]:
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        return {row[0] for row in conn.execute("SELECT text FROM progress_updates")}


def rows(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


@pytest.fixture
def live(tmp_path: Path) -> tuple[Path, int, Path]:
    """A database, its task id, and a backup of it made right after seeding."""
    path = tmp_path / "ecodesk.sqlite"
    task_id = seed(path)
    db = open_database(str(path))
    first = backups.create_backup(db).path
    db.close()
    return path, task_id, first


def cli(*args: str, db: Path, status: int = 0, capsys: pytest.CaptureFixture[str]) -> str:
    assert main([*args, "--db", str(db)]) == status
    captured = capsys.readouterr()
    return captured.out + captured.err


# -- 2. restores and writers exclude each other -----------------------------------------------------------

def test_no_reported_update_is_lost_to_restores_running_beside_writers(live: tuple[Path, int, Path]) -> None:
    path, task_id, first = live
    writer = subprocess.Popen([sys.executable, str(REPO / "tests" / "writer.py"), str(path), str(task_id), "120"],
                              stdout=subprocess.PIPE, text=True, cwd=REPO)
    reported_by_cli: list[str] = []

    def command_line_writes() -> None:
        for n in range(6):
            text = f"命令行进展-{n}"
            if "已记录" in run_cli("progress", "add", "1", "--text", text, db=path).stdout:
                reported_by_cli.append(text)

    clerk = threading.Thread(target=command_line_writes)
    clerk.start()
    db = open_database(str(path))
    try:
        restores = 0
        while writer.poll() is None or clerk.is_alive():
            backups.restore_backup(db, first)
            restores += 1
    finally:
        db.close()
        clerk.join()
    out, _ = writer.communicate()
    committed = [line for line in out.splitlines() if line.startswith("ok ")]
    assert writer.returncode == 0 and len(committed) == 120 and restores >= 3
    reported = {f"进展 {writer.pid}-{n}" for n in range(1, len(committed) + 1)} | set(reported_by_cli)
    kept = progress_texts(path).union(*(progress_texts(b.path) for b in list_backup_files(path)))
    assert reported - kept == set()
    assert len(reported_by_cli) == 6


# -- 3. a wrong candidate is refused before anything is touched -------------------------------------------

def _foreign(tmp_path: Path) -> Path:
    other = tmp_path / "别的程序.sqlite"
    with closing(sqlite3.connect(other)) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('张三')")
        conn.commit()
    return other


def _newer(tmp_path: Path, live_path: Path) -> Path:
    newer = tmp_path / "新版本.sqlite"
    db = open_database(str(newer))
    db.close()
    with closing(sqlite3.connect(newer)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
        conn.commit()
    return newer


@pytest.mark.parametrize(("make", "says"), [(lambda tmp, _live: _foreign(tmp), "不是 EcoDesk 的数据库备份"),
                                            (_newer, "更新版本的 EcoDesk")])
def test_restoring_a_wrong_file_changes_nothing(live: tuple[Path, int, Path], tmp_path: Path, make, says: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path, _task_id, _first = live
    candidate = make(tmp_path, path)
    before = rows(path)
    out = cli("backup", "restore", str(candidate), db=path, status=2, capsys=capsys)
    assert says in out and "未做任何改动" in out and out.count("\n") == 1
    assert rows(path) == before
    assert "推进大气污染防治" in cli("task", "list", db=path, capsys=capsys)


def test_a_restore_swaps_the_rows_and_keeps_a_copy_of_the_present(live: tuple[Path, int, Path],
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path, _task_id, first = live
    cli("progress", "add", "1", "--text", "恢复前的进展", db=path, capsys=capsys)
    out = cli("backup", "restore", str(first), db=path, capsys=capsys)
    safety = Path(out.split("恢复前的数据已备份到“")[1].split("”")[0])
    assert "恢复前的进展" not in progress_texts(path) and "恢复前的进展" in progress_texts(safety)
    assert "已部署" in progress_texts(path)


# -- 7, 8. a damaged first page, a deleted or emptied file ------------------------------------------------

def test_a_database_with_its_first_page_overwritten_is_restored(live: tuple[Path, int, Path],
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    path, _task_id, _first = live
    with path.open("r+b") as fh:
        fh.write(os.urandom(4096))
    out = cli("task", "list", db=path, status=2, capsys=capsys)
    assert "已损坏" in out and "文件开头已损坏" in out and "备份" in out and "不是 EcoDesk 数据库" not in out
    restored = cli("backup", "restore", db=path, capsys=capsys)
    assert "已从" in restored and "损坏的原文件保存在" in restored
    assert "推进大气污染防治" in cli("task", "list", db=path, capsys=capsys)


@pytest.mark.parametrize("how", ["deleted", "emptied"])
def test_a_lost_database_is_not_silently_recreated(live: tuple[Path, int, Path], how: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path, _task_id, first = live
    if how == "deleted":
        path.unlink()
    else:
        path.write_bytes(b"")
    out = cli("task", "list", db=path, status=2, capsys=capsys)
    assert ("不存在" if how == "deleted" else "是空文件") in out and str(first) in out
    assert not path.exists() or path.stat().st_size == 0  # nothing was created in its place
    with pytest.raises(MissingDatabaseError):
        open_database(str(path))
    restored = cli("backup", "restore", db=path, capsys=capsys)
    assert "已从" in restored and "损坏的原文件" not in restored  # nothing was left to keep
    assert "推进大气污染防治" in cli("task", "list", db=path, capsys=capsys)


def test_a_clerk_may_still_start_empty(live: tuple[Path, int, Path]) -> None:
    path, _task_id, _first = live
    path.unlink()
    db = open_database(str(path), start_empty=True)
    try:
        assert plans.list_plans(db) == []
    finally:
        db.close()


# -- 14. a read-only folder -------------------------------------------------------------------------------

def test_restore_in_a_read_only_folder_says_so_in_chinese(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    seed(source / "ecodesk.sqlite")
    db = open_database(str(source / "ecodesk.sqlite"))
    backups.create_backup(db)
    db.close()
    with read_only_mount(source, tmp_path / "ro") as mount:
        result = run_cli("backup", "restore", db=mount / "ecodesk.sqlite")
        assert result.returncode == 2
        [line] = result.stderr.strip().splitlines()
        assert "只读" in line and "Errno" not in line and "Read-only" not in line


# -- 19. leftovers of a killed copy -----------------------------------------------------------------------

def test_copies_left_by_a_killed_process_are_removed_and_a_live_ones_kept(live: tuple[Path, int, Path]) -> None:
    path, _task_id, _first = live
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    folder = path.parent / "backups"
    left = [folder / f"ecodesk-20260101-000000-000000-auto.sqlite.{dead_pid}.partial",
            path.with_name(f"{path.name}.{dead_pid}.partial"), folder / "ecodesk-old.sqlite.partial"]
    for leftover in left:
        leftover.write_bytes(b"half a copy")
    Path(f"{left[0]}-journal").write_bytes(b"j")
    ours = partial_name(folder / "ecodesk-being-written.sqlite")
    ours.write_bytes(b"in progress")
    db = open_database(str(path))
    try:
        backups.create_backup(db)
    finally:
        db.close()
    assert [p for p in (*left, Path(f"{left[0]}-journal")) if p.exists()] == []
    assert ours.exists()


@pytest.mark.slow
def test_a_backup_killed_half_way_leaves_nothing_behind_for_long(tmp_path: Path) -> None:
    path = tmp_path / "ecodesk.sqlite"
    seed(path)
    with closing(sqlite3.connect(path)) as conn:  # some 60 MB, so that the copy takes a while
        conn.execute("CREATE TABLE IF NOT EXISTS ballast (b BLOB)")
        conn.executemany("INSERT INTO ballast VALUES (randomblob(1000000))", [()] * 60)
        conn.commit()
    for _trial in range(3):
        child = subprocess.Popen([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[2]);"
                                  "from ecodesk.cli import main; main(['backup', 'create', '--db', sys.argv[1]])",
                                  str(path), str(REPO)])
        folder = path.parent / "backups"
        while child.poll() is None and not list(folder.glob("*.partial")):
            pass
        child.kill()
        child.wait()
    assert list((path.parent / "backups").glob("*.partial")) != []
    db = open_database(str(path))
    try:
        backups.create_backup(db)
    finally:
        db.close()
    assert list((path.parent / "backups").glob("*.partial*")) == []


# -- 20. a hard link ---------------------------------------------------------------------------------------

def test_a_database_with_two_names_is_refused(live: tuple[Path, int, Path], tmp_path: Path) -> None:
    path, _task_id, _first = live
    other = tmp_path / "elsewhere"
    other.mkdir()
    os.link(path, other / "同一个库.sqlite")
    for name in (path, other / "同一个库.sqlite"):
        with pytest.raises(UserError, match="2 个硬链接"):
            open_database(str(name))
    result = run_cli("task", "list", db=other / "同一个库.sqlite")
    assert result.returncode == 2 and "硬链接" in result.stderr


# -- 21. command-line writes are backed up ----------------------------------------------------------------

def test_command_line_writes_are_backed_up_by_the_windows_rule(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ecodesk.sqlite"
    cli("plan", "new", "--year", "2026", db=path, capsys=capsys)
    made = list_backup_files(path)
    assert [b.reason for b in made] == ["auto"]
    cli("task", "add", "--title", "半小时内的修改", db=path, capsys=capsys)
    cli("task", "list", db=path, capsys=capsys)
    assert len(list_backup_files(path)) == 1  # the newest copy is under 30 minutes old
    an_hour_ago = (dt.datetime.now() - dt.timedelta(hours=1)).strftime(STAMP_FORMAT)
    made[0].path.rename(made[0].path.with_name(f"ecodesk-{an_hour_ago}-auto.sqlite"))
    cli("task", "add", "--title", "半小时后的修改", db=path, capsys=capsys)
    assert len(list_backup_files(path)) == 2


def test_a_copy_of_the_database_onto_itself_is_refused(live: tuple[Path, int, Path]) -> None:
    from ecodesk.store.backup import copy_database

    path, _task_id, _first = live
    before = rows(path)
    with pytest.raises(UserError, match="不能把数据库"):
        copy_database(path, path)
    assert rows(path) == before


def test_an_export_never_writes_over_a_database_in_use(live: tuple[Path, int, Path]) -> None:
    path, _task_id, _first = live
    db = open_database(str(path))  # the window has it open
    try:
        before = rows(path)
        result = run_cli("export", "json", "-o", str(path), db=path.with_name("other.sqlite"))
        seeded = run_cli("export", "json", "-o", str(path), db=path)
    finally:
        db.close()
    assert result.returncode == 2 and seeded.returncode == 2
    assert "正在使用的数据库文件" in seeded.stderr
    assert rows(path) == before
