"""The 台账 zip of the 新建 sample with a year of updates: one folder per task with its files named by date
and unit, the index 台账目录.xlsx, the files byte for byte; names Windows accepts whatever the clerk typed;
--period and --unit; and a failed export leaves the old zip as it was."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import update

from ecodesk.domain.errors import UserError
from ecodesk.domain.file_names import PATH_LIMIT, safe_name
from ecodesk.domain.periods import parse_period
from ecodesk.domain.task_fields import TaskChanges
from ecodesk.services import attachments, tasks
from ecodesk.services.ledger import export_ledger
from ecodesk.services.plans import load_plan
from ecodesk.store.db import Database
from ecodesk.store.models import AttachmentBlobRow
from tests.attach.files import big_document, photo, sha256_of
from tests.year_of_updates import ReportedYear

REFUSED = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
DEVICES = re.compile(r"(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(\..*)?", re.IGNORECASE)
FUNDS = (1, 3, 2, 4)  # 三（三）2.4） 做好2021年中央、省、市水污染防治专项资金项目申报储备工作 (水气股)


def task_at(db: Database, year: ReportedYear, path: tuple[int, ...]):
    return load_plan(db, year.plan_id).find(path)


def test_the_ledgers_tree_index_and_files(db: Database, reported_year: ReportedYear, tmp_path: Path) -> None:
    funds = task_at(db, reported_year, FUNDS)
    march = next(p for p in funds.progress if p.date == dt.date(2021, 3, 31))
    scan, pic = big_document(tmp_path, "申报材料扫描件.pdf"), photo(tmp_path)
    attachments.add_files(db, funds.id, [scan], progress_id=march.id)
    attachments.add_files(db, funds.id, [pic, pic])  # twice: the second gets (2)
    zipped = export_ledger(db, reported_year.plan_id, tmp_path / "台账.zip")
    folder = "三（三）2.4）做好2021年中央、省、市水污染防治专项资金项目申报储备工作"
    today = dt.date.today().strftime("%Y%m%d")
    with zipfile.ZipFile(zipped) as archive:
        assert archive.namelist() == [f"{folder}/20210331_水气股_申报材料扫描件.pdf",
                                      f"{folder}/{today}_水气股_现场照片.png",
                                      f"{folder}/{today}_水气股_现场照片(2).png", "台账目录.xlsx"]
        assert all(info.flag_bits & 0x800 for info in archive.infolist())
        assert archive.read(f"{folder}/20210331_水气股_申报材料扫描件.pdf") == scan.read_bytes()
        assert archive.read(f"{folder}/{today}_水气股_现场照片(2).png") == pic.read_bytes()
        index = tmp_path / "目录.xlsx"
        index.write_bytes(archive.read("台账目录.xlsx"))
    sheet = openpyxl.load_workbook(index).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert rows[0] == [1, "三（三）2.4）", funds.title, "2021-03-31", "水气股",
                       f"{folder}/20210331_水气股_申报材料扫描件.pdf", "申报材料扫描件.pdf", "2.5 MB",
                       scan.stat().st_size, sha256_of(scan)]
    assert [r[5].rsplit("/", 1)[1] for r in rows[1:]] == [f"{today}_水气股_现场照片.png",
                                                          f"{today}_水气股_现场照片(2).png"]
    assert sheet.cell(1, 1).value == "南昌市新建生态环境局2021年工作台账目录"


def test_hostile_names_stay_inside_and_valid_on_windows(db: Database, reported_year: ReportedYear,
                                                        tmp_path: Path) -> None:
    funds = task_at(db, reported_year, FUNDS)
    tasks.update_task(db, funds.id, TaskChanges.named(title="..\\..\\Windows\\System32 " + "长" * 300 + ". "))
    hostile = tmp_path / "恶意"
    hostile.mkdir()
    names = ["..\\..\\autoexec.bat", "CON", "nul.txt", "a:b*c?.docx", "结尾的点. ", "x" * 250 + ".pdf"]
    attachments.add_files(db, funds.id, [photo(hostile, name) for name in names])
    other = task_at(db, reported_year, (1, 3, 2, 3))
    tasks.update_task(db, other.id, TaskChanges.named(title="CON"))
    attachments.add_files(db, other.id, [photo(hostile, "LPT1")])
    with zipfile.ZipFile(export_ledger(db, reported_year.plan_id, tmp_path / "台账.zip")) as archive:
        entries = archive.namelist()
        assert len(entries) == len(names) + 1 + 1
        for entry in entries:
            parts = entry.split("/")
            assert len(entry) <= PATH_LIMIT and not entry.startswith("/") and ".." not in parts, entry
            for part in parts:
                assert not REFUSED.search(part) and not DEVICES.fullmatch(part), part
                assert part == part.rstrip(". ") and part, part
        folders = sorted({e.split("/")[0] for e in entries if "/" in e})
        assert folders[0].startswith("三（三）2.3）CON")
        assert folders[1].startswith("三（三）2.4）.._.._Windows_System32 长")
        assert folders[1].endswith("…") and len(folders[1]) <= 80
        long_one = next(e for e in entries if e.endswith(".pdf"))
        assert long_one.endswith("x….pdf") and len(long_one) <= PATH_LIMIT
        assert all(archive.read(e) == photo(tmp_path).read_bytes() for e in entries if not e.endswith(".xlsx"))


def test_safe_names_one_by_one() -> None:
    assert safe_name("CON") == "_CON" and safe_name("con.txt") == "_con.txt" and safe_name("COM1 .log") == "_COM1 .log"
    assert safe_name("..") == "未命名" and safe_name(" . ") == "未命名" and safe_name("报告. ") == "报告"
    assert safe_name('a<b>c:d"e/f\\g|h?i*j\x01') == "a_b_c_d_e_f_g_h_i_j_"
    assert safe_name("CONSOLE.txt") == "CONSOLE.txt" and safe_name("COM10") == "COM10"


def test_period_and_unit_choose_the_files(db: Database, reported_year: ReportedYear, tmp_path: Path) -> None:
    funds = task_at(db, reported_year, FUNDS)
    march, june = (next(p for p in funds.progress if p.date == day)
                   for day in (dt.date(2021, 3, 31), dt.date(2021, 6, 30)))
    attachments.add_files(db, funds.id, [photo(tmp_path, "一季度.png")], progress_id=march.id)
    attachments.add_files(db, funds.id, [photo(tmp_path, "二季度.png")], progress_id=june.id)
    soil = task_at(db, reported_year, (1, 3, 3, 1))  # 生态股
    attachments.add_files(db, soil.id, [photo(tmp_path, "土壤.png")], progress_id=soil.progress[0].id)

    def names(**choice: object) -> list[str]:
        with zipfile.ZipFile(export_ledger(db, reported_year.plan_id, tmp_path / "台账.zip", **choice)) as archive:
            return [n.rsplit("/", 1)[-1] for n in archive.namelist()[:-1]]

    assert names() == ["20210331_水气股_一季度.png", "20210630_水气股_二季度.png", "20210331_生态股_土壤.png"]
    assert names(period=parse_period("2021-Q1")) == ["20210331_水气股_一季度.png", "20210331_生态股_土壤.png"]
    assert names(unit="生态股") == ["20210331_生态股_土壤.png"]
    with pytest.raises(UserError, match="没有附件"):
        names(unit="生态股", period=parse_period("2021-02"))  # January and February: none yet


def test_a_failed_export_leaves_the_old_zip(db: Database, reported_year: ReportedYear, tmp_path: Path) -> None:
    funds = task_at(db, reported_year, FUNDS)
    attachments.add_files(db, funds.id, [big_document(tmp_path)])
    target = export_ledger(db, reported_year.plan_id, tmp_path / "台账.zip")
    before = target.read_bytes()
    with db.session() as s:  # a part damaged on disk: the export must notice, not file it
        s.execute(update(AttachmentBlobRow).where(AttachmentBlobRow.part == 1).values(data=b"damaged"))
    with pytest.raises(UserError, match="SHA-256 不符"):
        export_ledger(db, reported_year.plan_id, target)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".zip", ".tmp")) == ["台账.zip"]
