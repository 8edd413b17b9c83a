"""Signing in to the server from the window, and the window showing what the signed-in role may do."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from sqlalchemy.engine import make_url

from ecodesk.domain.access import Role
from ecodesk.gui import server_dialog
from ecodesk.gui.app import _first_window, build_window
from ecodesk.gui.main_window import MainWindow
from ecodesk.gui.server_dialog import ServerDialog
from tests.accounts import PASSWORD, Bureau, bureau_server, memory_keyring
from tests.gui.conftest import Messages

pytestmark = pytest.mark.postgres


@pytest.fixture
def bureau() -> Iterator[Bureau]:
    with bureau_server() as found:
        yield found


def fill_in(monkeypatch: pytest.MonkeyPatch, bureau: Bureau, login: str, *passwords: str,
            save: bool = False, then: Callable[[ServerDialog], None] | None = None) -> list[str]:
    """The sign-in dialog answered as a clerk would: each password tried in turn (the dialog stays open on
    a refusal); `then` acts on the dialog last (another button). Returns the dialog's messages."""
    said: list[str] = []
    url = make_url(bureau.url)

    def answer(dialog: ServerDialog) -> int:
        dialog.host.setText(url.host or "")
        dialog.port.setValue(url.port or 5432)
        dialog.database.setText(url.database or "")
        dialog.user.setText(login)
        dialog.save.setChecked(save)
        for password in passwords:
            dialog.password.setText(password)
            dialog._sign_in()
            said.append(dialog.message.text())
        if then is not None:
            then(dialog)
        return dialog.result()

    monkeypatch.setattr(ServerDialog, "exec", answer)
    return said


