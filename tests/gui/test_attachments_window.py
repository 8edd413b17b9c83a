"""Files in the window: dropped from a folder onto a task's row, its detail panel, one of its updates or the
files list (pytest-qt, real QDropEvents carrying file URLs), listed with a thumbnail, opened, saved, removed, and
every add and removal undone and redone through the Workspace door."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QThread, QUrl
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from ecodesk.domain.task_fields import TaskChanges
from ecodesk.gui.app import build_window
from ecodesk.gui.export_dialog import LedgerDialog
from ecodesk.gui.export_done import CLOSE, ExportDoneBox
from ecodesk.gui.file_actions import LEDGER_LABEL
from ecodesk.gui.main_window import MainWindow
from ecodesk.gui.ops import Ops
from ecodesk.services import attachments, progress
from ecodesk.services.plans import list_plans, load_plan
from ecodesk.store.db import open_database
from tests.attach.files import big_document, photo
from tests.gui.conftest import Messages, seed
from tests.gui.helpers import add, new_plan, select
from tests.gui.test_file_menu import export_actions


def drop(target: QWidget, at: QPoint, paths: list[Path]) -> bool:
    """Drag `paths` from a file manager onto `target` at `at`, as Qt delivers it: enter, move, drop."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    where, copy = QPointF(at), Qt.DropAction.CopyAction
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(target, QDragEnterEvent(at, copy, mime, buttons, keys))
    QApplication.sendEvent(target, QDragMoveEvent(at, copy, mime, buttons, keys))
    event = QDropEvent(where, copy, mime, buttons, keys)
    QApplication.sendEvent(target, event)
    return event.isAccepted()


def listed(window: MainWindow, qtbot: object) -> list[str]:
    """The names the files list shows, once it has been read (it is read after the selection settles)."""
    QApplication.processEvents()  # the zero timer that reads the shown task's files
    panel = window.attachments
    return [panel.list.item(row).text().split("\n")[0] for row in range(panel.list.count())]


def row_of(window: MainWindow, task_id: int) -> QPoint:
    return window.tree.visualRect(window.proxy.mapFromSource(window.model.index_of(task_id))).center()


def test_files_dropped_on_a_row_go_to_that_task_and_undo(window: MainWindow, qtbot: object, tmp_path: Path) -> None:
    new_plan(window)
    first, second = add(window, "大气污染防治"), add(window, "水污染防治")
    select(window, "大气污染防治")
    pic, doc = photo(tmp_path), big_document(tmp_path)
    assert drop(window.tree.viewport(), row_of(window, second.id), [pic, doc])
    assert window.current_id() == second.id  # the task dropped on is shown with its files
    assert listed(window, qtbot) == ["现场照片.png", "验收报告.pdf"]
    assert [a.name for a in attachments.attachments_of(window.ws.db, second.id)] == ["现场照片.png", "验收报告.pdf"]
    assert attachments.attachments_of(window.ws.db, first.id) == []
    icon = window.attachments.list.item(0).icon()
    assert icon.availableSizes() and max(s.width() for s in icon.availableSizes()) <= 56  # the photo's own
    assert window.attachments.title_label.text() == "附件（2 个）"

    window.ws.undo_stack.undo()
    assert listed(window, qtbot) == [] and attachments.attachments_of(window.ws.db, second.id) == []
    window.ws.undo_stack.redo()
    assert listed(window, qtbot) == ["现场照片.png", "验收报告.pdf"]


