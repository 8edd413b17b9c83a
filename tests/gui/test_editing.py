"""Editing the task tree through the window: every edit is in the database at once and can be undone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from ecodesk.domain.status import Status
from ecodesk.gui.main_window import MainWindow
from tests.gui.conftest import Messages, stored
from tests.gui.helpers import add, new_plan, select


def build_outline(window: MainWindow) -> None:
    """一、大气 with two sub-tasks, then 二、水."""
    add(window, "大气污染防治")
    add(window, "PM2.5 治理", child=True)
    add(window, "臭氧治理")
    select(window, "大气污染防治")
    add(window, "水污染防治")


def test_first_start_offers_this_years_plan(window: MainWindow, monkeypatch: object, db_path: Path) -> None:
    # Given an empty database
    monkeypatch.setattr("ecodesk.gui.file_actions.choose", lambda *_a: 0)  # type: ignore[attr-defined]
    # When the clerk accepts the offer
    window.files.offer_first_plan()
    # Then a plan for this year exists and is shown
    assert window.ws.tree is not None and window.ws.tree.year == 2021
    assert window.plan_box.currentText().startswith("2021年")


def test_add_indent_and_numbering(window: MainWindow, db_path: Path, qtmodeltester: object) -> None:
    tester = QAbstractItemModelTester(window.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    plan_id = new_plan(window)
    build_outline(window)
    # When the third top-level task is indented under the second
    add(window, "扬尘管控")
    window.indent_action.trigger()
    # Then numbering follows at once, in the model and in the database
    assert window.model.index_of(window.current_id()).data() == "（一）"
    tree = stored(db_path, plan_id)
    assert [(t.number, t.title) for t in tree.walk()] == [
        ("一、", "大气污染防治"), ("（一）", "PM2.5 治理"), ("（二）", "臭氧治理"),
        ("二、", "水污染防治"), ("（一）", "扬尘管控")]
    # And outdent, move up and move down undo step by step
    window.outdent_action.trigger()
    window.up_action.trigger()
    assert [t.title for t in stored(db_path, plan_id).tasks] == ["大气污染防治", "扬尘管控", "水污染防治"]
    window.ws.undo_stack.undo()
    window.ws.undo_stack.undo()
    assert [t.title for t in stored(db_path, plan_id).tasks[1].children] == ["扬尘管控"]
    qtmodeltester.check(window.model)  # type: ignore[attr-defined]
    del tester


def test_inline_rename_is_undoable(window: MainWindow, db_path: Path) -> None:
    plan_id = new_plan(window)
    task = add(window, "旧名称")
    index = window.proxy.mapFromSource(window.model.index_of(task.id, 1))
    window.proxy.setData(index, "新名称")
    assert stored(db_path, plan_id).tasks[0].title == "新名称"
    window.ws.undo_stack.undo()
    assert stored(db_path, plan_id).tasks[0].title == "旧名称"
    assert window.model.index_of(task.id, 1).data() == "旧名称"
    window.ws.undo_stack.redo()
    assert stored(db_path, plan_id).tasks[0].title == "新名称"


def test_undo_and_redo_of_a_subtree_delete(window: MainWindow, db_path: Path, messages: Messages) -> None:
    plan_id = new_plan(window)
    build_outline(window)
    parent = select(window, "大气污染防治")
    ids_before = [t.id for t in stored(db_path, plan_id).walk()]
    # When the clerk deletes a task with sub-tasks and confirms
    window.delete_action.trigger()
    assert "2 项下级任务" in messages.texts("question")[0]
    assert [t.title for t in stored(db_path, plan_id).walk()] == ["水污染防治"]
    assert window.model.index_of(parent.id).isValid() is False
    assert window.current_task().title == "水污染防治"  # type: ignore[union-attr]
    # Then undo brings the whole subtree back with the same ids
    window.ws.undo_stack.undo()
    assert [t.id for t in stored(db_path, plan_id).walk()] == ids_before
    assert window.current_id() == parent.id
    window.ws.undo_stack.redo()
    assert [t.title for t in stored(db_path, plan_id).walk()] == ["水污染防治"]


def test_delete_is_not_done_when_the_clerk_says_no(window: MainWindow, db_path: Path, messages: Messages) -> None:
    plan_id = new_plan(window)
    build_outline(window)
    select(window, "大气污染防治")
    messages.answer = messages.answer.No
    window.delete_action.trigger()
    assert len(list(stored(db_path, plan_id).walk())) == 4


def test_refused_edit_shows_chinese_message_and_stays_off_the_stack(window: MainWindow, messages: Messages) -> None:
    new_plan(window)
    add(window, "大气污染防治")
    depth = window.ws.undo_stack.count()
    window.outdent_action.trigger()
    assert messages.texts("warning") == ["已经是第一级任务，不能再升级"]
    assert window.ws.undo_stack.count() == depth


def test_drag_and_drop_moves_a_task(window: MainWindow, db_path: Path, qtmodeltester: object) -> None:
    tester = QAbstractItemModelTester(window.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    plan_id = new_plan(window)
    build_outline(window)
    water = select(window, "水污染防治")
    ozone = select(window, "臭氧治理")
    model = window.model
    # When 臭氧治理 is dropped onto 水污染防治
    mime = model.mimeData([model.index_of(ozone.id)])
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, 0, model.index_of(water.id))
    model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, 0, model.index_of(water.id))
    # Then it is the sub-task of 水污染防治, renumbered
    tree = stored(db_path, plan_id)
    assert [c.title for c in tree.tasks[1].children] == ["臭氧治理"]
    assert model.index_of(ozone.id).data() == "（一）"
    # And dropping it between the two top-level tasks puts it there; undo brings it back
    mime = model.mimeData([model.index_of(ozone.id)])
    model.dropMimeData(mime, Qt.DropAction.MoveAction, 1, 0, model.index(-1, -1))
    assert [t.title for t in stored(db_path, plan_id).tasks] == ["大气污染防治", "臭氧治理", "水污染防治"]
    window.ws.undo_stack.undo()
    assert [c.title for c in stored(db_path, plan_id).tasks[1].children] == ["臭氧治理"]
    # A task cannot be dropped into its own subtree
    air = select(window, "大气污染防治")
    pm = select(window, "PM2.5 治理")
    mime = model.mimeData([model.index_of(air.id)])
    assert not model.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, 0, model.index_of(pm.id))
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    del tester


def test_a_click_on_a_unit_box_assigns_the_unit(window: MainWindow, db_path: Path, qtbot: object) -> None:
    plan_id = new_plan(window)
    add(window, "大气污染防治")
    window.show()
    checklist = window.detail.lead_list
    item = next(checklist.item(r) for r in range(checklist.count()) if checklist.item(r).text() == "大气股")
    box = checklist.visualItemRect(item)
    option = QStyleOptionViewItem()
    option.rect, option.features = box, QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    tick = checklist.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, checklist)
    qtbot.mouseClick(checklist.viewport(), Qt.MouseButton.LeftButton, pos=tick.center())  # type: ignore[attr-defined]
    assert stored(db_path, plan_id).tasks[0].lead_units == ["大气股"]
    assert window.detail.lead_list.checked() == ["大气股"]  # the panel reloads with the box ticked
    qtbot.mouseClick(checklist.viewport(), Qt.MouseButton.LeftButton, pos=tick.center())  # type: ignore[attr-defined]
    assert stored(db_path, plan_id).tasks[0].lead_units == []


def test_detail_panel_assigns_units_status_and_deadline(window: MainWindow, db_path: Path) -> None:
    plan_id = new_plan(window)
    task = add(window, "大气污染防治")
    detail = window.detail
    # When the clerk ticks units, picks a status and types a deadline wording
    detail.lead_list.set_checked("大气股", True)
    detail.co_list.set_checked("执法大队", True)
    detail.co_list.set_checked("综合股", True)
    detail.status_box.setCurrentText("推进中")
    detail.status_box.activated.emit(detail.status_box.currentIndex())
    detail.wording_edit.setText("6月底前")
    detail.wording_edit.editingFinished.emit()
    detail.measures_edit.load("")
    detail.measures_edit.setPlainText("加强监测")
    detail.measures_edit.commit()
    # Then the database holds them and the tree shows them
    saved = stored(db_path, plan_id).tasks[0]
    assert saved.lead_units == ["大气股"]
    assert saved.co_units == ["综合股", "执法大队"]
    assert saved.status is Status.IN_PROGRESS
    assert (saved.deadline_date.isoformat(), saved.deadline_text) == ("2021-06-30", "6月底前")  # type: ignore[union-attr]
    assert saved.measures == "加强监测"
    row = [window.model.index_of(task.id, c).data() for c in range(6)]
    assert row == ["一、", "大气污染防治", "大气股", "综合股、执法大队", "6月底前", "推进中"]
    # And each was one undo step
    window.ws.undo_stack.undo()
    assert stored(db_path, plan_id).tasks[0].measures == ""
    assert window.detail.measures_edit.toPlainText() == ""


def test_keyboard_shortcuts_on_the_tree(window: MainWindow, db_path: Path, qtbot: object,
                                        messages: Messages) -> None:
    plan_id = new_plan(window)
    add(window, "大气污染防治")
    add(window, "臭氧治理")
    window.activateWindow()
    window.tree.setFocus()
    # Tab indents, Shift+Tab outdents, Ctrl+Z / Ctrl+Y undo and redo
    qtbot.keyClick(window.tree, Qt.Key.Key_Tab)  # type: ignore[attr-defined]
    assert [c.title for c in stored(db_path, plan_id).tasks[0].children] == ["臭氧治理"]
    qtbot.keyClick(window.tree, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)  # type: ignore[attr-defined]
    assert len(stored(db_path, plan_id).tasks) == 2
    qtbot.keyClick(window.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    assert len(stored(db_path, plan_id).tasks) == 1
    qtbot.keyClick(window.tree, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    assert len(stored(db_path, plan_id).tasks) == 2
    # Del deletes (a leaf needs no confirmation), F2 opens the inline editor
    qtbot.keyClick(window.tree, Qt.Key.Key_Delete)  # type: ignore[attr-defined]
    assert [t.title for t in stored(db_path, plan_id).tasks] == ["大气污染防治"]
    assert messages.texts("question") == []
    qtbot.keyClick(window.tree, Qt.Key.Key_F2)  # type: ignore[attr-defined]
    assert window.tree.state() == window.tree.State.EditingState


def test_tree_shows_every_branch_expanded_and_keeps_what_the_clerk_collapsed(window: MainWindow) -> None:
    new_plan(window)
    add(window, "大气污染防治")
    add(window, "PM2.5 治理", child=True)
    add(window, "臭氧治理")
    add(window, "VOCs 治理", child=True)
    select(window, "大气污染防治")
    add(window, "水污染防治")
    add(window, "河长制", child=True)

    def expanded(title: str) -> bool:
        task = next(t for t in window.ws.tree.walk() if t.title == title)  # type: ignore[union-attr]
        return window.tree.isExpanded(window.proxy.mapFromSource(window.model.index_of(task.id)))

    assert all(expanded(t) for t in ("大气污染防治", "臭氧治理", "水污染防治"))
    window.tree.collapse(window.proxy.mapFromSource(window.model.index_of(select(window, "水污染防治").id)))
    select(window, "臭氧治理")
    add(window, "移动源治理", child=True)  # an edit reloads the plan: the collapsed branch stays collapsed
    assert not expanded("水污染防治") and expanded("大气污染防治") and expanded("臭氧治理")
    window.filter_bar.search_edit.setText("治理")
    window.filter_bar.search_edit.clear()
    assert not expanded("水污染防治") and expanded("大气污染防治") and expanded("臭氧治理")
    window.ws.open_plan(window.ws.plan_id)  # another plan shown: everything expanded again
    assert all(expanded(t) for t in ("大气污染防治", "臭氧治理", "水污染防治"))


def test_picking_a_date_in_the_calendar_popup_sets_the_deadline(window: MainWindow, db_path: Path,
                                                                 qtbot: object) -> None:
    plan_id = new_plan(window)
    add(window, "大气污染防治")
    window.detail.has_date.setChecked(True)  # the date field is enabled once the task has a date
    date_edit = window.detail.date_edit
    qtbot.mouseClick(date_edit, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    calendar = date_edit.calendarWidget()  # the popup the click opens (built on first use)
    calendar.setSelectedDate(QDate(2021, 9, 30))
    calendar.clicked.emit(QDate(2021, 9, 30))
    assert stored(db_path, plan_id).tasks[0].deadline_date == dt.date(2021, 9, 30)


def test_right_click_menu_acts_on_the_task_under_the_pointer(window: MainWindow, db_path: Path) -> None:
    plan_id = new_plan(window)
    build_outline(window)
    select(window, "大气污染防治")
    water = window.proxy.mapFromSource(window.model.index_of(select(window, "水污染防治").id))
    select(window, "PM2.5 治理")
    window.tree.customContextMenuRequested.emit(window.tree.visualRect(water).center())  # as a right click does
    menu = window.task_menu
    assert menu is not None and menu.isVisible()
    assert window.current_task().title == "水污染防治"  # type: ignore[union-attr]
    assert [a.text() for a in menu.actions() if not a.isSeparator()] == [
        "添加任务", "添加下级任务", "重命名", "删除任务", "升级", "降级（成为上一项的下级）", "上移", "下移",
        "标记为已完成", "标记为推进中", "添加进展…", "修改记录…", "催办记录"]
    next(a for a in menu.actions() if a.text().startswith("降级")).trigger()
    menu.close()
    assert [t.title for t in stored(db_path, plan_id).tasks[0].children] == ["PM2.5 治理", "臭氧治理", "水污染防治"]
    # on empty space nothing is selected, and adding a task is what is left to do
    empty = window.tree.viewport().rect().bottomLeft() + QPoint(5, -3)
    assert not window.tree.indexAt(empty).isValid()
    window.tree.customContextMenuRequested.emit(empty)
    assert window.current_task() is None
    assert [a.text() for a in menu.actions() if a.isEnabled() and not a.isSeparator()] == ["添加任务"]
    menu.close()


def test_the_detail_panel_quotes_the_full_label_every_document_prints(window: MainWindow) -> None:
    new_plan(window)
    build_outline(window)
    select(window, "臭氧治理")
    # the tree shows the level's own label; the panel the label a clerk quotes, as the exports print it
    assert window.model.index_of(window.current_id()).data() == "（二）"
    assert window.detail.number_label.text() == "一（二）"
