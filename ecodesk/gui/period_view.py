"""What the window shows of reporting periods: the 本期 selector beside the plan selector, the tasks' 序时
marks, the 序时 counts of the status bar, and the rule for edits while a past period is shown.

Choosing a period asks the Workspace to read the plan as of that period's end (Workspace.show_period), so
the tree, the marks, the counts, the overview and the exports all follow through the one refresh every
reload takes. The 本期 vs 上期 tab and the periods dialog live in gui/comparison_tab.py and
gui/periods_dialog.py.

Edits while a past period is shown: a task's fields that carry no date (title, measures, units, deadline)
and the tree's shape edit the plan itself, as they would on 今天; a progress update carries its own date.
Status and percent, though, take effect on a date, and an edit from the window would be dated today — a
change the period shown would never show. So they are refused with a message saying to record them
with an update dated in the period (添加进展), or to switch to 今天.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from ecodesk.domain.deadlines import format_cn_date
from ecodesk.domain.errors import UserError
from ecodesk.domain.pace import AHEAD_BY, PaceCount, pace_count
from ecodesk.domain.periods import Period, period_of_day
from ecodesk.domain.reporting import TaskMark, plan_marks, task_mark
from ecodesk.domain.task_fields import PERCENT, STATUS, TaskChanges

if TYPE_CHECKING:
    from ecodesk.domain.plan import PlanTree, TaskNode
    from ecodesk.gui.workspace import Workspace

TODAY_LABEL = "今天"


def period_text(period: Period) -> str:
    """上半年（截至6月30日）: the year is the plan selector's."""
    name = period.label.removeprefix(f"{period.year}年")
    return f"{name}（截至{period.end.month}月{period.end.day}日）"


class PeriodBox(QComboBox):
    """The plan's periods in the order they end, then 今天; `chosen(period or None)` when the clerk picks."""

    chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._periods: list[Period] = []
        self.setMinimumContentsLength(14)
        self.setToolTip("本期：任务树、序时进度、统计和导出都按所选报告期期末的情况显示；"
                        "尚未结束的报告期按当前情况显示")
        self.activated.connect(lambda i: self.chosen.emit(self._periods[i] if i < len(self._periods) else None))

    def show_periods(self, periods: list[Period], current: Period | None) -> None:
        """Offer `periods` (none without a plan) and 今天, with `current` selected."""
        if periods != self._periods:
            self._periods = list(periods)
            self.clear()
            self.addItems([period_text(p) for p in periods])
            if periods:
                self.addItem(TODAY_LABEL)
        keys = [p.key for p in periods]
        self.setCurrentIndex(keys.index(current.key) if current is not None and current.key in keys else len(keys))
        self.setEnabled(bool(periods))


class PaceTally:
    """The 序时 counts of some tasks (domain/overview.pace_counts), kept task by task so that a few can be
    counted again after an edit."""

    def __init__(self, tasks: list[TaskNode], marks: dict[int, TaskMark]) -> None:
        self._of: dict[int, tuple[PaceCount, bool] | None] = {}
        self._counts: Counter[PaceCount] = Counter()
        self.unreported = 0
        for task in tasks:
            if task.id is not None:
                self._add(task.id, marks)

    def __getitem__(self, kind: PaceCount) -> int:
        return self._counts[kind]

    def recount(self, task_ids: Iterable[int], marks: dict[int, TaskMark]) -> None:
        for task_id in task_ids:
            if task_id in self._of:
                self._take(task_id)
                self._add(task_id, marks)

    def _add(self, task_id: int, marks: dict[int, TaskMark]) -> None:
        mark = marks.get(task_id)
        self._of[task_id] = entry = (pace_count(mark.pace), mark.unreported) if mark is not None else None
        if entry is not None:
            self._counts[entry[0]] += 1
            self.unreported += entry[1]

    def _take(self, task_id: int) -> None:
        entry = self._of.pop(task_id)
        if entry is not None:
            self._counts[entry[0]] -= 1
            self.unreported -= entry[1]


class PeriodControls:
    """The window's period parts: the selector (`box`, beside the plan selector), the 序时 line of the
    status bar (`pace_label`) and the marks the tree, filters and overview are drawn with."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.box = PeriodBox()
        self.pace_label = QLabel()
        self._tally = PaceTally([], {})
        self.box.chosen.connect(ws.show_period)
        # shown from the start-up snapshot: the default period once the database is open, after the call
        # that opened it (which may be an edit's) has finished
        ws.opened.connect(lambda: QTimer.singleShot(0, self.box, ws.show_default_period))

    def show_plan(self, tree: PlanTree | None) -> None:
        self.box.show_periods(tree.reporting_periods() if tree is not None else [], self.ws.period)

    def marks(self, tree: PlanTree | None, tasks: Iterable[TaskNode] | None = None) -> dict[int, TaskMark]:
        """The 序时 marks of `tree`'s tasks (all of them unless `tasks` are named) in the period shown."""
        if tree is None:
            return {}
        day = self.ws.pace_day()
        if tasks is None:
            return plan_marks(tree, day, self.ws.period)
        periods = tree.reporting_periods()
        period = self.ws.period or period_of_day(periods, day)
        return {t.id: task_mark(t, year=tree.year, as_of=day, rule=tree.pace_rule, period=period, periods=periods)
                for t in tasks if t.id is not None}

    def count(self, leaves: list[TaskNode], marks: dict[int, TaskMark]) -> None:
        """Count the plan's leaf tasks by 序时 (after the rows were built)."""
        self._tally = PaceTally(leaves, marks)

    def recount(self, task_ids: Iterable[int], marks: dict[int, TaskMark]) -> None:
        """Count again the tasks an edit changed, so that an edit costs the same on any plan size."""
        self._tally.recount(task_ids, marks)

    def show_counts(self, marks: dict[int, TaskMark], matched: list[TaskNode] | None = None) -> None:
        """“序时（截至6月30日）：欠进度 3，达进度 10，超进度 2，已完成 5；未报 4” of the plan's leaves (or of those
        a filter `matched`): the five add up to the tasks counted, 未报 counted apart."""
        counts = self._tally if matched is None else PaceTally(matched, marks)
        day = self.ws.pace_day()
        parts = [f"{kind} {counts[kind]}" for kind in PaceCount if kind is not PaceCount.NO_PACE or counts[kind]]
        self.pace_label.setText(f"序时（截至{day.month}月{day.day}日）：{'，'.join(parts)}；未报 {counts.unreported}")
        self.pace_label.setToolTip("欠进度：落后于序时进度（黄、红）；达进度：达到序时进度；"
                                   f"超进度：超过序时进度 {AHEAD_BY:g} 个百分点以上；"
                                   "无序时要求：长期坚持等没有具体完成时限的任务。\n"
                                   "未报：本期报送轮次内没有进展记录的未完成任务，另行计数")

    def refusal(self, changes: TaskChanges) -> UserError | None:
        """Why an edit of status or percent is refused while a past period is shown (see the module)."""
        day = self.ws.as_of
        if day is None or not (STATUS in changes or PERCENT in changes):
            return None
        return UserError(f"正在查看截至{format_cn_date(day)}的情况，不能直接修改状态或完成进度（修改会记在今天，"
                         "不属于所查看的报告期）。\n请用“添加进展…”填写该期内的日期和进度，"
                         f"或在“本期”中选择“{TODAY_LABEL}”后再修改。")
