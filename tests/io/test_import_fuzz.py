"""Fuzzing the text structure parser: any mix of numbering, punctuation and junk either parses or
raises InputFileError, and finishes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ecodesk.domain.errors import InputFileError
from ecodesk.io.plan_import.structure import parse_lines

PIECES = [
    "一、", "二、", "十一、", "（一）", "(二)", "1.", "2．", "3、", "1)", "（1）", "①", "②", "⑴",
    "。", "；", ";", "：", "，", "）", "（", "“", "”", "\n", " ", "\u3000", "|", "•",
    "2021年", "PM2.5", "2.0", "1.3起", "6月底前", "第三季度", "长期坚持", "2月30日",
    "（责任单位：", "综合股、生态股）", "牵头单位：", "配合单位：", "完成时限：", "及相关业务股室", "各股室",
    "分享到:", "索引号: 1", "浏览量:", "字体【 】", "扫一扫在手机打开当前页", "日期:2021-01-01",
    "主要目标", "总体要求", "环境空气方面：", "工作要点", "加强监管", "十十十、", "〇〇、", "99999.",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=5), max_size=60), st.none() | st.just(2021))
def test_parser_never_crashes(pieces: list[str], year: int | None) -> None:
    text = "".join(pieces)
    lines = list(enumerate(text.split("\n"), start=1))
    try:
        result = parse_lines(lines, "fuzz.txt", year)
    except InputFileError as err:
        assert "fuzz.txt" in str(err)
        return
    result.summary_lines()
    assert all(t.title for t in result.plan.walk())


def test_regression_impossible_deadline_in_fuzzed_text() -> None:
    result = parse_lines([(1, "一、任务（完成时限：2月30日）")], "fuzz.txt", 2021)
    assert result.unplaced == [(1, "完成时限“2月30日”不是有效日期")]


def test_regression_numbering_token_without_text() -> None:
    result = parse_lines([(1, "2021年要点"), (2, "一、"), (3, "1.")], "fuzz.txt", None)
    assert [t.title for t in result.plan.walk()] == ["（未命名任务）", "（未命名任务）"]
