"""The 文件 and 帮助 menus, settings, background work and the `ecodesk` entry point."""

from __future__ import annotations

import gc
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import openpyxl
import pytest
from PySide6.QtCore import QThread
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from ecodesk import cli
from ecodesk.domain.task_fields import TaskChanges
from ecodesk.gui import file_dialogs, urgings
from ecodesk.gui.export_dialog import UnitSheetsDialog, WordExportDialog
from ecodesk.gui.export_done import CLOSE, OPEN_FILE, ExportDoneBox
from ecodesk.gui.file_actions import LEDGER_LABEL
from ecodesk.gui.main_window import MainWindow
from ecodesk.gui.ops import Ops
from ecodesk.gui.plan_dialog import PlanDialog
from ecodesk.services import exporting
from ecodesk.services.plans import list_plans
from tests.gui.conftest import Messages, make_window
from tests.gui.helpers import add, new_plan


def test_export_menu_is_built_from_the_registry(qtbot: object, db_path: Path, messages: Messages,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    extra = exporting.ExportKind("extra", "测试导出", ".txt", lambda _p, path, _o: path)
    monkeypatch.setitem(exporting.EXPORT_KINDS, "extra", extra)
    window = make_window(qtbot, db_path)
    assert window.files.export_menu.isEmpty()  # filled when first opened
    labels = [a.text() for a in export_actions(window)]
    # the registry's kinds, then (after a separator) the 督办 documents of the 本期 (gui/urgings.py)
    assert labels == [*(k.label for k in exporting.EXPORT_KINDS.values()), "", urgings.NOTICES_LABEL,
                      urgings.BULLETIN_LABEL, LEDGER_LABEL]
    assert "测试导出" in labels


def export_actions(window: MainWindow) -> list[QAction]:
    """The 导出 menu's entries, as the clerk opening it sees them (twice: opening again adds nothing)."""
    for _ in range(2):
        window.files.export_menu.aboutToShow.emit()
    return window.files.export_menu.actions()


@pytest.mark.parametrize("key", list(exporting.EXPORT_KINDS))
def test_export_writes_the_file_and_opens_it_when_asked(window: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             key: str) -> None:
    new_plan(window)  # type: ignore[arg-type]
    task = add(window, "大气污染防治")  # type: ignore[arg-type]
    window.edit_task(task.id, TaskChanges.named(lead_units=["大气股"]))  # type: ignore[attr-defined]
    kind = exporting.EXPORT_KINDS[key]
    target = tmp_path / f"out{kind.suffix}"
    opened: list[str] = []
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *_a, **_k: (str(target), ""))
    monkeypatch.setattr(ExportDoneBox, "ask", lambda *_a: OPEN_FILE)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    for dialog in (WordExportDialog, UnitSheetsDialog):
        monkeypatch.setattr(dialog, "exec", lambda _self: QDialog.DialogCode.Accepted)  # as offered
    action = next(a for a in export_actions(window) if a.text() == kind.label)  # type: ignore[arg-type]
    action.trigger()
    assert target.stat().st_size > 0
    assert opened == [str(target)]
    if key == "json":
        assert "大气污染防治" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(("typed", "chosen", "written"), [
    ("清单.docx", "Excel", "清单.docx"),  # the suffix typed wins
    ("清单", "Word", "清单.docx"),  # else the file type chosen, added to the name
    ("清单", "Excel", "清单.xlsx"),
])
def test_unit_sheets_are_written_in_the_file_type_chosen(window: MainWindow, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch, typed: str,
                                                         chosen: str, written: str) -> None:
    new_plan(window)
    task = add(window, "大气污染防治")
    window.edit_task(task.id, TaskChanges.named(lead_units=["大气股"]))  # type: ignore[arg-type]
    offered: list[str] = []

    def save_as(*args: object) -> tuple[str, str]:
        offered.extend(str(args[3]).split(";;"))
        return str(tmp_path / typed), next(t for t in offered if t.startswith(chosen))

    monkeypatch.setattr(file_dialogs, "save_file_name", save_as)
    monkeypatch.setattr(ExportDoneBox, "ask", lambda *_a: CLOSE)
    monkeypatch.setattr(UnitSheetsDialog, "exec", lambda _self: QDialog.DialogCode.Accepted)
    next(a for a in export_actions(window) if a.text() == exporting.EXPORT_KINDS["units"].label).trigger()
    assert [t.split("，")[0] for t in offered] == ["Excel 工作簿", "Word 文档"]
    if written.endswith(".docx"):
        text = "\n".join(p.text for p in docx.Document(str(tmp_path / written)).paragraphs)
        text += "\n".join(c.text for t in docx.Document(str(tmp_path / written)).tables for r in t.rows
                           for c in r.cells)
    else:
        sheets = openpyxl.load_workbook(tmp_path / written).worksheets
        text = "\n".join(str(v) for ws in sheets for row in ws.iter_rows(values_only=True) for v in row if v)
    assert "大气股" in text and "大气污染防治" in text


