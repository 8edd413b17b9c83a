"""文件 ▸ 从剪贴板导入…: the clipboard's text previewed as the tree it would become, then saved as an import."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from ecodesk.gui import paste_import
from ecodesk.gui.main_window import MainWindow
from ecodesk.gui.paste_import import PasteImportDialog
from ecodesk.services.plans import list_plans
from tests.conftest import SAMPLES
from tests.gui.conftest import Messages
from tests.gui.helpers import add, new_plan
from tests.io.test_import_pasted import TABLE_HTML

NOTICE = "2021年生态环境工作要点\n一、大气污染防治\n1.淘汰燃煤锅炉（大气股牵头，执法大队配合，2021年6月底前完成）\n"


def _copy(text: str, html: str = "") -> None:
    mime = QMimeData()
    mime.setText(text)
    if html:
        mime.setHtml(html)
    QApplication.clipboard().setMimeData(mime)


def _rows(dialog: PasteImportDialog) -> list[list[str]]:
    found: list[list[str]] = []

    def visit(item) -> None:  # type: ignore[no-untyped-def]
        for i in range(item.childCount()):
            child = item.child(i)
            found.append([child.text(c) for c in range(child.columnCount())])
            visit(child)

    visit(dialog.preview.invisibleRootItem())
    return found


def _import_button(dialog: PasteImportDialog):  # type: ignore[no-untyped-def]
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_the_clipboard_is_previewed_with_units_and_deadlines(qtbot) -> None:  # type: ignore[no-untyped-def]
    _copy(NOTICE)
    dialog = PasteImportDialog()
    qtbot.addWidget(dialog)
    assert _rows(dialog) == [["一、", "大气污染防治", "", "", ""],
                             ["（一）", "淘汰燃煤锅炉", "大气股", "执法大队", "2021年6月底前"]]
    assert _import_button(dialog).isEnabled() and _import_button(dialog).text() == "导入"
    assert "任务 2 项" in dialog.status.text()


def test_a_copied_table_is_read_from_the_html_until_the_text_is_edited(qtbot) -> None:  # type: ignore[no-untyped-def]
    _copy("序号 重点任务 工作任务", TABLE_HTML)
    dialog = PasteImportDialog()
    qtbot.addWidget(dialog)
    assert [r[1] for r in _rows(dialog)][:2] == ["大气污染防治", "淘汰燃煤锅炉 10 台"]
    dialog.text_edit.setPlainText("随便写的几个字")
    qtbot.waitUntil(lambda: not _import_button(dialog).isEnabled(), timeout=2000)
    assert _rows(dialog) == [] and "没有找到带编号的条目" in dialog.status.text()


def test_a_title_without_year_asks_for_the_year_box(qtbot) -> None:  # type: ignore[no-untyped-def]
    _copy("一、大气污染防治\n1.淘汰燃煤锅炉")
    dialog = PasteImportDialog()
    qtbot.addWidget(dialog)
    assert not _import_button(dialog).isEnabled() and "请指定年度" in dialog.status.text()
    assert dialog.year_box.text() == "从标题识别"
    dialog.year_box.setValue(2022)
    assert _import_button(dialog).isEnabled() and dialog.chosen.plan_year == 2022


def test_the_pasted_plan_replaces_the_year_after_asking(window: MainWindow, messages: Messages,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    new_plan(window, 2021)
    add(window, "临时任务")
    _copy((SAMPLES / "dalian-2021-gongzuoyaodian.txt").read_text(encoding="utf-8"))
    monkeypatch.setattr(PasteImportDialog, "exec", lambda _self: QDialog.DialogCode.Accepted)
    window.files.import_pasted()
    assert "要用粘贴的内容替换它吗" in messages.texts("question")[0]
    assert [p.year for p in list_plans(window.ws.db)] == [2021]
    tree = window.ws.tree
    assert tree is not None and len(list(tree.walk())) == 26 and "临时任务" not in {t.title for t in tree.walk()}
    assert [title for kind, title, _text in messages.shown if kind == "information"] == ["导入完成"]
    assert window.ws.undo_stack.count() == 0


def test_the_menu_offers_the_paste_import(window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    assert "从剪贴板导入…" in [a.text() for a in file_menu.actions()]
    assert paste_import.ask_pasted is not None
