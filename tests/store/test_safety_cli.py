"""`ecodesk backup`, `ecodesk audit` and `ecodesk task restore`, run in-process on a real file."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ecodesk.cli import main
from tests.store.test_hostile import corrupt


@pytest.fixture
def run(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    db = tmp_path / "ecodesk.sqlite"

    def ecodesk(*args: str, status: int = 0) -> str:
        assert main([*args, "--db", str(db)]) == status
        captured = capsys.readouterr()
        return captured.out + captured.err

    ecodesk("plan", "new", "--year", "2026")
    ecodesk("unit", "add", "综合股")
    ecodesk("task", "add", "--title", "推进大气污染防治", "--lead", "综合股")
    ecodesk("task", "add", "--title", "加强水环境保护")
    return ecodesk


def test_audit_prints_and_exports_csv(run, tmp_path: Path) -> None:
    run("progress", "add", "1", "--text", "已部署", "--percent", "30")
    out = run("audit", "--year", "2026")
    assert "修改任务1\tpercent：0 → 30" in out and "共 " in out
    target = tmp_path / "修改记录.csv"
    run("audit", "--year", "2026", "--task", "1", "-o", str(target))
    with target.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["时间", "操作人", "操作", "对象", "对象编号", "字段", "原值", "新值"]
    assert ["修改", "任务", "1", "percent", "0", "30"] in [r[2:] for r in rows]
    assert {r[3] for r in rows[1:]} == {"任务", "进展"}


def test_deleted_task_is_restored_from_the_log(run, tmp_path: Path) -> None:
    from ecodesk.services import tree
    from ecodesk.store.db import open_database

    db = open_database(str(tmp_path / "ecodesk.sqlite"))
    tree.delete_task(db, 1)
    db.close()
    listing = run("task", "restore", "--year", "2026")
    record = listing.split("\t")[0]
    assert "推进大气污染防治" in listing
    assert "已恢复任务：推进大气污染防治" in run("task", "restore", record, "--year", "2026")
    assert "一、推进大气污染防治" in run("task", "list", "--year", "2026")
    assert "没有记录号" in run("task", "restore", record, "--year", "2026", status=2)


def test_backup_create_list_restore(run, tmp_path: Path) -> None:
    made = run("backup", "create").split("：", 1)[1].strip()
    run("task", "add", "--title", "备份之后加的任务")
    assert made in run("backup", "list")
    out = run("backup", "restore", made)
    assert "恢复前的数据已备份到" in out
    assert "备份之后加的任务" not in run("task", "list", "--year", "2026")


def test_backup_restore_rescues_a_damaged_database(run, tmp_path: Path) -> None:
    run("backup", "create")
    corrupt(tmp_path / "ecodesk.sqlite")
    assert "已损坏" in run("task", "list", status=2)
    assert "损坏的原文件保存在" in run("backup", "restore")
    assert "共 2 项" in run("task", "list", "--year", "2026")


def test_the_same_commands_on_both_databases(db_target: str, capsys: pytest.CaptureFixture[str]) -> None:
    def ecodesk(*args: str) -> str:
        assert main([*args, "--db", db_target]) == 0
        return capsys.readouterr().out

    ecodesk("plan", "new", "--year", "2026")
    ecodesk("task", "add", "--title", "推进大气污染防治")
    ecodesk("progress", "add", "1", "--text", "已部署", "--percent", "40")
    assert "percent：0 → 40" in ecodesk("audit", "--task", "1")
    if "://" in db_target:
        assert main(["backup", "list", "--db", db_target]) == 2
        assert "服务器模式" in capsys.readouterr().err
