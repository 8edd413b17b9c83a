"""GUI test fixtures: offscreen Qt, isolated QSettings, a real SQLite file and a window with synchronous ops."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QMessageBox

from ecodesk.domain.plan import PlanTree
from ecodesk.gui.app import build_window
from ecodesk.gui.main_window import MainWindow
from ecodesk.gui.ops import Ops
from ecodesk.gui.workspace import Workspace
from ecodesk.services import plans, tasks
from ecodesk.services.plans import load_plan
from ecodesk.store.db import open_database

TODAY = dt.date(2021, 6, 20)


@pytest.fixture(autouse=True)
def isolated_settings(qapp: object, tmp_path: Path) -> None:
    """Never read or write the developer's real settings."""
    QCoreApplication.setOrganizationName("EcoDeskTest")
    QCoreApplication.setApplicationName("EcoDeskTest")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))


class Messages:
    """Records every message box instead of blocking; `answer` is what question boxes reply."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str, str]] = []
        self.answer = QMessageBox.StandardButton.Yes

    def record(self, kind: str) -> object:
        def show(_parent: object, title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
            self.shown.append((kind, title, text))
            return self.answer if kind == "question" else QMessageBox.StandardButton.Ok

        return show

    def texts(self, kind: str) -> list[str]:
        return [text for k, _title, text in self.shown if k == kind]


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> Messages:
    box = Messages()
    for kind in ("warning", "critical", "information", "question", "about"):
        monkeypatch.setattr(QMessageBox, kind, box.record(kind))
    return box


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ecodesk.sqlite"


def make_window(qtbot: object, db_path: Path, today: dt.date = TODAY) -> MainWindow:
    window = MainWindow(Workspace(open_database(str(db_path)), today=lambda: today), Ops(synchronous=True))
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.reload_plans()
    window.show()
    return window


@pytest.fixture
def window(qtbot: object, db_path: Path, messages: Messages) -> Iterator[MainWindow]:
    win = make_window(qtbot, db_path)
    yield win
    win.ws.db.close()


def stored(db_path: Path, plan_id: int) -> PlanTree:
    """The plan as a fresh connection to the file sees it: proof the edit reached the database."""
    db = open_database(str(db_path))
    try:
        return load_plan(db, plan_id)
    finally:
        db.close()


def seed(db_path: Path, *titles: str) -> int:
    """A closed file holding a 2021 plan with `titles` as top-level tasks; returns the plan id."""
    db = open_database(str(db_path))
    plan_id = plans.create_plan(db, year=2021).id
    for title in titles:
        tasks.add_task(db, plan_id, title=title)
    db.close()
    return plan_id


@pytest.fixture
def started(qtbot: object, db_path: Path, messages: Messages) -> Iterator[MainWindow]:
    """The window as `ecodesk` starts it (lock taken), with synchronous background work."""
    seed(db_path, "大气污染防治")
    window = build_window(str(db_path))
    window.ops = Ops(synchronous=True)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.show()
    qtbot.waitUntil(lambda: window.ws.is_open, timeout=5000)  # type: ignore[attr-defined]
    yield window
    window.close()
