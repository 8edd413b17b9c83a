"""`ecodesk attach add/list/get/remove/purge` and `ecodesk export ledger`, as a clerk types them."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ecodesk.services.importing import import_document
from ecodesk.store.db import open_database
from tests.attach.files import big_document, photo, sha256_of
from tests.conftest import SAMPLES, run_cli


def test_attach_list_get_remove_and_the_ledger(tmp_path: Path) -> None:
    db = tmp_path / "plan.sqlite"
    imported = open_database(str(db))  # set up in-process: the commands under test run as the clerk types them
    import_document(imported, SAMPLES / "xinjian-2021-gongzuoyaodian.docx", year=2021)
    imported.close()
    doc, pic = big_document(tmp_path), photo(tmp_path)
    added = run_cli("attach", "add", "1.3.2.4", str(doc), str(pic), "--year", "2021", db=db)
    assert added.returncode == 0, added.stderr
    assert added.stdout.splitlines() == ["已添加附件 1：验收报告.pdf（2.5 MB）",
                                         "已添加附件 2：现场照片.png（73 字节）"]
    refused = run_cli("attach", "add", "1.3.2.4", str(pic), str(tmp_path / "不见了.jpg"), db=db)
    assert refused.returncode != 0 and f"找不到文件“{tmp_path / '不见了.jpg'}”" in refused.stderr
    assert "Traceback" not in refused.stderr
    listed = run_cli("attach", "list", "1.3.2.4", "--year", "2021", db=db).stdout.splitlines()
    assert [line.split("\t")[:4] for line in listed] == [["1", "验收报告.pdf", "2.5 MB", "任务"],
                                                         ["2", "现场照片.png", "73 字节", "任务"]]
    assert listed[0].split("\t")[-1] == sha256_of(doc)
    assert run_cli("attach", "get", "1", "-o", str(tmp_path / "取回.pdf"), db=db).returncode == 0
    assert (tmp_path / "取回.pdf").read_bytes() == doc.read_bytes()

    ledger = run_cli("export", "ledger", "-o", str(tmp_path / "台账.zip"), "--unit", "水气股", db=db)
    assert ledger.returncode == 0, ledger.stderr
    with zipfile.ZipFile(tmp_path / "台账.zip") as archive:
        assert len(archive.namelist()) == 3 and archive.namelist()[-1] == "台账目录.xlsx"
    assert run_cli("attach", "remove", "2", db=db).stdout.strip() == "已删除附件 2：现场照片.png"
    purged = run_cli("attach", "purge", db=db).stdout.strip()
    assert purged == "已彻底清除 1 个已删除的附件，释放 73 字节（数据库文件不缩小，空间留作以后使用）"
    gone = run_cli("attach", "get", "2", "-o", str(tmp_path / "x.png"), db=db)
    assert gone.returncode != 0 and "附件（编号 2）不存在" in gone.stderr
