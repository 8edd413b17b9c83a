"""文件 ▸ 进展征集…: tables sent for the ticked 股室, a returned table previewed row by row, one row unticked
by the clerk, the rest recorded through the door (those tasks repainted), and the register updated."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from ecodesk.domain.changes import Changes
from ecodesk.gui import file_dialogs
from ecodesk.gui.collect_dialog import CollectDialog
from ecodesk.gui.main_window import MainWindow
from tests.collect.returns import fill, xinjian
from tests.gui.conftest import Messages


def test_a_return_is_previewed_one_row_unticked_and_the_rest_recorded(
        window: MainWindow, tmp_path: Path, messages: Messages, monkeypatch: pytest.MonkeyPatch) -> None:
    window.reload_plans(xinjian(window.ws.db))
    seen: list[CollectDialog] = []
    monkeypatch.setattr(CollectDialog, "exec", lambda dialog: seen.append(dialog) or 0)
    window.files.collect()
    [dialog] = seen
    assert dialog.period.label == "2021年上半年"  # 6月20日: the 上半年 round
    for i in range(dialog.unit_list.count()):  # only 综合股 and 监测站 ticked
        item = dialog.unit_list.item(i)
        if item.data(Qt.ItemDataRole.UserRole) not in ("综合股", "监测站"):
            item.setCheckState(Qt.CheckState.Unchecked)
    monkeypatch.setattr(file_dialogs, "folder_name", lambda *_a, **_k: str(tmp_path))
    dialog.send()
    assert sorted(p.name for p in tmp_path.glob("*.xlsx")) == ["监测站-2021年上半年进展征集表.xlsx",
                                                               "综合股-2021年上半年进展征集表.xlsx"]
    returned = fill(tmp_path / "综合股-2021年上半年进展征集表.xlsx",
                    {0: ("第一项已完成初稿。", 50, "推进中"), 1: ("第二项有进展。", 30, None),
                     2: ("第三项不要记。", 10, None)})
    broken = tmp_path / "坏表.xlsx"
    broken.write_bytes(b"damaged")
    monkeypatch.setattr(file_dialogs, "open_file_names", lambda *_a, **_k: [str(returned), str(broken)])
    dialog.tabs.setCurrentIndex(1)
    dialog.pick_files()
    table = dialog.preview_table
    assert table.rowCount() == 3 and "坏表.xlsx" in dialog.problems.text()
    assert [table.item(r, 4).text() for r in range(3)] == ["新进展"] * 3
    assert all(table.item(r, 0).checkState() == Qt.CheckState.Checked for r in range(3))
    table.item(2, 0).setCheckState(Qt.CheckState.Unchecked)  # the clerk leaves the third out
    refreshed: list[Changes] = []
    window.ws.changed.connect(lambda _focus, changes: refreshed.append(changes))
    dialog.record()
    assert len(refreshed) == 1 and refreshed[0].progress and len(refreshed[0].tasks) == 2
    assert not refreshed[0].reloads_plan
    tree = window.ws.tree
    assert tree is not None
    texts = sorted(p.text for t in tree.walk() for p in t.progress)
    assert texts == ["第一项已完成初稿。", "第二项有进展。"]
    assert {p.unit for t in tree.walk() for p in t.progress} == {"综合股"}
    register = {dialog.register_table.item(r, 0).text(): dialog.register_table.item(r, 1).text()
                for r in range(dialog.register_table.rowCount())}
    assert register["综合股"] == "已报送" and register["监测站"] == "未报送"
