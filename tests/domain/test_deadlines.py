import datetime as dt

import pytest

from ecodesk.domain.deadlines import parse_deadline, parse_iso_date

D = dt.date


@pytest.mark.parametrize(
    ("text", "date", "wording"),
    [
        ("完成时限：2021年6月底前", D(2021, 6, 30), "2021年6月底前"),
        ("6月底前", D(2021, 6, 30), "6月底前"),
        ("年底前", D(2021, 12, 31), "年底前"),
        ("2022年9月30日前", D(2022, 9, 30), "2022年9月30日前"),
        ("第三季度", D(2021, 9, 30), "第三季度"),
        ("一季度", D(2021, 3, 31), "一季度"),
        ("上半年", D(2021, 6, 30), "上半年"),
        ("下半年", D(2021, 12, 31), "下半年"),
        ("2月底前", D(2021, 2, 28), "2月底前"),
        ("10月中旬", D(2021, 10, 20), "10月中旬"),
        ("十一月底", D(2021, 11, 30), "十一月底"),
        ("（完成时限：２０２１年６月底前）", D(2021, 6, 30), "２０２１年６月底前"),
        ("2021-07-15", D(2021, 7, 15), "2021-07-15"),
        ("6月底前（视情况）", D(2021, 6, 30), "6月底前（视情况）"),
        ("（完成时限：年底前（视情况））", D(2021, 12, 31), "年底前（视情况）"),
        ("长期坚持", None, "长期坚持"),
        ("持续推进", None, "持续推进"),
    ],
)
def test_deadline_wording_gives_the_last_day_it_allows(text: str, date: D | None, wording: str) -> None:
    deadline = parse_deadline(text, 2021)
    assert deadline.date == date
    assert deadline.text == wording


def test_impossible_dates_are_errors_in_chinese() -> None:
    with pytest.raises(ValueError, match="不是有效日期"):
        parse_deadline("2021年2月30日前", 2021)
    with pytest.raises(ValueError, match="完成时限“2021-13-01”无效"):
        parse_iso_date("2021-13-01", "完成时限")
