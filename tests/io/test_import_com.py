"""Old and WPS formats through Word, Excel or WPS when LibreOffice is absent: which converter is chosen, and
the COM child (office_com.py) run as a real child process against a recording stand-in of comtypes (no COM
exists on Linux): invisible, alerts and macros off, the temporary copy opened read-only, saved in the right
format, closed and quit whatever happened, the clerk's own running WPS left alone, a hang stopped with the
Office server it named. What a real Word or WPS does with these calls cannot be run here."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from ecodesk.domain.errors import InputFileError
from ecodesk.io.plan_import import convert, read_plan
from ecodesk.io.plan_import.convert import choose, converted_by
from tests.io.plan_trees import tree_of
from tests.io.test_import_converted import XINJIAN, _running, _task_table, _unchanged_folder

REPO = Path(__file__).resolve().parents[2]
STANDIN = Path(__file__).parent / "com_standin"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)  # the header of a Word/Excel 97 file
INSTALLED = {"Word.Application", "KWps.Application", "Excel.Application", "KET.Application"}


@pytest.mark.parametrize(("target", "soffice", "registered", "chosen"), [
    (".docx", "/usr/bin/soffice", INSTALLED, "LibreOffice"),
    (".docx", None, INSTALLED, "Word"),
    (".docx", None, {"KWps.Application", "KET.Application", "Excel.Application"}, "WPS 文字"),
    (".xlsx", None, INSTALLED, "Excel"),
    (".xlsx", None, {"KET.Application", "Word.Application"}, "WPS 表格"),
    (".xlsx", None, {"Word.Application", "KWps.Application"}, None),  # Word converts no sheets
    (".docx", None, set(), None),
])
def test_libreoffice_then_office_then_wps_then_none(target: str, soffice: str | None, registered: set[str],
                                                    chosen: str | None) -> None:
    converter = choose(target, soffice, registered.__contains__)
    assert (converter.name if converter else None) == chosen


def test_each_converter_runs_as_a_child_on_the_copy(tmp_path: Path) -> None:
    source, result = tmp_path / "in" / "source.doc", tmp_path / "out" / "source.docx"
    libreoffice = choose(".docx", "/opt/lo/soffice", INSTALLED.__contains__)
    wps = choose(".docx", None, {"KWps.Application"}.__contains__)
    assert libreoffice and wps
    lo_command = libreoffice.command(source, result)
    assert lo_command[0] == "/opt/lo/soffice" and lo_command[-3:] == ["--outdir", str(tmp_path / "out"), str(source)]
    assert wps.command(source, result) == [sys.executable, "-m", "ecodesk.io.plan_import.office_com",
                                           "KWps.Application", str(source), str(result)]


def _play(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, produce: Path, **behaviour: bool) -> Path:
    """The stand-in's script for the child: the file its save writes, and what else it does."""
    log = tmp_path / "com.log"
    monkeypatch.setenv("COM_STANDIN", json.dumps({"log": str(log), "produce": str(produce), **behaviour}))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(STANDIN), str(REPO)]))
    return log


def _calls(log: Path) -> list[list[Any]]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def _convert_by(progid: str, original: Path) -> tuple[object, Path]:
    """`original` converted by the COM program `progid` alone: the copy read back as a plan's tree, and the
    temporary folder it was made in (gone by now)."""
    converter = choose(convert.TARGET[original.suffix], None, {progid}.__contains__)
    assert converter is not None
    with converted_by(converter, original) as copy:
        folder = copy.parent.parent
        return tree_of(read_plan(copy)), folder


def _original(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / name).write_bytes(OLE)
    return folder / name


def test_word_converts_a_doc_invisibly_from_a_read_only_copy_and_quits(
        samples_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = _play(monkeypatch, tmp_path, samples_dir / XINJIAN)
    original = _original(tmp_path, "新建.doc")
    before = _unchanged_folder(original.parent)
    tree, folder = _convert_by("Word.Application", original)
    assert tree == tree_of(read_plan(samples_dir / XINJIAN))
    assert [call[:3] if call[0] == "create" else call for call in _calls(log)] == [
        ["create", "Word.Application", True],
        ["set", "Visible", False], ["set", "DisplayAlerts", 0], ["set", "AutomationSecurity", 3],
        ["open", str(folder / "in" / "source.doc"), False, True, False, "ecodesk-no-password"],
        ["document", "SaveAs2", str(folder / "out" / "source.docx"), 12],
        ["document", "Close", 0],
        ["quit"],
    ]
    assert _unchanged_folder(original.parent) == before and not folder.exists()


def test_wps_spreadsheets_convert_an_et_to_xlsx(samples_dir: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    table = _task_table(samples_dir, tmp_path / "table.xlsx")
    log = _play(monkeypatch, tmp_path, table, no_macro_setting=True)  # an older WPS without the setting
    tree, folder = _convert_by("KET.Application", _original(tmp_path, "任务分解表.et"))
    assert tree == tree_of(read_plan(table))
    assert [call for call in _calls(log) if call[0] in ("open", "document", "quit")] == [
        ["open", str(folder / "in" / "source.et"), 0, True, 5, "ecodesk-no-password"],
        ["document", "SaveAs", str(folder / "out" / "source.xlsx"), 51],
        ["document", "Close", False],
        ["quit"],
    ]


def test_a_file_word_cannot_open_is_named_and_word_still_quits(samples_dir: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    log = _play(monkeypatch, tmp_path, samples_dir / XINJIAN, broken=True)
    with pytest.raises(InputFileError, match=r"^文件“损坏\.doc”无法转换为 \.docx：它可能已损坏或设有密码"):
        _convert_by("Word.Application", _original(tmp_path, "损坏.doc"))
    assert _calls(log)[-1] == ["quit"]


def test_the_clerks_running_wps_is_neither_hidden_nor_quit(samples_dir: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    log = _play(monkeypatch, tmp_path, samples_dir / XINJIAN, busy=True)
    with pytest.raises(InputFileError, match=r"^WPS 文字 正在运行且打开着文档，无法用它转换文件“plan\.wps”；"
                                             r"请先关闭 WPS 文字 再导入"):
        _convert_by("KWps.Application", _original(tmp_path, "plan.wps"))
    assert [call[0] for call in _calls(log)] == ["create"]


def test_an_office_that_hangs_is_stopped_with_its_server_at_the_time_limit(
        samples_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = _play(monkeypatch, tmp_path, samples_dir / XINJIAN, hang=True)
    monkeypatch.setattr(convert, "TIME_LIMIT_S", 2)
    original = _original(tmp_path, "plan.doc")
    with pytest.raises(InputFileError, match=r"^用 Word 转换文件“plan\.doc”超过 2 秒仍未完成，已停止；"
                                             r"请在 WPS 或 Word 中另存为 \.docx 后再导入$"):
        _convert_by("Word.Application", original)
    (_, _, _, child), (_, server) = _calls(log)
    assert not _running(child) and not _running(server)
    assert sorted(p.name for p in original.parent.iterdir()) == ["plan.doc"]
