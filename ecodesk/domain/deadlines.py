"""Deadline wording (完成时限) → a date, keeping the clerk's original words.

Plans write deadlines as phrases: “2021年6月底前”, “年底前”, “第三季度”, “长期坚持”. The date is the
last day the phrase allows; phrases without a date (长期坚持, 持续推进) keep only their wording.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ecodesk.domain.numbering import parse_chinese_numeral
from ecodesk.domain.text import strip_edges


@dataclass(frozen=True, slots=True)
class Deadline:
    """A deadline: the date it falls on (None when open-ended) and the wording it came from."""

    date: dt.date | None
    text: str

    @property
    def is_open_ended(self) -> bool:
        return self.date is None


_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_NUM = r"(\d{1,4}|[一二三四五六七八九十〇两]{1,3})"
# Patterns as strings: `re` compiles (and caches) each on first use, so importing the domain (as the
# GUI does at start) costs no regex compilation.
_YEAR = r"(\d{4})\s*年"
_DAY = rf"(?:(\d{{4}})\s*年)?\s*{_NUM}\s*月\s*{_NUM}\s*[日号]"
_MONTH = rf"(?:(\d{{4}})\s*年)?\s*{_NUM}\s*月\s*(底|末|中旬|上旬|下旬|初|中)?"
_QUARTER = r"(?:(\d{4})\s*年)?\s*第?\s*([一二三四1-4])\s*季度"
_HALF = r"(?:(\d{4})\s*年)?\s*(上|下)半年"
_YEAR_END = r"(?:(\d{4})\s*年)?\s*(年底|年末|年内|全年|年终|年度内|12月底)"
_ISO = r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
_PREFIX = r"^\s*[（(]?\s*(完成时限|完成时间|时间节点|时限)\s*[:：]\s*"


def _num(text: str) -> int:
    return int(text) if text.isdigit() else parse_chinese_numeral(text)


def month_end(year: int, month: int) -> dt.date:
    """The last day of the month (without `calendar`, which imports `locale`)."""
    first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - dt.timedelta(days=1)


def _year_of(match: re.Match[str], default_year: int) -> int:
    return int(match.group(1)) if match.group(1) else default_year


def parse_deadline(text: str, default_year: int) -> Deadline:
    """Parse deadline wording; `default_year` fills in phrases such as “6月底前” (the plan's year).

    Raises ValueError only for impossible dates (“2月30日”); unknown wording is kept without a date.
    """
    wording = strip_edges(re.sub(_PREFIX, "", text.strip()), "）)。；;，, ")
    s = wording.translate(_FULLWIDTH)
    if m := re.search(_ISO, s):
        return Deadline(_checked_date(int(m[1]), int(m[2]), int(m[3]), wording), wording)
    if m := re.search(_DAY, s):
        year = _year_of(m, default_year)
        return Deadline(_checked_date(year, _num(m[2]), _num(m[3]), wording), wording)
    if m := re.search(_YEAR_END, s):
        return Deadline(dt.date(_year_of(m, default_year), 12, 31), wording)
    if m := re.search(_QUARTER, s):
        quarter = _num(m[2])
        return Deadline(month_end(_year_of(m, default_year), quarter * 3), wording)
    if m := re.search(_HALF, s):
        return Deadline(month_end(_year_of(m, default_year), 6 if m[2] == "上" else 12), wording)
    if m := re.search(_MONTH, s):
        year, month = _year_of(m, default_year), _num(m[2])
        if not 1 <= month <= 12:
            raise ValueError(f"完成时限“{wording}”中的月份无效")
        part = m[3] or "底"
        if part in ("上旬", "初"):
            return Deadline(dt.date(year, month, 10), wording)
        if part in ("中旬", "中"):
            return Deadline(dt.date(year, month, 20), wording)
        return Deadline(month_end(year, month), wording)
    if m := re.search(_YEAR, s):
        return Deadline(dt.date(int(m[1]), 12, 31), wording)
    return Deadline(None, wording)


def _checked_date(year: int, month: int, day: int, wording: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"完成时限“{wording}”不是有效日期") from None


def parse_iso_date(text: str, field: str = "日期") -> dt.date:
    """A YYYY-MM-DD date typed by a user; the error names the field."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{field}“{text}”无效，应为 YYYY-MM-DD 格式，例如 2021-06-30") from None


# patterns compiled (and cached by `re`) at the first date typed, not at the window's start
_TYPED_DATE = r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$"
_TYPED_PART = r"^[\d\s\-/.年月日]*$"


def parse_typed_date(text: str) -> dt.date | None:
    """A date as a clerk types it into a date field: 2021-05-10, 2021/5/10, 2021.5.10 or 2021年5月10日;
    None when `text` is not (yet) a whole, real date."""
    m = re.match(_TYPED_DATE, text)
    if m is None:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def may_become_date(text: str) -> bool:
    """Whether `text` could still grow into a typed date (digits and the separators above only)."""
    return re.match(_TYPED_PART, text) is not None


def format_cn_date(day: dt.date) -> str:
    """2021-06-30 → 2021年6月30日, as official documents print dates."""
    return f"{day.year}年{day.month}月{day.day}日"
