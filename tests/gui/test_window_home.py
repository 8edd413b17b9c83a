"""The window at home on a Chinese office PC (issue 18): Chinese dates, typed dates, filters that say
when nothing matches, counts that add up, and the right-click status marks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QDate, QModelIndex, QRect, QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QHeaderView, QStyle

from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.periods import default_progress_date
from ecodesk.domain.plan import ProgressEntry
from ecodesk.domain.status import Status
from ecodesk.domain.task_fields import TaskChanges
from ecodesk.gui.fields import ChineseDateEdit
from ecodesk.gui.main_window import MainWindow
from ecodesk.gui.progress_panel import ProgressDialog
from ecodesk.gui.qt_values import DECORATION_ROLE
from ecodesk.gui.task_model import (
    CO_UNITS_COLUMN,
    COLUMNS,
    DEADLINE_COLUMN,
    LATEST_COLUMN,
    PACE_COLUMN,
    STATUS_COLUMN,
)
from ecodesk.gui.window_fit import ITEM_TEXT_MARGIN, column_menu, fit_window, fits, fitted_size
from ecodesk.services.tasks import update_task
from tests.gui.conftest import TODAY, make_window, stored
from tests.gui.helpers import add, new_plan, select, shown_titles
from tests.gui.test_period_view import choose
from tests.year_of_updates import ReportedYear


def give(window: MainWindow, title: str, **changes: object) -> None:
    task = select(window, title)
    assert task.id is not None
    update_task(window.ws.db, task.id, TaskChanges.named(**changes))
    window.ws.refresh(task.id)


def test_dates_are_shown_the_chinese_way(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    new_plan(window)
    task = add(window, "大气污染防治")
    give(window, "大气污染防治", deadline=Deadline(dt.date(2021, 6, 30), ""))
    monkeypatch.setattr(ProgressDialog, "ask",
                        lambda *_a, **_k: ProgressEntry(dt.date(2021, 5, 10), "召开部署会", 20, "大气股"))
    window.progress.add_button.click()
    cell = window.model.index_of(task.id, DEADLINE_COLUMN)
    assert (cell.data(), cell.data(Qt.ItemDataRole.ToolTipRole)) == ("6月30日", "2021年6月30日")  # the plan's year
    assert window.model.index_of(task.id, LATEST_COLUMN).data() == "5月10日 召开部署会"
    assert window.progress.list.item(0).text().startswith("2021年5月10日 · 20%")
    assert window.detail.date_edit.text() == "2021年6月30日"
    give(window, "大气污染防治", deadline=Deadline(None, "2021年6月底前"))
    assert window.model.index_of(task.id, DEADLINE_COLUMN).data() == "6月底前"
    give(window, "大气污染防治", deadline=Deadline(dt.date(2022, 3, 31), ""))  # beyond the plan's year: said
    assert window.model.index_of(task.id, DEADLINE_COLUMN).data() == "2022年3月31日"


def type_into(qtbot: object, edit: ChineseDateEdit, text: str) -> None:
    edit.setFocus()
    edit.lineEdit().selectAll()
    qtbot.keyClicks(edit, text)  # type: ignore[attr-defined]
    qtbot.keyClick(edit, Qt.Key.Key_Return)  # type: ignore[attr-defined]


def test_a_typed_date_keeps_its_year(qtbot: object) -> None:
    edit = ChineseDateEdit(QDate(2026, 12, 2))
    qtbot.addWidget(edit)  # type: ignore[attr-defined]
    edit.show()
    type_into(qtbot, edit, "2021-05-10")
    assert edit.date().toPython() == dt.date(2021, 5, 10)
    assert edit.text() == "2021年5月10日"
    type_into(qtbot, edit, "2020/3/7")
    assert edit.date().toPython() == dt.date(2020, 3, 7)
    edit.lineEdit().selectAll()
    edit.lineEdit().insert("2019年12月1日")  # as an input method gives it
    qtbot.keyClick(edit, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    assert edit.date().toPython() == dt.date(2019, 12, 1)
    type_into(qtbot, edit, "abc")  # refused as typed: the date stays
    assert edit.date().toPython() == dt.date(2019, 12, 1)


def test_progress_date_defaults_to_today_or_the_plan_years_end(qtbot: object) -> None:
    assert default_progress_date(TODAY, 2021) == TODAY
    assert default_progress_date(TODAY, 2020) == dt.date(2020, 12, 31)
    dialog = ProgressDialog(None, ["大气股"], percent=0, unit="", day=dt.date(2020, 12, 31))
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    assert dialog.date_edit.text() == "2020年12月31日"
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "添加"


def test_add_progress_on_a_past_years_plan_offers_its_last_day(window: MainWindow,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    new_plan(window, year=2020)
    add(window, "大气污染防治")
    offered: list[dt.date] = []
    monkeypatch.setattr(ProgressDialog, "ask", lambda *_a, day, **_k: offered.append(day))
    window.progress_action.trigger()
    assert offered == [dt.date(2020, 12, 31)]


def test_no_match_line_clears_the_filter_and_the_hidden_task_leaves_the_panel(window: MainWindow) -> None:
    new_plan(window)
    add(window, "大气污染防治")
    add(window, "水污染防治")
    select(window, "水污染防治")
    assert window.detail.title_edit.text() == "水污染防治"
    window.filter_bar.search_edit.setText("大气")
    assert shown_titles(window) == ["大气污染防治"]
    assert window.detail.title_edit.text() == "" and not window.detail.isEnabled()
    assert window.no_match.isHidden()
    window.filter_bar.search_edit.setText("土壤")
    assert shown_titles(window) == [] and not window.no_match.isHidden()
    assert window.count_label.text().startswith("筛选出 0 项末级任务")
    window.no_match.button.click()
    assert window.filter_bar.search_edit.text() == ""
    assert shown_titles(window) == ["大气污染防治", "水污染防治"] and window.no_match.isHidden()


def test_counts_add_up_with_overdue_as_a_part(window: MainWindow) -> None:
    new_plan(window)
    for title in ("甲", "乙", "丙"):
        add(window, title)
    give(window, "甲", status="推进中", deadline=Deadline(dt.date(2021, 5, 31), ""))
    give(window, "乙", status="已完成")
    assert window.count_label.text() == "全部 3 项末级任务：已完成 1，推进中 1，未开始 1（其中已滞后 1）"


def test_right_click_marks_done_and_in_progress_undoably(window: MainWindow, db_path: Path) -> None:
    plan_id = new_plan(window)
    add(window, "大气污染防治")
    window.done_action.trigger()
    assert stored(db_path, plan_id).tasks[0].status is Status.DONE
    window.active_action.trigger()
    assert stored(db_path, plan_id).tasks[0].status is Status.IN_PROGRESS
    window.ws.undo_stack.undo()
    assert stored(db_path, plan_id).tasks[0].status is Status.DONE
    window.ws.undo_stack.undo()
    assert stored(db_path, plan_id).tasks[0].status is Status.NOT_STARTED


def test_window_opens_fitted_to_its_screen(window: MainWindow, qtbot: object, db_path: Path) -> None:
    area = window.screen().availableGeometry()
    assert fits(window.frameGeometry(), area)
    window.resize(area.width() * 3, area.height() * 3)  # as saved on a bigger screen, or at 100 %
    too_big = window.saveGeometry()
    window.resize(area.width() // 2 - 40, 200)  # the 512-px-tall window of the issue
    sliver = window.saveGeometry()
    for saved in (too_big, sliver):
        fit_window(window, saved)
        assert fits(window.frameGeometry(), area), saved
    window.resize(int(area.width() * 0.7), int(area.height() * 0.7))
    window.move(area.topLeft())
    kept = window.frameGeometry()
    fit_window(window, window.saveGeometry())
    assert window.frameGeometry().size() == kept.size()


def test_columns_share_the_width_and_can_be_hidden(window: MainWindow) -> None:
    new_plan(window)
    add(window, "大气污染防治")
    window.resize(1000, 700)
    window.main_splitter.setSizes([600, 400])
    QApplication.processEvents()
    header = window.tree.header()
    width = window.tree.viewport().width()
    assert header.sectionResizeMode(1) is QHeaderView.ResizeMode.Stretch
    assert sum(header.sectionSize(c) for c in range(header.count())) <= width  # 最新进展 on screen
    assert header.sectionSize(1) == max(header.sectionSize(c) for c in range(header.count()))  # the widest
    menu = column_menu(header)
    latest = next(a for a in menu.actions() if a.text() == "最新进展")
    assert [a.text() for a in menu.actions()] == ["牵头单位", "配合单位", "完成时限", "状态", "序时", "最新进展"]
    latest.setChecked(False)
    assert header.isSectionHidden(LATEST_COLUMN)
    latest.setChecked(True)
    assert not header.isSectionHidden(LATEST_COLUMN)
    header.resizeSection(2, 150)  # the clerk drags a column: the width is theirs from then on
    window.resize(900, 700)
    QApplication.processEvents()
    assert header.sectionSize(2) == 150


def test_side_column_scrolls_as_a_whole_and_toolbar_labels_are_short(window: MainWindow) -> None:
    side = window.side_scroll.widget()
    assert window.detail.parent() is side and window.progress.parent() is side
    new_plan(window)
    add(window, "大气污染防治")
    window.indent_action.trigger()  # refused or not, the undo text names the last edit
    assert window.undo_action.iconText() == "撤销"
    assert window.undo_action.text().startswith("撤销 ") and window.undo_action.toolTip() == window.undo_action.text()
    assert window.redo_action.iconText() == "重做"


def test_unit_filter_offers_true_units_and_every_unit_tasks_show_under_each(window: MainWindow) -> None:
    from ecodesk.resources_util import SAMPLE_PLAN, resources_path
    from ecodesk.services.importing import import_document

    outcome = import_document(window.ws.db, resources_path(SAMPLE_PLAN))  # the 新建 plan
    window.reload_plans(outcome.plan_id)
    offered = [window.filter_bar.unit_box.itemText(i) for i in range(1, window.filter_bar.unit_box.count())]
    assert "各股室" not in offered and "相关业务股室" not in offered and "综合股" in offered
    window.filter_bar.unit_box.setCurrentText("综合股")
    assert any(title.startswith("强化理论武装") for title in shown_titles(window))  # its co-units: 各股室


def _cut_cells(window: MainWindow, columns: tuple[int, ...]) -> list[str]:
    """The shown cells of `columns` whose text (with the light or mark before it) is wider than the room the
    tree gives it: the text Qt would cut off with “…”."""
    tree, style = window.tree, window.tree.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, tree) + 1
    assert margin == ITEM_TEXT_MARGIN  # what the window measures with, without asking the style at start
    cut: list[str] = []

    def visit(parent: QModelIndex) -> None:
        for row in range(window.proxy.rowCount(parent)):
            for column in columns:
                index = window.proxy.index(row, column, parent)
                text, icon = index.data() or "", index.data(DECORATION_ROLE)
                needed = tree.fontMetrics().horizontalAdvance(text) + 2 * margin
                needed += icon.width() + margin if icon is not None else 0
                if needed > tree.visualRect(index).width():
                    cut.append(f"{window.proxy.index(row, 0, parent).data()} {COLUMNS[column]}“{text}”")
            first = window.proxy.index(row, 0, parent)
            if tree.isExpanded(first):
                visit(first)

    visit(QModelIndex())
    return cut


def test_an_edit_that_widens_a_status_or_pace_cell_widens_its_column(window: MainWindow) -> None:
    """A task given a deadline and a percent shows “未报 20% / 应 x%” with its light where it showed nothing: the
    序时 column widens to show it whole; a later title edit leaves the widths as they are."""
    new_plan(window)
    add(window, "大气污染防治")
    task = add(window, "PM2.5 治理", child=True)
    assert task.id is not None
    window.resize(1366, 728)
    QApplication.processEvents()
    narrow = window.tree.columnWidth(PACE_COLUMN)
    window.edit_task(task.id, TaskChanges.named(deadline=Deadline(dt.date(2021, 12, 31), ""), percent=20))
    assert window.model.index_of(task.id, PACE_COLUMN).data().startswith("未报 20% / 应")
    assert _cut_cells(window, (0, STATUS_COLUMN, PACE_COLUMN)) == []
    widths = [window.tree.columnWidth(c) for c in range(len(COLUMNS))]
    assert widths[PACE_COLUMN] > narrow
    window.edit_task(task.id, TaskChanges.named(title="PM2.5 与臭氧协同治理"))
    assert [window.tree.columnWidth(c) for c in range(len(COLUMNS))] == widths


@pytest.mark.parametrize(("screen", "crowded_out"), [
    (QRect(0, 0, 1366, 728), ()), (QRect(0, 0, 1024, 728), (LATEST_COLUMN, CO_UNITS_COLUMN, DEADLINE_COLUMN))],
                         ids=["1366", "1024"])
def test_on_a_768_high_laptop_no_number_status_or_pace_is_cut(qtbot: object, db_path: Path,
                                                              reported_year: ReportedYear, messages: object,
                                                              screen: QRect, crowded_out: tuple[int, ...]) -> None:
    """The 新建 plan with a year of updates on a 1366×768 or 1024×768 laptop (less the taskbar): every 编号,
    状态 (a parent's “35/45 已完成”) and 序时 (“未报 20% / 应 49.6%”, “欠进度 10，未报 10”) is shown whole, in
    the period being reported and over the whole year; the columns fit the tree and the fields beside it are not
    cut (at 1024 px the filters are narrower for them). At 1024 px 最新进展, 配合单位 and 完成时限 step aside for
    them (the menu says why), and come back in a wider window; the next session gets them as the clerk left them,
    shown."""
    window = make_window(qtbot, db_path)
    window.resize(fitted_size(screen))
    QApplication.processEvents()
    assert window.model.rowCount() == 1 and window.tree.isExpanded(window.proxy.index(0, 0))
    for period in (window.periods.box.currentText(), "全年"):
        choose(window, period)
        QApplication.processEvents()
        assert _cut_cells(window, (0, STATUS_COLUMN, PACE_COLUMN)) == [], period
    header = window.tree.header()
    assert sum(header.sectionSize(c) for c in range(header.count())) <= window.tree.viewport().width()
    assert window.side_scroll.width() >= window.side_scroll.widget().minimumSizeHint().width()  # fields whole
    for label in (window.count_label, window.periods.pace_label):  # the status bar's counts whole, the legend
        assert label.width() >= label.sizeHint().width(), label.text()  # making way at 1024 px
    assert window.filter_bar.legend.isVisibleTo(window) is (screen.width() >= 1366)
    assert window.tree.crowded_out == crowded_out
    assert [header.isSectionHidden(c) for c in crowded_out] == [True] * len(crowded_out)
    menu = column_menu(header, window.tree.crowded_out)
    assert [a.text() for a in menu.actions() if not a.isEnabled()] == [f"{COLUMNS[c]}（窗口较窄，暂不显示）"
                                                                      for c in sorted(crowded_out)]
    saved = QHeaderView(Qt.Orientation.Horizontal)
    saved.setModel(window.model)
    assert saved.restoreState(QByteArray(window.tree.saveState().data()[1:]))  # after the byte saying whose
    assert not any(saved.isSectionHidden(c) for c in crowded_out)
    assert window.tree.crowded_out == crowded_out
    window.resize(fitted_size(QRect(0, 0, 1920, 1040)))
    QApplication.processEvents()
    assert window.tree.crowded_out == () and not header.isSectionHidden(LATEST_COLUMN)


def test_widths_are_shared_anew_each_session_until_the_clerk_sets_one(qtbot: object, db_path: Path,
                                                                      messages: object) -> None:
    """Hidden columns stay hidden; widths the window shared out are shared again for the next session's screen
    and rows (also those saved by a version that kept them all), a width the clerk dragged is kept."""
    first = make_window(qtbot, db_path)
    new_plan(first)
    add(first, "大气污染防治")
    first.tree.header().setSectionHidden(LATEST_COLUMN, True)
    first.close()
    second = make_window(qtbot, db_path)
    assert second.tree.auto_widths and second.tree.header().isSectionHidden(LATEST_COLUMN)
    QSettings().setValue("window/tree_columns", second.tree.header().saveState())  # as an older version saved it
    second.tree.setColumnWidth(2, 133)
    assert not second.tree.auto_widths
    assert make_window(qtbot, db_path).tree.auto_widths
    second.close()
    third = make_window(qtbot, db_path)
    assert not third.tree.auto_widths and third.tree.columnWidth(2) == 133
