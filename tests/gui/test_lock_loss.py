"""The window keeps its SQLite locks while a clerk browses the database's folder, and notices if they go.

Qt's file dialog reads files it cannot type by name; closing that read dropped every lock SQLite held on the
database (sqlite.org/howtocorrupt.html §2.2), after which a command-line write deleted the WAL the window
still wrote into. Driven through the real dialog on the database's folder, with a second process writing.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel

from ecodesk.domain.task_fields import TaskChanges
from ecodesk.gui import file_actions
from ecodesk.gui.main_window import MainWindow
from ecodesk.store.watch import holds_lock
from tests.conftest import run_cli
from tests.gui.conftest import Messages

pytestmark = pytest.mark.skipif(not Path("/proc/locks").exists(), reason="POSIX process locks: Linux")


def _drop_locks_as_c_code_would(path: Path) -> None:
    """What Qt's mime sniffing did: a C-level open() and close() of the file (no Python audit event)."""
    libc = ctypes.CDLL(None, use_errno=True)
    fd = libc.open(str(path).encode(), 0)
    assert fd >= 0
    libc.close(fd)


def _browse_database_folder(window: MainWindow, qtbot: object, seen: dict[str, object]) -> None:
    """文件 ▸ 打开数据库… ▸ 本机或共享文件夹中的数据库文件…, the real dialog in detail view on the database's
    folder until it has typed the database file; then 取消."""
    db_path = window.ws.db.path
    assert db_path is not None

    def look() -> None:
        dialog = next((w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible()),
                      None)
        if dialog is None:
            QTimer.singleShot(20, look)
            return
        dialog.setDirectory(str(db_path.parent))
        dialog.setViewMode(QFileDialog.ViewMode.Detail)
        model = dialog.findChild(QFileSystemModel)
        qtbot.waitUntil(lambda: model.type(model.index(str(db_path))) != "", timeout=5000)  # type: ignore[attr-defined]
        qtbot.wait(300)  # type: ignore[attr-defined]  # the gatherer thread types every listed file
        seen["type"] = model.type(model.index(str(db_path)))
        seen["locked while shown"] = holds_lock(db_path)
        dialog.reject()

    QTimer.singleShot(0, look)
    window.files.open_database()


@pytest.fixture
def browsed(started: MainWindow, qtbot: object, monkeypatch: pytest.MonkeyPatch,
            messages: Messages) -> Iterator[tuple[MainWindow, dict[str, object]]]:
    monkeypatch.setattr(file_actions, "choose", lambda *_a: 0)  # 本机或共享文件夹中的数据库文件…
    seen: dict[str, object] = {}
    _browse_database_folder(started, qtbot, seen)
    yield started, seen


def test_browsing_the_database_folder_keeps_the_windows_locks(browsed: tuple[MainWindow, dict[str, object]],
                                                             db_path: Path, messages: Messages) -> None:
    window, seen = browsed
    assert seen["type"] == "EcoDesk 数据库"
    assert seen["locked while shown"] is True
    assert holds_lock(db_path)
    assert "已记录" in run_cli("progress", "add", "1", "--text", "另一进程的进展", db=db_path).stdout
    window.ws.refresh()
    window.edit_task(window.ws.tree.tasks[0].id, TaskChanges.named(notes="窗口里的备注"))  # type: ignore[union-attr,arg-type]
    listed = run_cli("export", "json", "-o", str(db_path.with_name("plan.json")), db=db_path)
    assert listed.returncode == 0, listed.stderr
    text = db_path.with_name("plan.json").read_text(encoding="utf-8")
    assert "另一进程的进展" in text
    assert messages.texts("warning") == []
    # the window's edit is in the file another process reads, not in a WAL only the window sees
    from ecodesk.services.plans import load_plan
    from ecodesk.store.db import open_database

    other = open_database(str(db_path))
    try:
        assert load_plan(other, window.ws.plan_id).tasks[0].notes == "窗口里的备注"  # type: ignore[arg-type]
    finally:
        other.close()


def test_lost_locks_are_noticed_before_the_next_edit(started: MainWindow, db_path: Path,
                                                     messages: Messages, qtbot: object) -> None:
    _drop_locks_as_c_code_would(db_path)
    assert not holds_lock(db_path)
    qtbot.waitUntil(lambda: messages.texts("warning") != [], timeout=5000)  # type: ignore[attr-defined]
    assert "文件锁已被释放" in messages.texts("warning")[0] and "重新打开" in messages.texts("warning")[0]
    assert holds_lock(db_path)  # reopened on fresh connections
    assert "已记录" in run_cli("progress", "add", "1", "--text", "之后的进展", db=db_path).stdout
    started.ws.show_period(None)  # 今天: the report is dated today, after the past plan's 全年 the window opens on
    started.edit_task(started.ws.tree.tasks[0].id, TaskChanges.named(notes="重新打开后的备注"))  # type: ignore[union-attr,arg-type]
    assert started.ws.tree.tasks[0].notes == "重新打开后的备注"  # type: ignore[union-attr]
    assert "之后的进展" in [p.text for p in started.ws.progress_of(started.ws.tree.tasks[0])]  # type: ignore[union-attr]


def test_a_wal_deleted_under_the_window_stops_the_edit(started: MainWindow, db_path: Path,
                                                      messages: Messages) -> None:
    started.lock_timer.stop()  # the edit itself must notice
    _drop_locks_as_c_code_would(db_path)
    assert run_cli("progress", "add", "1", "--text", "命令行进展", db=db_path).returncode == 0
    assert not Path(f"{db_path}-wal").exists()  # the command took itself for the last connection
    root = started.ws.tree.tasks[0]  # type: ignore[union-attr]
    started.edit_task(root.id, TaskChanges.named(notes="丢失前的备注"))  # type: ignore[arg-type]
    assert any("已被其他程序删除或替换" in t for t in messages.texts("warning"))
    started.edit_task(root.id, TaskChanges.named(notes="重试的备注"))  # type: ignore[arg-type]
    from ecodesk.services.plans import load_plan
    from ecodesk.store.db import open_database

    other = open_database(str(db_path))
    try:
        tree = load_plan(other, started.ws.plan_id)  # type: ignore[arg-type]
    finally:
        other.close()
    assert tree.tasks[0].notes == "重试的备注"
    assert [p.text for p in tree.tasks[0].progress] == ["命令行进展"]
