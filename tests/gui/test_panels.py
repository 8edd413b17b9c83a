"""Progress, filters, units, targets and overview, driven through the window."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QToolButton

from ecodesk.domain.plan import ProgressEntry
from ecodesk.domain.status import Status
from ecodesk.domain.task_fields import TaskChanges
from ecodesk.gui.main_window import MainWindow
from ecodesk.gui.progress_panel import ProgressDialog
from ecodesk.gui.qt_values import DECORATION_ROLE, FOREGROUND_ROLE
from ecodesk.gui.task_model import ID_ROLE, LATEST_COLUMN, MARK_COLORS, STATUS_COLUMN
from ecodesk.gui.units_dialog import UnitsDialog
from ecodesk.services.progress import list_progress
from ecodesk.services.tasks import update_task
from ecodesk.services.units import list_units
from tests.gui.conftest import stored
from tests.gui.helpers import add, new_plan, select, shown_titles


def give(window: MainWindow, title: str, **changes: object) -> None:
    """Set fields directly through the service (test set-up, not the behaviour under test)."""
    task = select(window, title)
    assert task.id is not None
    update_task(window.ws.db, task.id, TaskChanges.named(**changes))
    window.ws.refresh(task.id)


def test_add_progress_newest_first_and_undo(window: MainWindow, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan_id = new_plan(window)
    task = add(window, "大气污染防治")
    entries = iter([ProgressEntry(dt.date(2021, 5, 1), "召开部署会", 20, "大气股"),
                    ProgressEntry(dt.date(2021, 6, 1), "完成监测站建设", 60, "大气股")])
    monkeypatch.setattr(ProgressDialog, "ask", lambda *_a, **_k: next(entries))
    window.progress.add_button.click()
    window.progress.add_button.click()
    # The panel lists newest first, the task follows the update, the tree shows the latest
    assert [window.progress.list.item(i).text() for i in range(2)] == [
        "2021年6月1日 · 60% · 大气股\n完成监测站建设", "2021年5月1日 · 20% · 大气股\n召开部署会"]
    saved = stored(db_path, plan_id).tasks[0]
    assert (saved.status, saved.percent) == (Status.IN_PROGRESS, 60)
    assert window.model.index_of(task.id, LATEST_COLUMN).data() == "6月1日 完成监测站建设"
    # Undo removes the update and restores the percent
    window.ws.undo_stack.undo()
    assert [p.text for p in list_progress(window.ws.db, task.id)] == ["召开部署会"]  # type: ignore[arg-type]
    assert stored(db_path, plan_id).tasks[0].percent == 20
    window.ws.undo_stack.redo()
    assert stored(db_path, plan_id).tasks[0].percent == 60


def shown_updates(window: MainWindow) -> list[str]:
    return [window.progress.list.item(i).text().splitlines()[1] for i in range(window.progress.list.count())]


def test_a_new_update_leaves_the_shown_ones_and_their_selection(window: MainWindow,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The clerk picked an update (to drop a photo on it, say); another one reported meanwhile joins the list
    in its place by date, and the pick stays where it was; undo takes exactly that row out again."""
    new_plan(window)
    add(window, "大气污染防治")
    entries = iter([ProgressEntry(dt.date(2021, 5, 1), "召开部署会", 20, "大气股"),
                    ProgressEntry(dt.date(2021, 7, 1), "完成监测站建设", 60, "大气股"),
                    ProgressEntry(dt.date(2021, 6, 1), "完成招标", 40, "大气股")])
    monkeypatch.setattr(ProgressDialog, "ask", lambda *_a, **_k: next(entries))
    window.progress.add_button.click()
    window.progress.add_button.click()
    picked = window.progress.list.item(1)
    window.progress.list.setCurrentItem(picked)
    window.progress.add_button.click()  # dated between the two: the middle row
    assert shown_updates(window) == ["完成监测站建设", "完成招标", "召开部署会"]
    assert window.progress.list.currentItem() is picked and picked.text().endswith("召开部署会")
    assert window.progress.title_label.text() == "进展情况（3 条）"
    window.ws.undo_stack.undo()
    assert shown_updates(window) == ["完成监测站建设", "召开部署会"]
    assert window.progress.list.currentItem() is picked
    add(window, "臭氧治理")  # another task: its own (no) updates
    assert shown_updates(window) == []


