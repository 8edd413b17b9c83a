"""Save dialogs of the exports: a name per kind, its file type, the suffix added, the folder remembered,
and the box offered once the file is written (issue 18)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QPushButton

from ecodesk.domain.task_fields import TaskChanges
from ecodesk.gui import file_dialogs
from ecodesk.gui.export_dialog import UnitSheetsDialog, WordExportDialog
from ecodesk.gui.export_done import CLOSE, OPEN_FILE, OPEN_FOLDER, ExportDoneBox, offer_to_open
from ecodesk.gui.main_window import MainWindow
from ecodesk.services import exporting
from ecodesk.services.plans import create_plan
from ecodesk.services.units import add_unit
from tests.gui.conftest import Messages
from tests.gui.helpers import UNITS, add

BUREAU = "南昌市新建生态环境局"


def bureau_plan(window: MainWindow) -> None:
    info = create_plan(window.ws.db, year=2021, bureau=BUREAU)
    for name in UNITS:
        add_unit(window.ws.db, name)
    window.reload_plans(info.id)
    task = add(window, "大气污染防治")
    window.edit_task(task.id, TaskChanges.named(lead_units=["大气股"]))  # type: ignore[arg-type]


def export(window: MainWindow, key: str) -> None:
    window.files._fill_export_menu()
    label = exporting.EXPORT_KINDS[key].label
    next(a for a in window.files.export_menu.actions() if a.text() == label).trigger()


@pytest.fixture
def asked(window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Each save dialog's suggested path and file types; the clerk accepts the name suggested."""
    seen: list[tuple[str, str]] = []

    def accept(_parent: object, _caption: str, suggested: object, filters: str = "") -> tuple[str, str]:
        seen.append((str(suggested), filters))
        return str(suggested), filters.split(";;")[0]

    monkeypatch.setattr(file_dialogs, "save_file_name", accept)
    monkeypatch.setattr(ExportDoneBox, "ask", lambda *_a: CLOSE)
    for dialog in (WordExportDialog, UnitSheetsDialog):
        monkeypatch.setattr(dialog, "exec", lambda _self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(Path, "home", lambda: tmp_path)
    return seen


def test_each_kind_suggests_its_own_name_and_file_type(window: MainWindow, asked: list[tuple[str, str]],
                                                       tmp_path: Path) -> None:
    bureau_plan(window)
    for key in exporting.EXPORT_KINDS:
        export(window, key)
    names = [Path(path).name for path, _ in asked]
    assert names == [f"{BUREAU}2021年{what}" for what in (  # the dated tables name the 本期 they report on
        "工作要点.docx", "上半年重点工作任务进展情况表（截至6月20日）.xlsx", "上半年各股室任务清单（截至6月20日）.xlsx",
        "上半年工作进展情况和下半年工作安排.docx",  # the 本期 shown on 6-20: 上半年
        "工作进展情况（截至6月20日）.docx", "工作要点数据.json")]
    assert [filters.split(";;")[0] for _, filters in asked] == [
        "Word 文档 (*.docx)", "Excel 工作簿 (*.xlsx)", "Excel 工作簿，每个股室一个工作表 (*.xlsx)",
        "Word 文档 (*.docx)", "Word 文档 (*.docx)", "JSON 数据文件 (*.json)"]
    assert all((tmp_path / name).stat().st_size > 0 for name in names)  # accepting never overwrote another


def test_the_last_folder_is_offered_again(window: MainWindow, asked: list[tuple[str, str]], tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    bureau_plan(window)
    elsewhere = tmp_path / "报表"
    elsewhere.mkdir()
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *_a: (str(elsewhere / "要点.docx"), ""))
    export(window, "word")
    assert (elsewhere / "要点.docx").exists()
    cancel = lambda _p, _c, suggested, filters="": (asked.append((str(suggested), filters)) or "", "")  # noqa: E731
    monkeypatch.setattr(file_dialogs, "save_file_name", cancel)
    export(window, "excel")
    assert Path(asked[-1][0]).parent == elsewhere


def test_a_name_typed_without_suffix_gets_the_types(qtbot: object, tmp_path: Path) -> None:
    def type_name() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QFileDialog)
        dialog.selectFile("进展表")
        dialog.accept()

    QTimer.singleShot(0, type_name)
    path, chosen = file_dialogs.save_file_name(None, "导出", tmp_path / "x.xlsx", "Excel 工作簿 (*.xlsx)")
    assert (Path(path).name, chosen) == ("进展表.xlsx", "Excel 工作簿 (*.xlsx)")


def test_done_box_offers_to_open_and_says_when_the_system_cannot(qtbot: object, tmp_path: Path,
                                                                messages: Messages,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    written = tmp_path / "要点.docx"
    box = ExportDoneBox(None, written)
    qtbot.addWidget(box)  # type: ignore[attr-defined]
    assert [b.text() for b in box.findChildren(QPushButton)] == [OPEN_FILE, OPEN_FOLDER, CLOSE]
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or False)
    for choice in (OPEN_FILE, OPEN_FOLDER, CLOSE):
        monkeypatch.setattr(ExportDoneBox, "ask", lambda *_a, c=choice: c)
        offer_to_open(None, written)
    assert opened == [str(written), str(tmp_path)]
    assert messages.texts("warning")[0].startswith("系统无法打开“要点.docx”。这台电脑上可能没有能打开此类文件的程序。")
    assert messages.texts("warning")[1].startswith("系统无法打开所在文件夹。")
    assert len(messages.texts("warning")) == 2


def test_the_period_report_is_of_the_period_the_window_shows(window: MainWindow, asked: list[tuple[str, str]]) -> None:
    import docx

    from ecodesk.domain.periods import parse_period

    bureau_plan(window)
    window.ws.show_period(parse_period("2021-Q1"))
    export(window, "report")
    [(path, _types)] = asked
    assert Path(path).name == f"{BUREAU}2021年一季度工作进展情况和二季度工作安排.docx"
    written = docx.Document(path).paragraphs
    assert written[0].text == f"{BUREAU}\n2021年一季度工作进展情况和二季度工作安排"
    assert "截至2021年3月31日，1项重点任务（按最末一级任务计）中，完成0项、序时推进0项、滞后0项、未报1项" \
        in written[2].text


def test_the_summary_offers_next_years_plan_as_its_second_part(window: MainWindow, asked: list[tuple[str, str]],
                                                               messages: Messages) -> None:
    import docx

    bureau_plan(window)
    this_year = window.ws.plan_id
    create_plan(window.ws.db, year=2022, bureau=BUREAU)
    window.reload_plans(this_year)
    export(window, "summary")
    assert messages.texts("question") == [
        "数据库中有2022年工作要点。是否附在总结之后，导出为“2021年工作总结和2022年工作要点”？"]
    [(path, _types)] = asked
    assert Path(path).name == f"{BUREAU}2021年工作总结和2022年工作要点.docx"
    assert docx.Document(path).paragraphs[0].text == f"{BUREAU}\n2021年工作总结和2022年工作要点"
    messages.answer = QMessageBox.StandardButton.No
    export(window, "summary")
    assert Path(asked[1][0]).name == f"{BUREAU}2021年工作进展情况（截至6月20日）.docx"
