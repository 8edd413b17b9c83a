"""A window started on a database file that was deleted or emptied, or in a folder it cannot write to."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecodesk.domain.errors import UserError
from ecodesk.gui import dialogs
from ecodesk.gui.app import build_window
from ecodesk.gui.ops import Ops
from ecodesk.services import backups
from ecodesk.store.db import open_database
from tests.gui.conftest import Messages, seed
from tests.gui.test_safety import titles
from tests.mounts import read_only_mount


@pytest.fixture
def deleted(db_path: Path) -> Path:
    """A database whose file was deleted after a backup of it was made."""
    seed(db_path, "大气污染防治")
    db = open_database(str(db_path))
    backups.create_backup(db)
    db.close()
    db_path.unlink()
    return db_path


@pytest.mark.parametrize(("answer", "shown"), [(0, ["大气污染防治"]), (1, [])])
def test_a_deleted_database_offers_its_backup_or_an_empty_start(deleted: Path, qtbot: object, messages: Messages,
                                                                monkeypatch: pytest.MonkeyPatch, answer: int,
                                                                shown: list[str]) -> None:
    asked: list[tuple[str, list[str]]] = []

    def choose(_parent: object, _title: str, text: str, options: list[str]) -> int:
        asked.append((text, options))
        return answer

    monkeypatch.setattr(dialogs, "choose", choose)
    window = build_window(str(deleted))
    window.ops = Ops(synchronous=True)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.show()
    qtbot.waitUntil(lambda: window.ws.is_open, timeout=5000)  # type: ignore[attr-defined]
    [(text, options)] = asked
    assert "不存在" in text and "备份" in text
    assert options == ["从最新备份恢复", "新建空数据库", "取消"]
    assert titles(window) == shown
    window.close()


def test_declining_opens_nothing_and_creates_nothing(deleted: Path, messages: Messages,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dialogs, "choose", lambda *_a: 2)
    with pytest.raises(UserError):
        window = build_window(str(deleted))
        window.ws.open_now()
    assert not deleted.exists()


def test_a_read_only_folder_is_explained_in_chinese_at_start(tmp_path: Path, messages: Messages) -> None:
    source = tmp_path / "src"
    source.mkdir()
    seed(source / "ecodesk.sqlite", "大气污染防治")
    with read_only_mount(source, tmp_path / "ro") as mount, pytest.raises(UserError) as caught:
        build_window(str(mount / "ecodesk.sqlite"))
    assert "只读" in str(caught.value) and "Errno" not in str(caught.value)