def test_unit_sheets_for_the_units_the_clerk_ticks(window: MainWindow, tmp_path: Path, messages: Messages,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    new_plan(window)
    units = export_actions(window)
    action = next(a for a in units if a.text() == exporting.EXPORT_KINDS["units"].label)
    action.trigger()  # no unit has a task yet: said in Chinese, nothing asked
    assert messages.shown[-1][0] == "warning" and "没有任何单位承担任务" in messages.shown[-1][2]
    for title, unit in (("大气污染防治", "大气股"), ("水污染防治", "水生态股"), ("执法检查", "执法大队")):
        window.edit_task(add(window, title).id, TaskChanges.named(lead_units=[unit]))  # type: ignore[arg-type]
    target = tmp_path / "清单.xlsx"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *_a, **_k: (str(target), ""))
    monkeypatch.setattr(ExportDoneBox, "ask", lambda *_a: CLOSE)
    offered: list[str] = []

    def untick_water(dialog: UnitSheetsDialog) -> QDialog.DialogCode:
        offered.extend(dialog.checklist.checked())  # every unit with a task, ticked
        dialog.checklist.set_checked("水生态股", False)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(UnitSheetsDialog, "exec", untick_water)
    action.trigger()
    assert offered == ["大气股", "水生态股", "执法大队"]
    assert [ws.title for ws in openpyxl.load_workbook(target).worksheets] == ["大气股", "执法大队"]
    target.unlink()
    monkeypatch.setattr(UnitSheetsDialog, "exec", lambda _self: QDialog.DialogCode.Rejected)
    action.trigger()  # cancelled: no file asked for, none written
    assert not target.exists()
    dialog = UnitSheetsDialog(window, offered)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    for unit in offered:
        dialog.checklist.set_checked(unit, False)
    assert not ok.isEnabled()  # at least one unit, or there is nothing to export
    dialog.checklist.set_checked("执法大队", True)
    assert ok.isEnabled()


def test_word_export_writes_what_the_clerk_ticks_and_remembers_it(window: MainWindow, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    new_plan(window)
    task = add(window, "大气污染防治")
    window.edit_task(task.id, TaskChanges.named(lead_units=["大气股"]))  # type: ignore[arg-type]
    target = tmp_path / "要点.docx"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *_a, **_k: (str(target), ""))
    monkeypatch.setattr(ExportDoneBox, "ask", lambda *_a: CLOSE)
    offered: list[dict[str, bool]] = []

    def untick_units_tick_plain_fonts(dialog: WordExportDialog) -> QDialog.DialogCode:
        offered.append({option: box.isChecked() for option, box in dialog.boxes.items()})
        dialog.boxes["include_units"].setChecked(False)
        dialog.boxes["plain_fonts"].setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(WordExportDialog, "exec", untick_units_tick_plain_fonts)
    word = next(a for a in export_actions(window) if a.text() == exporting.EXPORT_KINDS["word"].label)
    word.trigger()
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    with zipfile.ZipFile(target) as package:
        xml = "".join(package.read(n).decode("utf-8") for n in ("word/document.xml", "word/styles.xml"))
    assert "大气污染防治" in text and "大气股" not in text  # no units
    assert "仿宋" in xml and "_GB2312" not in xml  # plain font names
    target.unlink()
    word.trigger()  # the next export starts from these choices
    assert offered[0]["include_units"] and not offered[0]["plain_fonts"]
    assert not offered[1]["include_units"] and offered[1]["plain_fonts"]
    target.unlink()
    monkeypatch.setattr(WordExportDialog, "exec", lambda _self: QDialog.DialogCode.Rejected)
    word.trigger()  # cancelled: nothing is written
    assert not target.exists()


def test_backup_copies_the_database(window: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan_id = new_plan(window)  # type: ignore[arg-type]
    copy = tmp_path / "backup" / "copy.sqlite"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *_a, **_k: (str(copy), ""))
    window.files.backup()  # type: ignore[attr-defined]
    from ecodesk.store.db import open_database

    assert [p.id for p in list_plans(open_database(str(copy)))] == [plan_id]


