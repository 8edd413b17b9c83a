"""Old and WPS formats: .doc, .wps, .rtf, .xls and .et copies of the samples, made by LibreOffice, import
to the same plan as the originals, through a converted copy that never touches the original; without
LibreOffice the clerk is told to save the file as .docx/.xlsx in WPS or Word."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import openpyxl
import pytest

from ecodesk.domain.errors import InputFileError
from ecodesk.io.plan_import import convert, read_plan
from tests.conftest import run_cli
from tests.io.conftest import Convert
from tests.io.plan_trees import tree_of

XINJIAN = "xinjian-2021-gongzuoyaodian.docx"


def _unchanged_folder(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}


@pytest.mark.slow
@pytest.mark.parametrize(("fmt", "suffix"), [("doc", ".doc"), ("rtf", ".rtf"), ("doc", ".wps")])
def test_word_97_rtf_and_wps_copies_import_like_the_docx(samples_dir: Path, office_copy: Convert, tmp_path: Path,
                                                         fmt: str, suffix: str) -> None:
    old = tmp_path / f"新建{suffix}"  # WPS 文字 saves .wps in the Word 97 format
    shutil.copyfile(office_copy(samples_dir / XINJIAN, fmt), old)
    before = _unchanged_folder(tmp_path)
    result = read_plan(old)
    assert tree_of(result) == tree_of(read_plan(samples_dir / XINJIAN))
    assert result.unplaced == []
    assert _unchanged_folder(tmp_path) == before  # no lock file, no converted copy, the original as it was


def _running(pid: int) -> bool:
    """Whether process `pid` still runs (a killed one not yet reaped by init is a zombie, state Z)."""
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"


def _task_table(samples_dir: Path, path: Path) -> Path:
    """The 新建 plan's tasks as the 序号/重点任务/工作任务/责任单位 table a bureau keeps in Excel."""
    plan = read_plan(samples_dir / XINJIAN).plan
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["新建区生态环境局2021年重点工作任务分解表"])
    sheet.append(["序号", "重点任务", "工作任务", "责任单位"])
    for section in plan.tasks[0].children:
        for task in section.children:
            sheet.append([task.number, section.title, task.title, "、".join([*task.lead_units, *task.co_units])])
    book.save(path)
    return path


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".xls", ".et"])
def test_excel_97_and_wps_copies_import_like_the_xlsx(samples_dir: Path, office_copy: Convert, tmp_path: Path,
                                                      suffix: str) -> None:
    table = _task_table(samples_dir, tmp_path / "table.xlsx")
    old = tmp_path / f"任务分解表{suffix}"  # WPS 表格 saves .et in the Excel 97 format
    shutil.copyfile(office_copy(table, "xls"), old)
    original = read_plan(table)
    assert original.summary().tasks > 40
    assert tree_of(read_plan(old)) == tree_of(original)


def test_without_any_converter_the_clerk_is_told_to_save_as_docx(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    old = tmp_path / "2021年工作要点.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    result = run_cli("import", str(old), db=tmp_path / "ecodesk.sqlite")
    assert (result.returncode, result.stderr.strip().splitlines()) == (2, [
        "错误：文件“2021年工作要点.doc”是 .doc 格式，本机没有安装可转换它的 LibreOffice、Microsoft Office 或 WPS；"
        "请在 WPS 或 Word 中打开它，另存为 .docx 后再导入"
    ])


def test_a_file_libreoffice_cannot_read_gets_a_message(tmp_path: Path) -> None:
    broken = tmp_path / "损坏.xls"
    broken.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00garbage" * 64)
    result = run_cli("import", str(broken), db=tmp_path / "ecodesk.sqlite")
    lines = result.stderr.strip().splitlines()
    assert (result.returncode, len(lines)) == (2, 1)
    assert lines[0].startswith("错误：文件“损坏.xls”") and "Traceback" not in result.stderr


def test_a_conversion_that_hangs_is_stopped_at_the_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A soffice that never finishes (here one that starts a helper and waits, as oosplash starts
    soffice.bin) is killed with what it started, and the clerk is told."""
    programs = tmp_path / "bin"
    programs.mkdir()
    helper_pid = tmp_path / "helper.pid"
    fake = programs / "soffice"
    fake.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {helper_pid}\nwait\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{programs}:/usr/bin:/bin")
    monkeypatch.setattr(convert, "TIME_LIMIT_S", 2)
    old = tmp_path / "plan.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    start = time.monotonic()
    with pytest.raises(InputFileError, match=r"用 LibreOffice 转换文件“plan\.doc”超过 2 秒仍未完成，已停止"):
        read_plan(old)
    assert time.monotonic() - start < 30
    assert not _running(int(helper_pid.read_text()))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin", "helper.pid", "plan.doc"]
