"""The 本期 selector driving the window: the tree as of a period's end, the 序时 column and its lights, 未报,
the counts, the filter, the overview, the exports and 本期与上期, on a plan with updates in two periods."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtTest import QAbstractItemModelTester

from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.pace import Light
from ecodesk.domain.status import Status
from ecodesk.domain.task_fields import TaskChanges
from ecodesk.gui import file_dialogs
from ecodesk.gui.export_done import CLOSE, ExportDoneBox
from ecodesk.gui.main_window import MainWindow
from ecodesk.gui.ops import Ops
from ecodesk.gui.period_view import TODAY_LABEL
from ecodesk.gui.task_model import PACE_COLUMN, STATUS_COLUMN
from ecodesk.gui.workspace import Workspace
from ecodesk.services import plans, progress, tasks
from ecodesk.services.units import add_unit
from ecodesk.store.db import open_database
from tests.gui.conftest import Messages, stored
from tests.gui.helpers import UNITS, add, select, shown_titles

D = dt.date
EARLY_JULY = D(2021, 7, 3)  # 上半年 is over, its 报送截止 (7月5日) not yet passed


def make_plan(db_path: Path) -> int:
    """一、大气污染防治 over three tasks: PM2.5 done in May, 臭氧 reported only in the first quarter, 扬尘
    begun in June and done on July 2nd."""
    db = open_database(str(db_path))
    try:
        for name in UNITS:
            add_unit(db, name)
        plan_id = plans.create_plan(db, year=2021, title="2021年工作要点").id
        chapter = tasks.add_task(db, plan_id, title="大气污染防治")
        for title, lead, deadline, updates in (
                ("PM2.5 治理", "大气股", D(2021, 6, 30), [(D(2021, 3, 10), 40), (D(2021, 5, 20), 100)]),
                ("臭氧治理", "综合股", D(2021, 12, 31), [(D(2021, 2, 1), 20)]),
                ("扬尘治理", "大气股", D(2021, 9, 30), [(D(2021, 6, 10), 30), (D(2021, 7, 2), 100)])):
            task_id = tasks.add_task(db, plan_id, title=title, parent_id=chapter)
            tasks.update_task(db, task_id, TaskChanges.named(lead_units=[lead],
                                                             deadline=Deadline(deadline, f"{deadline.month}月底前")))
            for day, percent in updates:
                progress.add_progress(db, task_id, date=day, text=f"{day:%m月%d日}进展", percent=percent)
        return plan_id
    finally:
        db.close()


@pytest.fixture
def window(qtbot: object, db_path: Path, messages: Messages) -> Iterator[MainWindow]:
    make_plan(db_path)
    win = MainWindow(Workspace(open_database(str(db_path)), today=lambda: EARLY_JULY), Ops(synchronous=True))
    qtbot.addWidget(win)  # type: ignore[attr-defined]
    win.reload_plans()
    win.show()
    yield win
    win.ws.db.close()


def task_id(window: MainWindow, title: str) -> int:
    assert window.ws.tree is not None
    found = next(t.id for t in window.ws.tree.walk() if t.title == title)
    assert found is not None
    return found


def cell(window: MainWindow, title: str, column: int) -> str:
    return window.model.index_of(task_id(window, title), column).data()


def light(window: MainWindow, title: str) -> Light:
    mark = window.model.mark_of_task(task_id(window, title))
    assert mark is not None
    return mark.light


def choose(window: MainWindow, text: str) -> None:
    """Pick a period in the 本期 box as the clerk does."""
    box = window.periods.box
    index = next(i for i in range(box.count()) if box.itemText(i).startswith(text))
    box.setCurrentIndex(index)
    box.activated.emit(index)


def test_the_window_opens_on_the_period_being_reported_and_shows_the_plan_as_of_its_end(window: MainWindow) -> None:
    box = window.periods.box
    offered = [box.itemText(i) for i in range(box.count())]
    assert offered == ["一季度（截至3月31日）", "上半年（截至6月30日）", "前三季度（截至9月30日）",
                       "全年（截至12月31日）", TODAY_LABEL]
    assert box.currentText() == "上半年（截至6月30日）" and window.ws.as_of == D(2021, 6, 30)
    assert cell(window, "扬尘治理", STATUS_COLUMN) == "推进中"  # done on July 2nd: not in the 上半年 view
    assert cell(window, "大气污染防治", STATUS_COLUMN) == "1/3 已完成"
    choose(window, TODAY_LABEL)
    assert window.ws.as_of is None
    assert cell(window, "扬尘治理", STATUS_COLUMN) == "已完成"
    assert cell(window, "大气污染防治", STATUS_COLUMN) == "2/3 已完成"
    choose(window, "一季度")
    assert cell(window, "PM2.5 治理", STATUS_COLUMN) == "推进中"
    assert cell(window, "扬尘治理", STATUS_COLUMN) == "未开始"


def test_a_parent_sums_the_leaves_at_every_depth_below_it_and_an_edit_there_sums_them_again(
        window: MainWindow) -> None:
    choose(window, TODAY_LABEL)
    for title in ("VOCs 排查", "油气回收"):  # 臭氧治理 becomes a parent: the chapter counts its two sub-tasks
        select(window, "臭氧治理")
        add(window, title, child=True)
    assert cell(window, "臭氧治理", STATUS_COLUMN) == "0/2 已完成"
    assert cell(window, "大气污染防治", STATUS_COLUMN) == "2/4 已完成"
    select(window, "油气回收")
    window.detail.status_box.setCurrentText("已完成")
    window.detail.status_box.activated.emit(window.detail.status_box.currentIndex())
    assert cell(window, "臭氧治理", STATUS_COLUMN) == "1/2 已完成"
    assert cell(window, "大气污染防治", STATUS_COLUMN) == "3/4 已完成"
    select(window, "VOCs 排查")
    window.detail.status_box.setCurrentText("已取消")  # a cancelled task is not counted
    window.detail.status_box.activated.emit(window.detail.status_box.currentIndex())
    assert cell(window, "臭氧治理", STATUS_COLUMN) == "1/1 已完成"
    assert cell(window, "大气污染防治", STATUS_COLUMN) == "3/3 已完成"


def test_the_pace_column_shows_actual_against_expected_with_its_light_and_unreported(window: MainWindow) -> None:
    # 上半年: 臭氧 due at the year's end should be at 181/365 = 49.6 %; 扬尘, due 9-30, at 181/273 = 66.3 %
    assert cell(window, "臭氧治理", PACE_COLUMN) == "未报 20% / 应 49.6%"
    assert light(window, "臭氧治理") is Light.YELLOW  # 29.6 points behind (银川: 10–30)
    assert cell(window, "扬尘治理", PACE_COLUMN) == "30% / 应 66.3%"  # reported on 6-10
    assert light(window, "扬尘治理") is Light.RED  # more than 30 behind
    assert light(window, "PM2.5 治理") is Light.DONE
    tip = window.model.index_of(task_id(window, "臭氧治理"), PACE_COLUMN).data(3)  # ToolTipRole
    assert "截至6月30日应完成 49.6%" in tip and "未报" in tip
    assert cell(window, "大气污染防治", PACE_COLUMN) == "欠进度 2，未报 1"
    assert window.model.index_of(task_id(window, "大气污染防治"), PACE_COLUMN).data(1) is not None  # the worst dot
    choose(window, "一季度")
    assert cell(window, "臭氧治理", PACE_COLUMN) == "20% / 应 24.7%"  # reported on 2-1, 4.7 behind
    assert light(window, "臭氧治理") is Light.GREEN


def test_counts_by_pace_add_up_and_count_unreported_apart(window: MainWindow) -> None:
    assert window.periods.pace_label.text() == "序时（截至6月30日）：欠进度 2，达进度 0，超进度 0，已完成 1；未报 1"
    choose(window, TODAY_LABEL)
    # today (7-3) falls in 前三季度, whose round began on 7-1: 臭氧 has no update in it, 扬尘 is done
    assert window.periods.pace_label.text() == "序时（截至7月3日）：欠进度 1，达进度 0，超进度 0，已完成 2；未报 1"
    assert window.count_label.text().startswith("全部 3 项末级任务")


def test_the_filter_picks_tasks_by_light_or_unreported(window: MainWindow) -> None:
    window.filter_bar.pace_box.setCurrentText("未报")
    assert shown_titles(window) == ["大气污染防治", "臭氧治理"]
    window.filter_bar.pace_box.setCurrentText("红灯")
    assert shown_titles(window) == ["大气污染防治", "扬尘治理"]
    window.filter_bar.pace_box.setCurrentText("欠进度（黄、红）")
    assert shown_titles(window) == ["大气污染防治", "臭氧治理", "扬尘治理"]
    assert window.periods.pace_label.text().startswith("序时（截至6月30日）：欠进度 2，")


def test_the_overview_counts_the_period_shown(window: MainWindow) -> None:
    tab = window.overview
    window.tabs.setCurrentWidget(tab)

    def rows() -> dict[str, list[str]]:
        return {tab.table.item(r, 0).text(): [tab.table.item(r, c).text() for c in (3, 6, 9)]
                for r in range(tab.table.rowCount())}  # 已完成, 欠进度, 未报

    assert rows() == {"综合股": ["0", "1", "1"], "大气股": ["1", "1", "0"]}
    choose(window, TODAY_LABEL)
    assert rows() == {"综合股": ["0", "1", "1"], "大气股": ["2", "0", "0"]}


def test_an_export_from_the_window_is_as_of_the_period_shown(window: MainWindow, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "进展情况表.xlsx"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *_a, **_k: (str(target), ""))
    monkeypatch.setattr(ExportDoneBox, "ask", lambda *_a: CLOSE)  # the box after an export: 关闭
    window.files.export("excel")
    rows = [[c for c in row if c is not None] for row in load_workbook(target).active.iter_rows(values_only=True)]
    assert ["截至2021年6月30日"] in rows
    dust = next(row for row in rows if any("扬尘治理" in str(c) for c in row))
    assert "推进中" in dust and not any("07月02日进展" in str(c) for c in dust)


def test_status_edits_are_refused_while_a_past_period_is_shown_and_other_edits_go_through(
        window: MainWindow, db_path: Path, messages: Messages) -> None:
    ozone = task_id(window, "臭氧治理")
    window.edit_task(ozone, TaskChanges.named(status=Status.DONE))
    assert "不能直接修改状态或完成进度" in messages.texts("warning")[-1]
    plan_id = window.ws.plan_id
    assert plan_id is not None
    assert next(t for t in stored(db_path, plan_id).walk() if t.id == ozone).status is Status.IN_PROGRESS
    window.edit_task(ozone, TaskChanges.named(title="臭氧污染治理"))
    assert cell(window, "臭氧污染治理", PACE_COLUMN).startswith("未报 ")  # still the 上半年 view
    window.ws.undo_stack.undo()
    assert cell(window, "臭氧治理", STATUS_COLUMN) == "推进中"


def test_the_model_stays_sound_across_period_switches(window: MainWindow) -> None:
    QAbstractItemModelTester(window.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    for text in ("一季度", TODAY_LABEL, "全年", "上半年"):
        choose(window, text)
    assert window.model.rowCount() == 1


def test_this_period_against_the_last_per_unit(window: MainWindow, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    tab = window.comparison
    window.tabs.setCurrentWidget(tab)
    found = tab.comparison
    assert found is not None and found.title == "本局2021年上半年与一季度工作任务进展对比"
    shown = {tab.tree.topLevelItem(i).text(0): [tab.tree.topLevelItem(i).child(j).text(c)
                                                 for j in range(tab.tree.topLevelItem(i).childCount())
                                                 for c in (0, 1, 2, 5)]
             for i in range(tab.tree.topLevelItemCount())}
    assert shown == {
        "综合股（新滞后 1，未报 1）": ["一（二） 臭氧治理", "推进中 20%", "推进中 20%", "新滞后、未报"],
        "大气股（新完成 1，状态变化 1，进度变化 2）": [
            "一（一） PM2.5 治理", "推进中 40%", "已完成 100%", "新完成、进度变化",
            "一（三） 扬尘治理", "未开始 0%", "推进中 30%", "状态变化、进度变化"],
    }
    target = tmp_path / "对比.xlsx"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *_a, **_k: (str(target), ""))
    tab.export_button.click()
    book = load_workbook(target)
    assert book.sheetnames == ["各股室汇总", "任务明细"]
    counts = [row for row in book["各股室汇总"].iter_rows(values_only=True) if row[0] in ("综合股", "大气股", "合计")]
    assert counts == [("综合股", 0, 0, 0, 1, 1), ("大气股", 1, 1, 2, 0, 0), ("合计", 1, 1, 2, 1, 1)]
    details = [row for row in book["任务明细"].iter_rows(values_only=True) if row[2] == "扬尘治理"]
    assert details == [(2, "一（三）", "扬尘治理", "未开始", "推进中", "0%", "30%", "+30", "红", "状态变化、进度变化")]
    choose(window, TODAY_LABEL)  # 前三季度 (today's) against 上半年: 扬尘 newly done
    assert tab.comparison is not None and tab.comparison.title.endswith("前三季度与上半年工作任务进展对比")


def test_the_periods_dialog_saves_monthly_periods_a_due_date_and_the_rule_as_one_undo_step(
        window: MainWindow, messages: Messages, monkeypatch: pytest.MonkeyPatch) -> None:
    from ecodesk.domain.pace import SUQIAN, YINCHUAN
    from ecodesk.gui.periods_dialog import PeriodsDialog
    from ecodesk.services.periods import list_periods, pace_rule

    plan_id = window.ws.plan_id
    assert plan_id is not None
    dialog = PeriodsDialog(window.ws, window)
    dialog._dates["2021-H1"].setDate(D(2021, 6, 29))  # before the period's end
    dialog.accept()
    assert "上半年" in messages.texts("warning")[-1] and "早于该期末" in messages.texts("warning")[-1]
    assert [p.due for p in list_periods(window.ws.db, plan_id) if p.key == "2021-H1"] == [D(2021, 7, 5)]
    dialog.monthly_check.setChecked(True)
    dialog._dates["2021-H1"].setDate(D(2021, 7, 10))
    dialog.preset_box.setCurrentText(SUQIAN.name)
    dialog.accept()
    stored_periods = list_periods(window.ws.db, plan_id)
    assert len(stored_periods) == 16 and next(p.due for p in stored_periods if p.key == "2021-H1") == D(2021, 7, 10)
    assert pace_rule(window.ws.db, plan_id) == SUQIAN
    assert window.periods.box.count() == 17 and window.periods.box.currentText() == "上半年（截至6月30日）"
    assert light(window, "臭氧治理") is Light.YELLOW  # 宿迁: behind at all is 黄, only overdue is 红
    assert light(window, "扬尘治理") is Light.YELLOW
    window.ws.undo_stack.undo()  # the three changes at once
    assert len(list_periods(window.ws.db, plan_id)) == 4 and pace_rule(window.ws.db, plan_id) == YINCHUAN
    assert window.periods.box.count() == 5 and light(window, "扬尘治理") is Light.RED


def test_a_past_year_shown_from_the_start_up_snapshot_moves_to_its_whole_year_once_open(
        qtbot: object, db_path: Path, messages: Messages) -> None:
    from PySide6.QtCore import QSettings

    from ecodesk.gui.app import build_window, finish_start

    make_plan(db_path)  # a 2021 plan; the app runs on the real date, years later
    QSettings().setValue("last_plan_year", 2021)
    started = build_window(str(db_path))
    qtbot.addWidget(started)  # type: ignore[attr-defined]
    assert not started.ws.is_open and started.periods.box.currentText() == TODAY_LABEL
    finish_start(started)
    qtbot.waitUntil(lambda: started.ws.as_of == D(2021, 12, 31))  # type: ignore[attr-defined]
    assert started.periods.box.currentText() == "全年（截至12月31日）"
    assert cell(started, "扬尘治理", STATUS_COLUMN) == "已完成"
    started.ws.db.close()


def test_the_counts_follow_an_edit_of_one_task(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from ecodesk.domain.plan import ProgressEntry
    from ecodesk.gui.progress_panel import ProgressDialog

    choose(window, TODAY_LABEL)
    assert window.periods.pace_label.text().endswith("欠进度 1，达进度 0，超进度 0，已完成 2；未报 1")
    window.select_task(task_id(window, "臭氧治理"))
    monkeypatch.setattr(ProgressDialog, "ask", lambda *_a, **_k: ProgressEntry(EARLY_JULY, "完成年度任务过半", 60, ""))
    window.progress_action.trigger()
    assert cell(window, "臭氧治理", PACE_COLUMN) == "60% / 应 50.4%"  # reported today, ahead of the pace
    assert window.periods.pace_label.text().endswith("欠进度 0，达进度 0，超进度 1，已完成 2；未报 0")
    assert cell(window, "大气污染防治", PACE_COLUMN) == ""  # nothing behind or unreported below it any more


def test_an_update_dated_in_the_past_period_shown_is_shown_without_reading_the_plan_again(
        window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from ecodesk.domain.plan import ProgressEntry
    from ecodesk.gui.progress_panel import ProgressDialog

    shown = window.ws.tree
    window.select_task(task_id(window, "臭氧治理"))
    entries = iter([ProgressEntry(D(2021, 6, 15), "6月补报", 60, ""), ProgressEntry(D(2021, 7, 2), "7月进展", 90, "")])
    monkeypatch.setattr(ProgressDialog, "ask", lambda *_a, **_k: next(entries))
    window.progress_action.trigger()
    assert window.ws.tree is shown  # the task re-read as of June 30th, its parent derived again, in place
    assert cell(window, "臭氧治理", PACE_COLUMN) == "60% / 应 49.6%"
    assert cell(window, "大气污染防治", PACE_COLUMN) == "欠进度 1"
    assert window.periods.pace_label.text().endswith("欠进度 1，达进度 0，超进度 1，已完成 1；未报 0")
    window.progress_action.trigger()  # dated after the period: not part of what is shown
    assert cell(window, "臭氧治理", PACE_COLUMN) == "60% / 应 49.6%"