def make_filterable(window: MainWindow) -> None:
    new_plan(window)
    add(window, "大气污染防治")
    add(window, "PM2.5 治理", child=True)
    add(window, "臭氧治理")
    select(window, "大气污染防治")
    add(window, "水污染防治")
    give(window, "PM2.5 治理", lead_units=["大气股"], deadline=_deadline(2021, 5, 31))
    give(window, "臭氧治理", co_units=["大气股"], status="已完成", deadline=_deadline(2021, 6, 30))
    give(window, "水污染防治", lead_units=["水生态股"], deadline=_deadline(2021, 6, 25))


def _deadline(year: int, month: int, day: int) -> object:
    from ecodesk.domain.deadlines import Deadline

    return Deadline(dt.date(year, month, day), f"{month}月底前")


def test_filters_combine_and_keep_parents_visible(window: MainWindow) -> None:
    make_filterable(window)
    bar = window.filter_bar
    # By unit (lead or co): the parent stays for context
    bar.unit_box.setCurrentText("大气股")
    assert shown_titles(window) == ["大气污染防治", "PM2.5 治理", "臭氧治理"]
    assert window.count_label.text().startswith("筛选出 2 项末级任务：已完成 1")
    # Combined with overdue only
    bar.overdue_check.setChecked(True)
    assert shown_titles(window) == ["大气污染防治", "PM2.5 治理"]
    assert "已滞后 1" in window.count_label.text()
    # Due this month (June 2021), any unit
    bar.overdue_check.setChecked(False)
    bar.unit_box.setCurrentIndex(0)
    bar.month_check.setChecked(True)
    assert shown_titles(window) == ["水污染防治"]
    # Free text and status
    bar.month_check.setChecked(False)
    bar.search_edit.setText("臭氧")
    assert shown_titles(window) == ["大气污染防治", "臭氧治理"]
    bar.search_edit.clear()
    bar.status_box.setCurrentText("已滞后")
    assert shown_titles(window) == ["大气污染防治", "PM2.5 治理"]
    bar.status_box.setCurrentIndex(0)
    assert len(shown_titles(window)) == 4
    assert window.count_label.text().startswith("全部 3 项末级任务")


def test_the_status_bar_counts_follow_each_edit_and_its_undo(window: MainWindow) -> None:
    make_filterable(window)  # leaves: PM2.5 治理 late (due 5-31), 臭氧治理 done, 水污染防治 due 6-25
    assert window.count_label.text() == "全部 3 项末级任务：已完成 1，推进中 0，未开始 2（其中已滞后 1）"
    late = select(window, "PM2.5 治理")
    window.edit_task(late.id, TaskChanges.named(status=Status.DONE))  # type: ignore[arg-type]
    assert window.count_label.text() == "全部 3 项末级任务：已完成 2，推进中 0，未开始 1"
    window.edit_task(select(window, "水污染防治").id, TaskChanges.named(status=Status.IN_PROGRESS))  # type: ignore[arg-type]
    assert window.count_label.text() == "全部 3 项末级任务：已完成 2，推进中 1，未开始 0"
    window.ws.undo_stack.undo()
    window.ws.undo_stack.undo()
    assert window.count_label.text() == "全部 3 项末级任务：已完成 1，推进中 0，未开始 2（其中已滞后 1）"
    window.edit_task(select(window, "大气污染防治").id, TaskChanges.named(status=Status.DONE))  # type: ignore[arg-type]
    assert window.count_label.text().startswith("全部 3 项末级任务：已完成 1，")  # a chapter is not a leaf


