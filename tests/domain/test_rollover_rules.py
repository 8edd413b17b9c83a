"""The rules of a year rollover and of a 延期, as a clerk reads their results."""

from __future__ import annotations

import datetime as dt

import pytest

from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.errors import UserError
from ecodesk.domain.extensions import Extension, checked_extension, shown_deadline
from ecodesk.domain.plan import Target, TaskNode, renumber
from ecodesk.domain.rollover import Carry, carried_targets, carried_tasks, moved_deadline, year_words
from ecodesk.domain.status import Status


def test_year_words_change_the_plans_year_alone() -> None:
    text = "2021年是“十四五”开局之年，2020年以来成效明显，完成2021 年度任务，编号12021年不动"
    assert year_words(text, 2021, 2022) == ("2022年是“十四五”开局之年，2020年以来成效明显，完成2022 年度任务，"
                                            "编号12021年不动")


def test_deadlines_move_into_the_new_year() -> None:
    assert moved_deadline(Deadline(dt.date(2021, 6, 30), "6月底前"), 2021, 2022) == Deadline(dt.date(2022, 6, 30),
                                                                                          "6月底前")
    assert moved_deadline(Deadline(dt.date(2024, 2, 29), ""), 2024, 2025) == Deadline(dt.date(2025, 2, 28), "")
    assert moved_deadline(Deadline(None, "长期坚持"), 2021, 2022) == Deadline(None, "长期坚持")
    assert moved_deadline(Deadline(dt.date(2021, 12, 31), "2021年底前"), 2021, 2022) == Deadline(
        dt.date(2022, 12, 31), "2022年底前")
    assert moved_deadline(None, 2021, 2022) is None


def _plan() -> list[TaskNode]:
    done = TaskNode("已完成的任务", status=Status.DONE, percent=100, id=2)
    going = TaskNode("推进中的任务", status=Status.IN_PROGRESS, percent=40, id=3,
                     deadline=Deadline(dt.date(2021, 6, 30), "6月底前"), lead_units=["综合股"])
    cancelled = TaskNode("已取消的任务", status=Status.CANCELLED, id=5)
    tasks = [TaskNode("一章", children=[done, going], id=1), TaskNode("二章", children=[cancelled], id=4)]
    renumber(tasks)
    return tasks


def test_unfinished_tasks_carry_with_their_headings_and_a_link_back() -> None:
    [chapter] = carried_tasks(_plan(), Carry.UNFINISHED, 2021, 2022)
    [going] = chapter.children
    assert (going.title, going.status, going.percent, going.lead_units) == ("推进中的任务", Status.IN_PROGRESS, 40,
                                                                             ["综合股"])
    assert going.deadline == Deadline(dt.date(2022, 6, 30), "6月底前")
    assert going.carried is not None and going.carried.task_id == 3
    assert going.carried.label == "跨年任务，来自2021年 一（二）"
    assert going.id is None and going.progress == []


def test_all_carries_finished_tasks_afresh_and_none_carries_nothing() -> None:
    chapters = carried_tasks(_plan(), Carry.ALL, 2021, 2022)
    assert [[(c.title, c.status, c.percent) for c in ch.children] for ch in chapters] == [
        [("已完成的任务", Status.NOT_STARTED, 0), ("推进中的任务", Status.IN_PROGRESS, 40)],
        [("已取消的任务", Status.NOT_STARTED, 0)]]
    assert carried_tasks(_plan(), Carry.NONE, 2021, 2022) == []


def test_targets_carry_as_text_with_the_year_updated() -> None:
    assert carried_targets([Target("2021年PM2.5浓度控制在30微克以内", "环境空气", id=9)], 2021, 2022) == [
        Target("2022年PM2.5浓度控制在30微克以内", "环境空气")]


def test_an_extension_keeps_the_original_deadline_in_the_words_reports_print() -> None:
    june = Deadline(dt.date(2021, 6, 30), "6月底前")
    first = checked_extension(june, Deadline(dt.date(2021, 9, 30), "9月底前"), " 资金未到位 ", dt.date(2021, 6, 20))
    assert first == Extension(june, Deadline(dt.date(2021, 9, 30), "9月底前"), "资金未到位", dt.date(2021, 6, 20))
    assert shown_deadline(first.new, [first]) == "原定6月底前，经批准延期至9月底前"
    second = checked_extension(first.new, Deadline(dt.date(2021, 11, 30), ""), "再次延期", None)
    assert shown_deadline(second.new, [first, second]) == "原定6月底前，经批准延期至2021年11月30日"
    assert shown_deadline(june, []) == "6月底前"


@pytest.mark.parametrize(("new", "reason", "message"), [
    (Deadline(dt.date(2021, 9, 30), "9月底前"), "  ", "延期须写明理由"),
    (Deadline(None, "年内"), "资金未到位", "没有具体日期"),
    (Deadline(dt.date(2021, 5, 31), "5月底前"), "资金未到位", "应晚于原完成时限 2021-06-30"),
])
def test_an_extension_without_reason_date_or_later_day_is_refused(new: Deadline, reason: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        checked_extension(Deadline(dt.date(2021, 6, 30), "6月底前"), new, reason, None)


@pytest.mark.parametrize("current", [None, Deadline(None, "长期坚持")])
def test_a_task_without_a_dated_deadline_has_nothing_to_extend(current: Deadline | None) -> None:
    with pytest.raises(UserError, match="没有具体日期，无法延期"):
        checked_extension(current, Deadline(dt.date(2021, 9, 30), "9月底前"), "资金未到位", None)