def test_a_drop_on_an_update_or_the_list(window: MainWindow, qtbot: object, tmp_path: Path) -> None:
    new_plan(window)
    task = add(window, "大气污染防治")
    entry = progress.add_progress(window.ws.db, task.id, date=dt.date(2021, 5, 1), text="召开部署会")
    window.ws.refresh(task.id)
    panel = window.progress
    item = panel.list.item(0)
    at = panel.list.viewport().mapTo(panel, panel.list.visualItemRect(item).center())
    assert drop(panel, at, [photo(tmp_path, "部署会照片.png")])
    assert drop(window.attachments, QPoint(10, 10), [big_document(tmp_path)])
    label = window.detail.number_label  # the detail panel takes them too (here over its 编号 line)
    assert drop(window.detail, label.mapTo(window.detail, label.rect().center()), [photo(tmp_path, "公示.png")])
    assert [(a.name, a.progress_id) for a in attachments.attachments_of(window.ws.db, task.id)] == [
        ("部署会照片.png", entry.id), ("验收报告.pdf", None), ("公示.png", None)]
    QApplication.processEvents()
    assert window.attachments.list.item(0).text() == "部署会照片.png\n73 字节 · 进展 2021年5月1日"
    assert window.attachments.list.item(1).text().endswith("2.5 MB · 任务")