def test_new_plan_and_open_database(window: object, tmp_path: Path, messages: Messages,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(PlanDialog, "ask", lambda dialog: replace(dialog.fields(), year=2022))
    window.files.new_plan()  # type: ignore[attr-defined]
    window.files.new_plan()  # type: ignore[attr-defined]
    assert messages.texts("warning") == ["2022 年的工作要点已存在"]
    assert window.ws.tree.year == 2022  # type: ignore[attr-defined]
    other = tmp_path / "other.sqlite"
    monkeypatch.setattr("ecodesk.gui.file_actions.choose", lambda *_a: 0)
    monkeypatch.setattr(file_dialogs, "open_file_name", lambda *_a, **_k: str(other))
    window.files.open_database()  # type: ignore[attr-defined]
    assert window.ws.db.path == other and window.ws.tree is None  # type: ignore[attr-defined]
    window.files.about()  # type: ignore[attr-defined]
    assert str(other) in messages.texts("about")[0] and "0." in messages.texts("about")[0]


def test_settings_remember_plan_columns_and_splitters(qtbot: object, db_path: Path, messages: Messages) -> None:
    first = make_window(qtbot, db_path)
    new_plan(first, 2020)
    new_plan(first, 2021)
    first.ws.open_plan(next(p.id for p in first.ws.plans() if p.year == 2020))
    first.tree.setColumnWidth(2, 133)
    first.close()
    second = make_window(qtbot, db_path)
    assert second.ws.tree.year == 2020  # type: ignore[union-attr]
    assert second.tree.columnWidth(2) == 133


def test_background_work_reports_back_on_the_gui_thread(qtbot: object, window: object) -> None:
    ops, results, errors, threads = Ops(), [], [], []

    def work() -> int:
        threads.append(QThread.currentThread())
        return 42

    def done(value: int) -> None:
        threads.append(QThread.currentThread())
        results.append(value)

    ops.run(window, "测试", work, on_done=done, on_error=errors.append)  # type: ignore[arg-type]
    ops.run(window, "测试", lambda: 1 / 0, on_done=results.append, on_error=errors.append)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: bool(results and errors))  # type: ignore[attr-defined]
    assert results == [42] and isinstance(errors[0], ZeroDivisionError)
    assert threads[0] is not threads[1] and threads[1] is QApplication.instance().thread()


@pytest.mark.parametrize(("words", "target"), [([], None), (["--db", "x.sqlite"], "x.sqlite"),
                                                (["--db=x.sqlite"], "x.sqlite")])
def test_ecodesk_without_a_subcommand_opens_the_window(monkeypatch: pytest.MonkeyPatch, words: list[str],
                                                       target: str | None) -> None:
    started: list[tuple[str | None, bool]] = []
    monkeypatch.setattr("ecodesk.gui.app.run", lambda db: started.append((db, gc.isenabled())) or 0)
    monkeypatch.setattr(cli, "build_parser", lambda: pytest.fail("the window needs no subcommand parser"))
    try:
        assert cli.main(words) == 0
    finally:
        gc.enable()  # app.finish_start does it after the first paint
    assert started == [(target, False)]  # the collector paused for the start


def test_a_misspelt_option_is_not_taken_for_a_window_start(monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("ecodesk.gui.app.run", lambda db: pytest.fail("no window for a bad command line"))
    with pytest.raises(SystemExit):
        cli.main(["--dbx", "x.sqlite"])
    assert "命令参数有误" in capsys.readouterr().err  # the full parser's message, in Chinese


def test_import_document_and_replace_a_year(window: object, messages: Messages,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    sample = Path("/work/shared/samples/xinjian-2021-gongzuoyaodian.txt")
    monkeypatch.setattr(file_dialogs, "open_file_name", lambda *_a, **_k: str(sample))
    window.files.import_document()  # type: ignore[attr-defined]
    tree = window.ws.tree  # type: ignore[attr-defined]
    assert tree is not None and tree.year == 2021 and len(list(tree.walk())) > 10 and tree.targets
    assert messages.texts("information") and messages.texts("question") == []
    first_id = tree.id
    # A second import of the same year asks first; "no" leaves the plan alone
    messages.answer = messages.answer.No
    window.files.import_document()  # type: ignore[attr-defined]
    assert "已有 2021 年的工作要点" in messages.texts("question")[0]
    assert window.ws.tree.id == first_id  # type: ignore[attr-defined]
    # "yes" replaces it
    messages.answer = messages.answer.Yes
    window.files.import_document()  # type: ignore[attr-defined]
    assert [p.year for p in window.ws.plans()] == [2021]  # type: ignore[attr-defined]
    assert len(messages.texts("information")) == 2
    assert any("备份" in line for line in messages.texts("information")[-1].splitlines())


def test_import_of_an_unreadable_file_says_why(window: object, tmp_path: Path, messages: Messages,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\x00\x01nothing here")
    monkeypatch.setattr(file_dialogs, "open_file_name", lambda *_a, **_k: str(junk))
    window.files.import_document()  # type: ignore[attr-defined]
    assert messages.texts("warning") and "junk.txt" in messages.texts("warning")[0]


def test_import_runs_off_the_gui_thread(window: object, messages: Messages, qtbot: object,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    window.ops = Ops()  # type: ignore[attr-defined]  # the real thread pool, as in the product
    sample = Path("/work/shared/samples/xinjian-2021-gongzuoyaodian.txt")
    monkeypatch.setattr(file_dialogs, "open_file_name", lambda *_a, **_k: str(sample))
    window.files.import_document()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: window.ws.tree is not None, timeout=30_000)  # type: ignore[attr-defined]
    assert window.ws.tree.year == 2021 and messages.texts("warning") == []  # type: ignore[attr-defined]