def test_an_edit_under_a_filter_shows_and_counts_what_now_matches(window: MainWindow) -> None:
    make_filterable(window)
    window.filter_bar.unit_box.setCurrentText("大气股")  # PM2.5 治理 (late) leads, 臭氧治理 (done) helps
    assert window.count_label.text() == "筛选出 2 项末级任务：已完成 1，推进中 0，未开始 1（其中已滞后 1）"
    window.edit_task(select(window, "PM2.5 治理").id, TaskChanges.named(status=Status.IN_PROGRESS))  # type: ignore[arg-type]
    assert window.count_label.text() == "筛选出 2 项末级任务：已完成 1，推进中 1，未开始 0（其中已滞后 1）"
    window.edit_task(select(window, "PM2.5 治理").id, TaskChanges.named(title="PM2.5 与臭氧协同治理"))  # type: ignore[arg-type]
    assert shown_titles(window) == ["大气污染防治", "PM2.5 与臭氧协同治理", "臭氧治理"]  # the edited row shows it
    window.edit_task(select(window, "PM2.5 与臭氧协同治理").id, TaskChanges.named(title="PM2.5 治理"))  # type: ignore[arg-type]
    window.filter_bar.status_box.setCurrentText("推进中")
    assert shown_titles(window) == ["大气污染防治", "PM2.5 治理"]
    window.edit_task(select(window, "PM2.5 治理").id, TaskChanges.named(status=Status.DONE))  # type: ignore[arg-type]
    assert shown_titles(window) == []  # it no longer matches, nor does its chapter
    assert window.count_label.text().startswith("筛选出 0 项末级任务")
    window.ws.undo_stack.undo()
    assert shown_titles(window) == ["大气污染防治", "PM2.5 治理"]


def test_search_box_clear_button_appears_with_text_and_clears_the_filter(window: MainWindow, qtbot: object) -> None:
    make_filterable(window)
    edit = window.filter_bar.search_edit
    assert not edit.isClearButtonEnabled()  # nothing to clear yet; its icon is looked up at the first keystroke
    qtbot.keyClicks(edit, "PM2")  # type: ignore[attr-defined]
    assert edit.isClearButtonEnabled()
    assert shown_titles(window) == ["大气污染防治", "PM2.5 治理"]
    (clear_button,) = edit.findChildren(QToolButton)
    clear_button.click()
    assert edit.text() == "" and len(shown_titles(window)) == 4
    edit.insert("水")  # as typed through an input method
    assert edit.isClearButtonEnabled() and shown_titles(window) == ["水污染防治"]


def test_marks_and_ctrl_f(window: MainWindow) -> None:
    make_filterable(window)
    from ecodesk.gui.task_model import mark_of

    marks = {t.title: mark_of(t, window.ws.today()) for t in window.ws.tree.walk()}  # type: ignore[union-attr]
    assert marks == {"大气污染防治": None, "PM2.5 治理": "overdue", "臭氧治理": "done", "水污染防治": "due_soon"}
    pm = select(window, "PM2.5 治理")
    assert window.model.index_of(pm.id, 0).data(1) is not None  # DecorationRole: the red dot
    window.find_action.trigger()
    assert window.filter_bar.search_edit.hasFocus() or not window.isActiveWindow()


def test_a_mark_goes_and_comes_back_with_the_status(window: MainWindow) -> None:
    """A done task set back to 推进中 loses its green dot and colour in the tree, and gets them back."""
    make_filterable(window)
    give(window, "臭氧治理", deadline=_deadline(2021, 12, 31))  # not due soon once reopened
    ozone = select(window, "臭氧治理")
    number, status = window.model.index_of(ozone.id, 0), window.model.index_of(ozone.id, STATUS_COLUMN)
    green = MARK_COLORS["done"]

    def pick(text: str) -> None:
        window.detail.status_box.setCurrentText(text)
        window.detail.status_box.activated.emit(window.detail.status_box.currentIndex())

    assert status.data(FOREGROUND_ROLE) == green and number.data(DECORATION_ROLE) is not None
    pick("推进中")
    assert status.data() == "推进中"
    assert status.data(FOREGROUND_ROLE) is None and number.data(DECORATION_ROLE) is None
    assert number.data() and number.data(ID_ROLE) == ozone.id  # the number and the row's id stay
    pick("已完成")
    assert status.data(FOREGROUND_ROLE) == green and number.data(DECORATION_ROLE) is not None
    give(window, "臭氧治理", deadline=_deadline(2021, 6, 30), status="推进中")  # one mark for another
    assert status.data(FOREGROUND_ROLE) == MARK_COLORS["due_soon"]


