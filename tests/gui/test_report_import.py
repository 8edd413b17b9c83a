"""文件 ▸ 导入进展报告…: the passages shown beside their matched tasks, the clerk's changes taken, the updates
recorded through the door (the tasks' rows repainted) and dated the chosen period's end."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from ecodesk.domain.changes import Changes
from ecodesk.gui import file_dialogs
from ecodesk.gui.main_window import MainWindow
from ecodesk.gui.report_import import SKIP, ReportImportDialog
from ecodesk.services.importing import import_document
from tests.cli.test_import_progress import SAMPLE, _report
from tests.gui.conftest import Messages


def test_a_report_is_confirmed_and_recorded_on_its_tasks(window: MainWindow, tmp_path: Path, messages: Messages,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    outcome = import_document(window.ws.db, SAMPLE)
    window.reload_plans(outcome.plan_id)
    report = tmp_path / "上半年进展.docx"
    titles = _report(report, 4)
    monkeypatch.setattr(file_dialogs, "open_file_name", lambda *_a, **_k: str(report))
    shown: list[ReportImportDialog] = []

    def confirm(dialog: ReportImportDialog) -> QDialog.DialogCode:
        shown.append(dialog)
        assert [dialog.choices[r].currentText().split(" ", 1)[1].rsplit("（", 1)[0]
                for r in range(4)] == titles  # each passage starts on the task it speaks of
        dialog.choices[3].setCurrentIndex(dialog.choices[3].findText(SKIP))  # the clerk leaves one out
        assert dialog.count.text() == "共 4 段，将记录 3 段，不导入 1 段"
        assert dialog.period.label == "2021年上半年"  # 6月20日: the 上半年 report is the one being prepared
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ReportImportDialog, "exec", confirm)
    refreshed: list[Changes] = []
    window.ws.changed.connect(lambda _focus, changes: refreshed.append(changes))
    window.files.import_report()
    assert shown and len(refreshed) == 1 and refreshed[0].progress and not refreshed[0].reloads_plan
    tree = window.ws.tree
    assert tree is not None
    reported = {t.title: t.progress for t in tree.walk() if t.progress}
    assert sorted(reported) == sorted(titles[:3])
    assert {e.date for entries in reported.values() for e in entries} == {dt.date(2021, 6, 30)}
    assert len(refreshed[0].tasks) == 3
