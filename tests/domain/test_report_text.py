"""The wording rules of the period report and the summary (domain/report_text): sentences said once, status
tags dropped, the words of each period, the plan's sections, and a target's value as of a day."""

from __future__ import annotations

import datetime as dt

import pytest

from ecodesk.domain.periods import month_period, parse_period
from ecodesk.domain.plan import PlanTree, Target, TargetValue, TaskNode
from ecodesk.domain.report_text import merged, period_words, report_title, sections_of, sentences, target_result


def test_sentences_keep_their_punctuation_and_lose_status_tags() -> None:
    assert sentences("【已完成】完成2家企业改造；第二家下月验收。余下工作推进中") == [
        "完成2家企业改造；", "第二家下月验收。", "余下工作推进中。"]
    assert sentences("  。；  ") == []


def test_a_repeated_sentence_is_said_once_in_first_place() -> None:
    pasted = "3月召开部署会。已完成方案编制；"  # a unit pasting its last report before the new one
    assert merged(["3月召开部署会。", pasted + "6月完成验收。", "已完成方案编制。"]) == \
        "3月召开部署会。已完成方案编制；6月完成验收。"
    assert merged(["", "  "]) == ""


@pytest.mark.parametrize(("key", "done", "coming"), [
    ("2021-Q1", "一季度", "二季度"), ("2021-H1", "上半年", "下半年"), ("2021-Q3", "前三季度", "四季度"),
    ("2021", "全年", "2022年"), ("2021-05", "5月", "6月"), ("2021-12", "12月", "2022年1月"),
])
def test_the_words_of_each_period(key: str, done: str, coming: str) -> None:
    words = period_words(parse_period(key))
    assert (words.done, words.coming) == (done, coming)


def test_the_report_title_follows_the_period() -> None:
    plan = PlanTree(2021, "工作要点", bureau="某某县生态环境局")
    assert (report_title(plan, parse_period("2021-Q3"), plan.bureau)
            == "某某县生态环境局2021年前三季度工作进展情况和四季度工作安排")


def test_one_chapter_is_split_into_its_sections_several_are_not() -> None:
    one = PlanTree(2021, "要点", tasks=[TaskNode("主要任务", children=[
        TaskNode("蓝天", children=[TaskNode("甲")]), TaskNode("碧水")])])
    assert [(s.title, [t.title for t in s.items]) for s in sections_of(one)] == [("蓝天", ["甲"]), ("碧水", ["碧水"])]
    several = PlanTree(2021, "要点", tasks=[TaskNode("蓝天", children=[TaskNode("甲")]), TaskNode("法治")])
    assert [(s.title, [t.title for t in s.items]) for s in sections_of(several)] == [
        ("蓝天", ["甲"]), ("法治", ["法治"])]


def test_a_target_shows_the_latest_value_ended_by_the_day() -> None:
    target = Target("PM2.5 年均浓度 34 微克/立方米以下")
    values = (TargetValue("2021-Q3", "36", False), TargetValue("2021-06", "27"), TargetValue("2021-H1", "26", True))
    for value in values:
        target = target.with_value(value)
    assert [v.period for v in target.values] == ["2021-06", "2021-H1", "2021-Q3"]
    june = month_period(2021, 6).end
    assert target.value_as_of(june) == TargetValue("2021-H1", "26", True)  # the cumulative one over the month
    assert target_result(target, june, "上半年") == "上半年实际完成26，达标。"
    assert target_result(target, dt.date(2021, 5, 31), "5月") == "5月暂无实际值。"
    assert target.with_value(TargetValue("2021-H1", " ")).value_in("2021-H1") is None  # emptied: removed