def test_open_save_remove_and_undo(window: MainWindow, qtbot: object, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    new_plan(window)
    task = add(window, "大气污染防治")
    doc = big_document(tmp_path)
    window.attach.add([doc])
    assert listed(window, qtbot) == ["验收报告.pdf"]
    window.attachments.list.item(0).setSelected(True)
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window.attachments.open_button.click()
    [url] = opened
    assert Path(url.toLocalFile()).name == "验收报告.pdf" and Path(url.toLocalFile()).read_bytes() == doc.read_bytes()
    target = tmp_path / "另存" / "验收报告（副本）.pdf"
    target.parent.mkdir()
    monkeypatch.setattr("ecodesk.gui.save_names.ask_save_path", lambda *_a: (target, ""))
    window.attachments.save_button.click()
    assert target.read_bytes() == doc.read_bytes()

    window.attachments.remove_button.click()
    assert listed(window, qtbot) == [] and attachments.attachments_of(window.ws.db, task.id) == []
    assert window.ws.undo_stack.undoText() == "删除附件“验收报告.pdf”"
    window.ws.undo_stack.undo()
    assert listed(window, qtbot) == ["验收报告.pdf"]
    window.attach.clear_opened()  # as the window does when it closes: the copy taken out for 打开 is gone
    assert not Path(url.toLocalFile()).parent.exists()


def test_the_database_file_and_a_vanished_file_are_refused(window: MainWindow, qtbot: object, tmp_path: Path,
                                                           messages: Messages) -> None:
    new_plan(window)
    task = add(window, "大气污染防治")
    assert window.ws.db.path is not None
    steps = window.ws.undo_stack.count()
    assert drop(window.tree.viewport(), row_of(window, task.id), [window.ws.db.path])
    gone = tmp_path / "已删除.jpg"
    window.attach.add([photo(tmp_path), gone])
    assert messages.texts("warning") == [f"“{window.ws.db.path}”是正在使用的数据库文件，不能作为附件添加",
                                         f"找不到文件“{gone}”（可能已被移动或删除），未添加任何附件"]
    assert listed(window, qtbot) == [] and attachments.attachments_of(window.ws.db, task.id) == []
    assert window.ws.undo_stack.count() == steps  # no attachment step


def test_the_ledger_from_the_export_menu(window: MainWindow, qtbot: object, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    new_plan(window)
    task = add(window, "大气污染防治")
    assert LedgerDialog(window, window.ws.tree).unit_box.count() == 1  # no task names a unit yet: all files
    window.edit_task(task.id, TaskChanges.named(lead_units=["大气股"]))
    other = add(window, "水污染防治")
    window.attach.add([photo(tmp_path)], task_id=task.id)
    window.attach.add([big_document(tmp_path)], task_id=other.id)
    dialog = LedgerDialog(window, window.ws.tree)
    assert dialog.chosen() == (None, None)  # every file of every unit unless narrowed
    assert [dialog.period_box.itemText(i) for i in range(dialog.period_box.count())] == [
        "全部附件", "2021年一季度（1月1日至3月31日）", "2021年上半年（1月1日至6月30日）",
        "2021年前三季度（1月1日至9月30日）", "2021年全年（1月1日至12月31日）"]
    assert [dialog.unit_box.itemText(i) for i in range(dialog.unit_box.count())] == ["全部股室", "大气股"]
    asked: list[str] = []
    monkeypatch.setattr(LedgerDialog, "ask", lambda *_a: (None, "大气股"))
    monkeypatch.setattr("ecodesk.gui.save_names.ask_save_path",
                        lambda _p, _c, name, _f: (asked.append(name), (tmp_path / name, ""))[1])
    monkeypatch.setattr(ExportDoneBox, "ask", lambda *_a: CLOSE)
    next(a for a in export_actions(window) if a.text() == LEDGER_LABEL).trigger()
    assert asked == [f"{window.ws.tree.bureau}2021年工作台账（大气股）.zip"]
    with zipfile.ZipFile(tmp_path / asked[0]) as archive:
        assert [n.split("/")[0] for n in archive.namelist()] == ["一、大气污染防治", "台账目录.xlsx"]


def test_the_first_tasks_files_after_a_start_from_the_snapshot(qtbot: object, db_path: Path, tmp_path: Path,
                                                               messages: Messages) -> None:
    """`ecodesk` shows the window from a start-up snapshot, then opens the database: the files come then."""
    seed(db_path, "大气污染防治")
    db = open_database(str(db_path))
    [task] = load_plan(db, list_plans(db)[0].id).tasks
    attachments.add_files(db, task.id, [photo(tmp_path)])
    db.close()
    started = build_window(str(db_path))
    started.ops = Ops(synchronous=True)
    qtbot.addWidget(started)  # type: ignore[attr-defined]
    started.show()
    qtbot.waitUntil(lambda: started.ws.is_open, timeout=5000)  # type: ignore[attr-defined]
    assert started.current_id() == task.id and listed(started, qtbot) == ["现场照片.png"]
    started.close()


def test_files_are_stored_off_the_gui_thread_and_undone(window: MainWindow, qtbot: object, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A big file takes seconds to read and store: the window's thread only starts the work (the busy dialog
    comes up if it lasts), then lists the file, says so in the status bar and can undo it."""
    window.ops = Ops()  # the real thread pool, as in the product
    new_plan(window)
    task = add(window, "大气污染防治")
    threads: list[QThread] = []
    store = attachments.add_files

    def storing(*args: object, **kwargs: object) -> object:
        threads.append(QThread.currentThread())
        return store(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(attachments, "add_files", storing)
    window.attach.add([big_document(tmp_path)])
    assert attachments.attachments_of(window.ws.db, task.id) == []  # not yet: the pool has it
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "已添加 1 个附件")  # type: ignore[attr-defined]
    assert threads and threads[0] is not QApplication.instance().thread()
    assert listed(window, qtbot) == ["验收报告.pdf"]
    assert [a.name for a in attachments.attachments_of(window.ws.db, task.id)] == ["验收报告.pdf"]
    assert window.ws.undo_stack.undoText() == "添加附件“验收报告.pdf”"
    window.ws.undo_stack.undo()
    assert listed(window, qtbot) == [] and attachments.attachments_of(window.ws.db, task.id) == []


def test_a_file_refused_on_the_pool_is_said_and_nothing_is_stored(window: MainWindow, qtbot: object,
                                                                  tmp_path: Path, messages: Messages) -> None:
    window.ops = Ops()
    new_plan(window)
    task = add(window, "大气污染防治")
    steps = window.ws.undo_stack.count()
    gone = tmp_path / "已删除.pdf"
    window.attach.add([photo(tmp_path), gone])
    qtbot.waitUntil(lambda: messages.texts("warning") != [])  # type: ignore[attr-defined]
    assert messages.texts("warning") == [f"找不到文件“{gone}”（可能已被移动或删除），未添加任何附件"]
    assert listed(window, qtbot) == [] and attachments.attachments_of(window.ws.db, task.id) == []
    assert window.ws.undo_stack.count() == steps and window.statusBar().currentMessage() == ""
