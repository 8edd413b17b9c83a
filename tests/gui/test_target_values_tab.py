"""The 主要目标 tab edits each target's actual value and 达标 in the 本期 the window shows, through the
Workspace door (one undoable command, Changes(targets=True)); undo and redo bring the stored values back, and
another 本期 shows (and edits) its own values."""

from __future__ import annotations

from ecodesk.domain.changes import TARGETS
from ecodesk.domain.periods import parse_period
from ecodesk.domain.plan import Target
from ecodesk.gui.main_window import MainWindow
from ecodesk.services import plans
from tests.gui.helpers import new_plan


def _stored(window: MainWindow) -> list[list[tuple[str, str, bool | None]]]:
    return [[(v.period, v.value, v.met) for v in t.values] for t in plans.load_targets(window.ws.db, window.ws.plan_id)]


def test_a_value_and_its_judgement_edited_undone_and_redone(window: MainWindow) -> None:
    plan_id = new_plan(window)
    plans.set_targets(window.ws.db, plan_id, [Target("PM2.5 年均浓度 34 微克/立方米以下"), Target("优良天数比例 90%")])
    window.reload_plans(plan_id)
    tab = window.targets
    tab.ensure_built()
    assert window.ws.period == parse_period("2021-H1")  # the window opens on 6-20 on the 上半年
    assert tab.table.horizontalHeaderItem(2).text() == "实际值（2021年上半年）"
    refreshed = []
    window.ws.changed.connect(lambda _focus, changes: refreshed.append(changes))

    tab.table.item(0, 2).setText("26 μg/m³")
    assert _stored(window) == [[("2021-H1", "26 μg/m³", None)], []]
    tab.table.cellWidget(0, 3).setCurrentIndex(1)  # 达标
    assert _stored(window) == [[("2021-H1", "26 μg/m³", True)], []]
    assert refreshed == [TARGETS, TARGETS]
    assert window.ws.undo_stack.count() == 2

    window.ws.undo_stack.undo()
    assert _stored(window) == [[("2021-H1", "26 μg/m³", None)], []]
    assert tab.table.cellWidget(0, 3).currentText() == "未评定"
    window.ws.undo_stack.undo()
    assert _stored(window) == [[], []] and tab.table.item(0, 2).text() == ""
    window.ws.undo_stack.redo()
    window.ws.undo_stack.redo()
    assert _stored(window) == [[("2021-H1", "26 μg/m³", True)], []]
    assert (tab.table.item(0, 2).text(), tab.table.cellWidget(0, 3).currentText()) == ("26 μg/m³", "达标")

    window.ws.show_period(parse_period("2021-Q1"))  # another 本期: its own (empty) values, the 上半年's kept
    assert tab.table.horizontalHeaderItem(2).text() == "实际值（2021年一季度）" and tab.table.item(0, 2).text() == ""
    tab.table.item(1, 2).setText("88.5%")
    tab.table.item(1, 1).setText("优良天数比例力争 90%")  # the text edited too: the values stay with it
    assert _stored(window) == [[("2021-H1", "26 μg/m³", True)], [("2021-Q1", "88.5%", None)]]
    assert [t.text for t in plans.load_targets(window.ws.db, plan_id)][1] == "优良天数比例力争 90%"