def test_rename_unit_everywhere_and_undo(window: MainWindow, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan_id = new_plan(window)
    task = add(window, "大气污染防治")
    give(window, "大气污染防治", lead_units=["大气股"])
    dialog = UnitsDialog(window.ws, window)
    dialog.list.setCurrentRow(1)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("大气环境股", True))
    dialog.rename()
    assert stored(db_path, plan_id).tasks[0].lead_units == ["大气环境股"]
    assert window.model.index_of(task.id, 2).data() == "大气环境股"
    assert "大气环境股" in [window.filter_bar.unit_box.itemText(i) for i in range(window.filter_bar.unit_box.count())]
    window.ws.undo_stack.undo()
    assert stored(db_path, plan_id).tasks[0].lead_units == ["大气股"]


def test_units_dialog_add_merge_reorder_deactivate(window: MainWindow, db_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    plan_id = new_plan(window)
    add(window, "大气污染防治")
    give(window, "大气污染防治", lead_units=["执法大队"])
    dialog = UnitsDialog(window.ws, window)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("监测站", True))
    dialog.add()
    dialog.list.setCurrentRow(4)
    dialog.shift(-1)
    assert [u.name for u in list_units(window.ws.db)] == ["综合股", "大气股", "水生态股", "监测站", "执法大队"]
    window.ws.undo_stack.undo()
    assert [u.name for u in list_units(window.ws.db)][3:] == ["执法大队", "监测站"]
    window.ws.undo_stack.redo()
    dialog.list.setCurrentRow(4)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *_a, **_k: ("综合股", True))
    dialog.merge()
    assert stored(db_path, plan_id).tasks[0].lead_units == ["综合股"]
    dialog.list.setCurrentRow(1)
    dialog.toggle_active()
    assert [u.active for u in list_units(window.ws.db)] == [True, False, True, True]
    assert dialog.list.item(1).text() == "大气股（已停用）"
    assert "大气股" not in window.detail.lead_list.checked() and window.detail.lead_list.count() == 3
    window.ws.undo_stack.undo()
    assert all(u.active for u in list_units(window.ws.db))


def test_targets_tab_edits_are_saved_and_undoable(window: MainWindow, db_path: Path) -> None:
    plan_id = new_plan(window)
    tab = window.targets
    window.tabs.setCurrentWidget(tab)  # built on first show, as a clerk opens it
    tab.add_button.click()
    tab.table.item(0, 1).setText("PM2.5 年均浓度 34 微克/立方米以下")
    assert [t.text for t in stored(db_path, plan_id).targets] == ["PM2.5 年均浓度 34 微克/立方米以下"]
    window.ws.undo_stack.undo()
    assert [t.text for t in stored(db_path, plan_id).targets] == ["新目标"]
    window.tabs.setCurrentIndex(0)  # once built, the tab follows changes while hidden too
    window.ws.undo_stack.undo()
    assert tab.table.rowCount() == 0
    window.ws.undo_stack.redo()
    window.tabs.setCurrentWidget(tab)
    assert tab.table.item(0, 1).text() == "新目标"
    tab.table.selectRow(0)
    tab.remove_button.click()
    assert stored(db_path, plan_id).targets == []


def test_overview_table_and_lazy_chart(window: MainWindow) -> None:
    make_filterable(window)
    tab = window.overview
    assert not tab.built and tab.chart_view is None  # nothing built or computed before it is shown
    window.tabs.setCurrentWidget(tab)
    rows = {tab.table.item(r, 0).text(): [tab.table.item(r, c).text() for c in range(1, 6)]
            for r in range(tab.table.rowCount())}
    assert rows == {"大气股": ["1", "1", "1", "1", "50%"], "水生态股": ["1", "0", "0", "0", "0%"]}
    assert tab.chart_view is not None and tab.chart_view.chart().series()[0].barSets()[0].at(0) == 50
    give(window, "PM2.5 治理", status="已完成")
    assert tab.table.item(0, 5).text() == "100%"
    assert tab.chart_view.chart().series()[0].barSets()[0].at(0) == 100
    # edits made while another tab is shown are counted when the overview is shown again
    window.tabs.setCurrentIndex(0)
    window.edit_task(select(window, "水污染防治").id, TaskChanges.named(status=Status.DONE))  # type: ignore[arg-type]
    window.tabs.setCurrentWidget(tab)
    assert tab.table.item(1, 3).text() == "1" and tab.table.item(1, 5).text() == "100%"
    assert tab.chart_view.chart().series()[0].barSets()[0].at(1) == 100
