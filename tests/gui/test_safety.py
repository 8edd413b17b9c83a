"""Nothing lost, ever: one window per file, shares, damaged files, backups, the audit log, conflicts
and storage failures, driven through the window on real SQLite files."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from ecodesk.domain.errors import AlreadyOpenError
from ecodesk.domain.plan import ProgressEntry
from ecodesk.gui import app, file_dialogs
from ecodesk.gui.app import build_window
from ecodesk.gui.audit_view import AuditDialog, DeletedTasksDialog
from ecodesk.gui.backup_dialog import BackupDialog
from ecodesk.gui.conflict_dialog import KEEP_MINE, TAKE_THEIRS
from ecodesk.gui.guard import OpenDeclined
from ecodesk.gui.main_window import MainWindow
from ecodesk.gui.ops import Ops
from ecodesk.gui.progress_panel import ProgressDialog
from ecodesk.gui.workspace import Workspace
from ecodesk.services import backups, tasks
from ecodesk.store.backup import list_backup_files
from ecodesk.store.db import Database, open_database, sqlite_engine
from ecodesk.store.lock import lock_path
from tests.gui.conftest import TODAY, Messages, seed, stored
from tests.gui.helpers import add, answer_conflicts, new_plan, saved_by_another_clerk, select
from tests.store.test_hostile import corrupt, digest


def titles(window: MainWindow) -> list[str]:
    return [t.title for t in window.ws.tree.walk()] if window.ws.tree else []


# -- one window per database ----------------------------------------------------------------------------

def test_a_second_start_on_the_same_file_is_refused(started: MainWindow, db_path: Path, messages: Messages,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own
    assert app.run(str(db_path)) == 2
    [refusal] = messages.texts("critical")
    assert "已在另一个 EcoDesk 窗口中打开" in refusal and f"进程 {os.getpid()}" in refusal
    started.close()
    assert not lock_path(db_path).exists()
    again = build_window(str(db_path))  # the first window is gone: its lock went with it
    again.close()


def test_the_first_start_creates_the_data_folder(qtbot: object, tmp_path: Path, messages: Messages) -> None:
    path = tmp_path / "new" / "folder" / "ecodesk.sqlite"
    window = build_window(str(path))
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    assert window.ws.is_open and lock_path(path).exists()
    window.close()
    assert not lock_path(path).exists()


def test_a_stale_lock_does_not_block(qtbot: object, db_path: Path, messages: Messages) -> None:
    seed(db_path, "大气污染防治")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    lock_path(db_path).write_text(json.dumps({"pid": int(dead.stdout), "host": socket.gethostname(),
                                              "user": "张三", "since": "2026-01-01T08:00:00"}), encoding="utf-8")
    window = build_window(str(db_path))
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    assert titles(window) == ["大气污染防治"] and messages.shown == []
    with pytest.raises(AlreadyOpenError, match="已在另一个 EcoDesk 窗口中打开"):  # the live window's lock counts
        build_window(str(db_path))
    window.close()


def test_a_file_on_a_network_share_is_warned_about_once(qtbot: object, tmp_path: Path, db_path: Path,
                                                        messages: Messages, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(db_path, "大气污染防治")
    mounts = tmp_path / "mounts"  # what /proc/mounts would say with the folder mounted from a server
    mounts.write_text(f"/dev/sda1 / ext4 rw 0 0\n//server/share {tmp_path} cifs rw 0 0\n", encoding="utf-8")
    monkeypatch.setattr("ecodesk.store.network.MOUNTS", mounts)
    window = build_window(str(db_path))
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    [warning] = messages.texts("warning")
    assert "网络共享" in warning and str(db_path) in warning
    assert titles(window) == ["大气污染防治"]  # and then it opens as usual
    window.close()


# -- a damaged database ---------------------------------------------------------------------------------

def damaged_with_backup(db_path: Path) -> None:
    """A file whose newest backup holds 大气 only; 水 was added after it, then the file was damaged."""
    plan_id = seed(db_path, "大气污染防治")
    db = open_database(str(db_path))
    backups.create_backup(db, now=dt.datetime(2021, 6, 1, 12))
    tasks.add_task(db, plan_id, title="水污染防治")
    db.close()
    corrupt(db_path)


def test_a_damaged_file_is_restored_from_its_backup_if_the_clerk_agrees(
        qtbot: object, db_path: Path, messages: Messages) -> None:
    damaged_with_backup(db_path)
    window = build_window(str(db_path))
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.show()
    qtbot.waitUntil(lambda: window.ws.is_open and titles(window) == ["大气污染防治"], timeout=5000)  # type: ignore[attr-defined]
    [question] = messages.texts("question")
    assert "已损坏" in question and "备份" in question
    assert [b.reason for b in list_backup_files(db_path)].count("damaged") == 1  # kept for a technician
    window.close()


def test_declining_the_restore_opens_nothing_and_writes_nothing(db_path: Path, messages: Messages) -> None:
    damaged_with_backup(db_path)
    before = digest(db_path)
    messages.answer = QMessageBox.StandardButton.No
    with pytest.raises(OpenDeclined):
        build_window(str(db_path))
    assert digest(db_path) == before and not lock_path(db_path).exists()
    assert [b.reason for b in list_backup_files(db_path)] == ["manual"]


# -- backups --------------------------------------------------------------------------------------------

def test_closing_the_window_leaves_a_backup(started: MainWindow, db_path: Path) -> None:
    add(started, "水污染防治")
    started.close()
    assert [b.reason for b in list_backup_files(db_path)] == ["exit"]
    assert not lock_path(db_path).exists()


def test_backup_dialog_backs_up_and_restores(started: MainWindow, db_path: Path, messages: Messages) -> None:
    dialog = BackupDialog(started.ws, started.parts())
    dialog.backup_now()
    assert [dialog.table.item(0, 1).text()] == ["手动"] and dialog.table.rowCount() == 1
    add(started, "水污染防治")
    assert titles(started) == ["大气污染防治", "水污染防治"]
    dialog.table.selectRow(0)
    dialog.restore_selected()
    assert "恢复前会先自动备份" in messages.texts("question")[0]
    assert titles(started) == ["大气污染防治"]
    assert [b.reason for b in list_backup_files(db_path)] == ["before-restore", "manual"]
    assert [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())] == ["恢复前", "手动"]
    assert [t.title for t in stored(db_path, started.ws.plan_id).walk()] == ["大气污染防治"]  # type: ignore[arg-type]


def test_the_timer_backs_up_when_the_service_says_so(started: MainWindow, db_path: Path) -> None:
    started.auto_backup()
    assert [b.reason for b in list_backup_files(db_path)] == ["auto"]
    started.auto_backup()  # nothing changed and not 30 minutes old: no second copy
    assert len(list_backup_files(db_path)) == 1


# -- the audit log --------------------------------------------------------------------------------------

def test_audit_view_shows_a_changed_field_and_exports_it(window: MainWindow, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    new_plan(window)
    task = add(window, "大气污染防治")
    window.detail.title_edit.setText("大气污染综合防治")
    window.detail.title_edit.editingFinished.emit()
    dialog = AuditDialog(window.ws, select(window, "大气污染综合防治"), window)
    rows = [[dialog.table.item(r, c).text() for c in range(dialog.table.columnCount())]
            for r in range(dialog.table.rowCount())]
    assert rows[-1][2:] == ["修改任务", "任务名称", "大气污染防治", "大气污染综合防治"]
    target = tmp_path / "log.csv"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *_a, **_k: (str(target), ""))
    window.files.export_log()
    text = target.read_text(encoding="utf-8-sig")
    assert text.startswith("时间,操作人") and "大气污染综合防治" in text and task.id is not None


def test_a_deleted_task_is_restored_from_the_dialog(window: MainWindow, db_path: Path) -> None:
    plan_id = new_plan(window)
    add(window, "大气污染防治")
    add(window, "PM2.5 治理", child=True)
    select(window, "大气污染防治")
    add(window, "水污染防治")
    select(window, "大气污染防治")
    window.delete_current()
    assert titles(window) == ["水污染防治"]
    dialog = DeletedTasksDialog(window.ws, window)
    assert dialog.list.count() == 1 and dialog.list.item(0).text().startswith("大气污染防治")
    dialog.restore_selected()
    assert titles(window) == ["大气污染防治", "PM2.5 治理", "水污染防治"]
    assert window.current_task().title == "大气污染防治"  # type: ignore[union-attr]
    assert [t.title for t in stored(db_path, plan_id).walk()] == titles(window)


# -- two clerks, one task -------------------------------------------------------------------------------

@pytest.mark.parametrize(("choice", "kept"), [(KEEP_MINE, "大气治理"), (TAKE_THEIRS, "大气污染综合防治")])
def test_conflict_shows_both_versions_and_keeps_the_chosen_one(
        window: MainWindow, db_path: Path, messages: Messages, monkeypatch: pytest.MonkeyPatch,
        choice: int, kept: str) -> None:
    plan_id = new_plan(window)
    task = add(window, "大气污染防治")
    saved_by_another_clerk(db_path, task.id, title="大气污染综合防治")
    seen = answer_conflicts(monkeypatch, choice)
    window.detail.title_edit.setText("大气治理")
    window.detail.title_edit.editingFinished.emit()
    assert seen == [["任务名称", "大气污染综合防治", "大气治理"]] and messages.shown == []
    assert stored(db_path, plan_id).tasks[0].title == kept
    assert window.detail.title_edit.text() == kept
    if choice == KEEP_MINE:  # an ordinary edit on top of theirs: undo brings their version back
        window.ws.undo_stack.undo()
        assert stored(db_path, plan_id).tasks[0].title == "大气污染综合防治"


# -- storage failures -----------------------------------------------------------------------------------

def read_only_window(qtbot: object, db_path: Path) -> MainWindow:
    """A window on a database every write to which fails (the file opened read-only), its task selected."""
    db = Database(sqlite_engine(db_path, read_only=True), db_path)
    window = MainWindow(Workspace(db, today=lambda: TODAY), Ops(synchronous=True))
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.reload_plans()
    select(window, "大气污染防治")
    return window


def test_a_read_only_database_keeps_the_clerks_edit(qtbot: object, db_path: Path, messages: Messages) -> None:
    plan_id = seed(db_path, "大气污染防治")
    window = read_only_window(qtbot, db_path)
    window.detail.title_edit.setText("大气污染综合防治")
    window.detail.title_edit.editingFinished.emit()
    [message] = messages.texts("warning")
    assert "只读" in message and "未保存" in message
    assert window.detail.title_edit.text() == "大气污染综合防治"  # the typed text is still there to retry
    assert window.ws.undo_stack.count() == 0
    assert [t.title for t in stored(db_path, plan_id).walk()] == ["大气污染防治"]
    window.ws.close()


def test_a_progress_report_that_cannot_be_saved_is_offered_again_as_typed(
        qtbot: object, db_path: Path, messages: Messages, monkeypatch: pytest.MonkeyPatch) -> None:
    plan_id = seed(db_path, "大气污染防治")
    window = read_only_window(qtbot, db_path)
    typed = ProgressEntry(dt.date(2021, 6, 18), "已淘汰燃煤锅炉 12 台，剩余 3 台 7 月底前完成", 80, "大气股")
    asked: list[dict[str, object]] = []

    def ask(_parent: object, _units: list[str], **offered: object) -> ProgressEntry | None:
        asked.append(offered)
        return typed if len(asked) == 1 else None  # the second time the clerk copies the text and cancels

    monkeypatch.setattr(ProgressDialog, "ask", staticmethod(ask))
    window.progress_action.trigger()
    [message] = messages.texts("warning")
    assert "只读" in message and "未保存" in message
    assert asked[1] == {"percent": 80, "unit": "大气股", "day": dt.date(2021, 6, 18), "unsaved_text": typed.text}
    assert window.ws.undo_stack.count() == 0
    assert stored(db_path, plan_id).tasks[0].progress == []
    window.ws.close()


def test_the_progress_dialog_asked_again_shows_the_text_and_says_it_was_not_saved(qtbot: object) -> None:
    again = ProgressDialog(None, ["大气股"], percent=80, unit="大气股", day=dt.date(2021, 6, 18),
                           unsaved_text="已淘汰燃煤锅炉 12 台")
    first = ProgressDialog(None, ["大气股"], percent=0, unit="", day=dt.date(2021, 6, 18))
    for dialog in (again, first):
        qtbot.addWidget(dialog)  # type: ignore[attr-defined]
        dialog.show()
    assert again.entry() == ProgressEntry(dt.date(2021, 6, 18), "已淘汰燃煤锅炉 12 台", 80, "大气股")
    assert again.unsaved_note.isVisible() and "未能保存" in again.unsaved_note.text()
    assert not first.unsaved_note.isVisible() and first.text_edit.toPlainText() == ""


# -- 打开数据库… -------------------------------------------------------------------------------------------

def test_open_database_takes_the_new_lock_and_releases_the_old(
        started: MainWindow, tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "other.sqlite"
    seed(other, "水污染防治")
    monkeypatch.setattr("ecodesk.gui.file_actions.choose", lambda *_a: 0)
    monkeypatch.setattr(file_dialogs, "open_file_name", lambda *_a, **_k: str(other))
    started.files.open_database()
    assert titles(started) == ["水污染防治"]
    assert lock_path(other).exists() and not lock_path(db_path).exists()


def test_open_database_accepts_a_server_url(started: MainWindow, messages: Messages,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from ecodesk.gui.server_dialog import ServerDialog

    said: list[str] = []

    def sign_in(dialog: ServerDialog) -> int:
        dialog.host.setText("127.0.0.1")
        dialog.port.setValue(9)
        dialog.user.setText("clerk")
        dialog._sign_in()
        said.append(dialog.message.text())
        return dialog.result()  # the clerk gives up: 取消

    monkeypatch.setattr("ecodesk.gui.file_actions.choose", lambda *_a: 1)
    monkeypatch.setattr(ServerDialog, "exec", sign_in)
    started.files.open_database()
    assert "127.0.0.1" in said[0] and "端口 9" in said[0]  # the server was tried (nothing listens there)
    assert titles(started) == ["大气污染防治"] and messages.shown == []  # said in the dialog; the window stays


def test_backups_on_a_server_are_the_servers_job(qtbot: object, messages: Messages) -> None:
    from tests.targets import fresh_pg_database, pg_server_url

    with fresh_pg_database(pg_server_url()) as url:
        window = MainWindow(Workspace(open_database(url), today=lambda: TODAY), Ops(synchronous=True))
        qtbot.addWidget(window)  # type: ignore[attr-defined]
        window.reload_plans()
        dialog = BackupDialog(window.ws, window.parts())
        assert "pg_dump" in dialog.note.text()
        assert not dialog.backup_button.isEnabled() and not dialog.restore_button.isEnabled()
        window.auto_backup()
        window.close()  # no copy on exit either, and no complaint
        assert messages.shown == []