def open_server(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ecodesk.gui.file_actions.choose", lambda *_a: 1)
    window.files.open_database()


def test_signing_in_remembers_the_address_never_the_password(
        window: MainWindow, bureau: Bureau, messages: Messages, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    office = bureau.add_clerk("office", Role.OFFICE)
    said = fill_in(monkeypatch, bureau, office, "wrong-password", PASSWORD)
    open_server(window, monkeypatch)
    bureau.opened.append(window.ws.db)
    assert "用户名或密码不正确" in said[0] and said[1] == ""  # told in the dialog, then signed in
    assert window.plan_box.currentText().endswith("2026年工作要点")
    assert window.ws.db.access.role is Role.OFFICE and window.add_action.isEnabled()
    address = str(QSettings().value(server_dialog.ADDRESS_KEY))
    assert make_url(address).username == office and make_url(address).password is None
    QSettings().sync()
    kept = "".join(p.read_text(encoding="utf-8", errors="replace") for p in (tmp_path / "settings").rglob("*")
                   if p.is_file())
    assert office in kept and PASSWORD not in kept
    assert messages.shown == []  # 127.0.0.1: no warning about an unverified connection across the network


def test_a_saved_password_signs_in_at_the_next_start(bureau: Bureau, qtbot: object,
                                                      monkeypatch: pytest.MonkeyPatch, messages: Messages) -> None:
    clerk = bureau.add_clerk("zonghe", Role.UNIT_CLERK, unit="综合股")
    with memory_keyring() as store:
        fill_in(monkeypatch, bureau, clerk, PASSWORD, save=True)
        target = server_dialog.ask_server(None)
        assert target is not None and PASSWORD not in target
        assert list(store.saved.values()) == [PASSWORD]
        from ecodesk.store.signin import forget_typed

        forget_typed(make_url(target))  # a new start: nothing typed in this process
        window = build_window(target)
        qtbot.addWidget(window)  # type: ignore[attr-defined]
        bureau.opened.append(window.ws.db)
        assert window.ws.db.access.login == clerk


def test_a_start_refused_by_the_server_can_switch_to_the_local_file(
        bureau: Bureau, qtbot: object, monkeypatch: pytest.MonkeyPatch, messages: Messages,
        tmp_path: Path) -> None:
    clerk = bureau.add_clerk("zonghe", Role.UNIT_CLERK, unit="综合股")
    local = tmp_path / "本机.sqlite"
    monkeypatch.setattr("ecodesk.store.location.default_database_path", lambda: local)
    shown: list[str] = []

    def choose_local(dialog: ServerDialog) -> None:
        shown.append(dialog.message.text())
        dialog._choose_local()

    fill_in(monkeypatch, bureau, clerk, then=choose_local)
    window = _first_window(bureau.clerk_url(clerk))  # no password anywhere: the server asks for one
    assert window is not None
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    assert "请输入账户" in shown[0] and "密码" in shown[0]
    assert window.ws.db.path == local
    window.ws.db.close()


def test_a_unit_clerk_sees_what_it_may_do(bureau: Bureau, qtbot: object, messages: Messages,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    clerk = bureau.add_clerk("zonghe", Role.UNIT_CLERK, unit="综合股")
    bureau.sign_in(clerk).close()  # its password typed once in this process
    window = build_window(bureau.clerk_url(clerk))
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    bureau.opened.append(window.ws.db)
    window.select_task(bureau.zonghe_co)  # 综合股 co-works on it
    assert window.progress_action.isEnabled() and window.progress.add_button.isEnabled()
    QApplication.processEvents()  # the task's files read: it may attach some
    assert window.attachments.add_button.isEnabled() and window.attachments.acceptDrops()
    for action in (window.add_action, window.delete_action, window.rename_action, window.units_action):
        assert not action.isEnabled() and "只能为本股室的任务填报进展" in action.toolTip()
    assert not window.detail.isEnabled() and "联系办公室" in window.detail.toolTip()
    asked: list[str] = []
    monkeypatch.setattr("ecodesk.gui.main_window.ProgressDialog.ask",
                        lambda _w, _names, *, percent, unit, day: asked.append(unit))
    window.add_progress()
    assert asked == ["综合股"]  # the clerk's own unit, though 生态股 leads the task
    window.select_task(bureau.shengtai_only)  # 生态股's alone
    assert not window.progress_action.isEnabled()
    assert "只能为综合股牵头或配合的任务填报进展" in window.progress.add_button.toolTip()
    QApplication.processEvents()  # the task's files read
    assert not window.attachments.add_button.isEnabled() and not window.attachments.acceptDrops()
    assert "只能为综合股牵头或配合的任务填报进展" in window.attachments.add_button.toolTip()
    gate = next(label for label in window.statusBar().findChildren(type(window.db_label))
                if label.text().startswith("登录："))
    assert gate.text() == f"登录：{clerk}（股室填报：综合股）"


def test_a_reader_sees_a_window_for_reading(bureau: Bureau, qtbot: object, messages: Messages) -> None:
    leader = bureau.add_clerk("leader", Role.READER)
    bureau.sign_in(leader).close()
    window = build_window(bureau.clerk_url(leader))
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    bureau.opened.append(window.ws.db)
    window.select_task(bureau.zonghe_leads)
    assert not window.progress_action.isEnabled() and "只读账户" in window.progress_action.toolTip()
    QApplication.processEvents()
    assert not window.attachments.add_button.isEnabled() and "只读账户" in window.attachments.add_button.toolTip()
    assert not window.add_action.isEnabled() and not window.targets.isEnabled()


def test_an_unverified_connection_across_the_network_is_warned_about_once(messages: Messages) -> None:
    url = make_url("postgresql://zhangsan@192.168.1.10/ecodesk")
    server_dialog.warn_plain_once(None, url)
    server_dialog.warn_plain_once(None, url)
    [warning] = messages.texts("warning")
    assert "192.168.1.10" in warning and "CA 证书" in warning
    verified = make_url("postgresql://zhangsan@192.168.1.11/ecodesk?sslmode=verify-full&sslrootcert=ca.crt")
    server_dialog.warn_plain_once(None, verified)
    assert len(messages.texts("warning")) == 1
