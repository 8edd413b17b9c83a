"""Returned files that are not this round's tables: each refused with one Chinese line naming the file,
nothing written for it, and the other files of the same receive still recorded."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ecodesk.domain.errors import UserError
from ecodesk.io.collect_xlsx import write_form
from ecodesk.services import collection
from ecodesk.store.db import Database
from tests.collect.returns import XINJIAN, convert_in_libreoffice, fill, task_rows, xinjian
from tests.conftest import run_cli

H1 = "2021-H1"
CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _refused(db: Database, plan_id: int, path: Path, period: str | None = None) -> str:
    with pytest.raises(UserError) as err:
        collection.preview_return(db, plan_id, path, period)
    assert path.name in str(err.value)
    return str(err.value)


def test_each_bad_file_is_refused_naming_it(db: Database, tmp_path: Path) -> None:
    plan_id = xinjian(db)
    [form] = collection.forms(db, plan_id, H1, ["综合股"])
    other_plan = write_form(dataclasses.replace(form, plan_id=plan_id + 1), tmp_path / "其他计划.xlsx")
    other_unit = write_form(dataclasses.replace(form, unit="宣传股"), tmp_path / "宣传股.xlsx")
    good = write_form(form, tmp_path / "综合股.xlsx")
    assert "另一份工作要点" in _refused(db, plan_id, other_plan)
    assert "宣传股" in _refused(db, plan_id, other_unit)
    assert "不是本次接收的2021年前三季度" in _refused(db, plan_id, good, "2021-Q3")
    xls = convert_in_libreoffice(good, "xls", tmp_path / "旧表.xls")  # a real Excel 97-2003 workbook
    assert ".xls" in _refused(db, plan_id, xls)
    # Office's encrypted workbook (MS-OFFCRYPTO): a compound file with EncryptionInfo and EncryptedPackage
    # streams; its directory names are what is told apart here (no tool at hand encrypts one)
    encrypted = tmp_path / "加密.xlsx"
    encrypted.write_bytes(CFB + b"\0" * 504 + "EncryptionInfo\0EncryptedPackage".encode("utf-16-le"))
    assert "密码" in _refused(db, plan_id, encrypted)
    damaged = tmp_path / "损坏.xlsx"
    damaged.write_bytes(good.read_bytes()[:3000])
    assert "损坏" in _refused(db, plan_id, damaged)
    tampered = tmp_path / "改过.xlsx"
    shutil.copy(good, tampered)
    wb = load_workbook(tampered)
    wb["_征集信息"]["B2"] = "监测站"
    wb.save(tampered)
    assert "校验码" in _refused(db, plan_id, tampered)


def test_a_bad_percent_or_status_is_a_row_not_matched_with_its_reason(db: Database, tmp_path: Path) -> None:
    plan_id = xinjian(db)
    [path] = collection.send_forms(db, plan_id, H1, tmp_path, ["综合股"])
    filled = fill(path, {0: ("有进展", 150, None), 1: ("有进展", 10, "差不多")})
    preview = collection.preview_return(db, plan_id, filled)
    reasons = [r.reason for r in preview.rows if r.reason]
    assert any("完成进度“150”" in r for r in reasons) and any("状态“差不多”" in r for r in reasons)


def test_the_command_line_receives_a_folder_and_goes_on_past_a_bad_file(tmp_path: Path) -> None:
    db_path = tmp_path / "cli.sqlite"  # the command line on a SQLite file (the services run on both databases)
    sent = tmp_path / "sent"
    sent.mkdir()
    assert run_cli("import", str(XINJIAN), db=db_path).returncode == 0
    out = run_cli("collect", "send", "--period", H1, "-o", str(sent), "--unit", "综合股", "监测站", db=db_path)
    assert out.returncode == 0, out.stderr
    assert "综合股-2021年上半年进展征集表.xlsx" in out.stdout
    fill(sent / "综合股-2021年上半年进展征集表.xlsx", {0: ("命令行接收的进展。", 40, "推进中")})
    (sent / "坏文件.xlsx").write_bytes(b"not a workbook")
    dry = run_cli("collect", "receive", str(sent), "--dry-run", db=db_path)
    assert "试运行" in dry.stdout and "新进展" in dry.stdout
    got = run_cli("collect", "receive", str(sent), db=db_path)
    assert got.returncode == 2 and "坏文件.xlsx" in got.stderr and "Traceback" not in got.stderr
    assert "已记录综合股 1 项任务的进展" in got.stdout
    again = run_cli("collect", "receive", str(sent / "综合股-2021年上半年进展征集表.xlsx"), db=db_path)
    assert "接收过" in again.stdout
    status = run_cli("collect", "status", "--period", H1, db=db_path)
    assert "已报送 1 个股室" in status.stdout and "监测站\t未报送" in status.stdout
    # 监测站 co-works the task 综合股 reported on: a conflict, recorded only when asked
    jiance = sent / "监测站-2021年上半年进展征集表.xlsx"
    ws = load_workbook(sent / "综合股-2021年上半年进展征集表.xlsx").worksheets[0]
    shared = ws.cell(task_rows(ws)[0], 1).value
    ws = load_workbook(jiance).worksheets[0]
    fill(jiance, {[ws.cell(r, 1).value for r in task_rows(ws)].index(shared): ("监测站也报了。", 50, None)})
    held = run_cli("collect", "receive", str(jiance), db=db_path)
    assert "冲突（本期已由综合股报送该任务的进展）" in held.stdout and "已记录监测站 0 项" in held.stdout
    taken = run_cli("collect", "receive", str(jiance), "--accept-conflicts", db=db_path)
    assert "已记录监测站 1 项" in taken.stdout
