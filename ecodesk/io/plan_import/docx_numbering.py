"""Word automatic numbering: the label (“一、”, “（一）”, “1.”) Word would draw before a paragraph.

numbering.xml maps a paragraph's w:numPr (numId, ilvl) to a w:num, which points at a w:abstractNum
whose w:lvl gives numFmt, lvlText (“%1、”, “（%1）”, “%1.%2”) and start. Counters belong to the
abstract list, as in Word; a w:num with a startOverride restarts its level when first used, and a
counter restarts whenever a shallower level advances.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TypeVar

from docx.oxml.ns import qn
from lxml import etree

from ecodesk.domain.numbering import NUMERAL_CHARS, chinese_numeral

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_LEGAL = str.maketrans("一二三四五六七八九十百", "壹贰叁肆伍陆柒捌玖拾佰")
_CN_DIGITS = NUMERAL_CHARS + "〇"
_Default = TypeVar("_Default", int, None)
_PLACEHOLDER = re.compile(r"%([1-9])")
MAX_LEVELS = 9
# Word's own range for a list's start value; a larger one (a 4,200-digit w:start) is not a list Word
# draws, and rendering it would exhaust recursion (中文) or memory (roman numerals, letters).
MAX_START = 32767


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                       (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        count, n = divmod(n, value)
        out += sym * count
    return out


def format_number(n: int, fmt: str) -> str:
    """One counter in a w:numFmt: decimal, chineseCounting, decimalEnclosedCircle, upperLetter…"""
    if n <= 0:
        return str(n)
    if fmt.startswith(("chineseCounting", "ideographDigital", "taiwaneseCounting", "japaneseCounting")):
        return chinese_numeral(n)
    if fmt == "chineseLegalSimplified":
        return chinese_numeral(n).translate(_LEGAL)
    if fmt.startswith("decimalEnclosedCircle") and n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt in ("ideographTraditional", "ideographZodiac") and n <= len(_TIANGAN):
        return _TIANGAN[n - 1]
    if fmt in ("upperLetter", "lowerLetter"):
        return _letters(n).upper() if fmt == "upperLetter" else _letters(n)
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return str(n)


@dataclass(slots=True)
class Level:
    fmt: str = "decimal"
    text: str = ""
    start: int = 1


@dataclass(slots=True)
class NumberingState:
    """Definitions read from numbering.xml and the running counters while walking the body."""

    abstract_levels: dict[str, dict[int, Level]] = field(default_factory=dict)
    num_abstract: dict[str, str] = field(default_factory=dict)
    num_starts: dict[str, dict[int, int]] = field(default_factory=dict)
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    used_nums: set[str] = field(default_factory=set)

    @classmethod
    def from_xml(cls, numbering: etree._Element | None) -> NumberingState:
        state = cls()
        if numbering is None:
            return state
        for abstract in numbering.iterchildren(qn("w:abstractNum")):
            state.abstract_levels[abstract.get(qn("w:abstractNumId"))] = {
                xml_int(lvl.get(qn("w:ilvl")), 0, 0, MAX_LEVELS - 1): _level(lvl)
                for lvl in abstract.iterchildren(qn("w:lvl"))
            }
        for num in numbering.iterchildren(qn("w:num")):
            num_id = num.get(qn("w:numId"))
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                state.num_abstract[num_id] = ref.get(qn("w:val"))
            state.num_starts[num_id] = {
                xml_int(o.get(qn("w:ilvl")), 0, 0, MAX_LEVELS - 1):
                    xml_int(_val(o, "w:startOverride"), 1, 0, MAX_START)
                for o in num.iterchildren(qn("w:lvlOverride"))
                if o.find(qn("w:startOverride")) is not None
            }
        return state

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the counter of (num_id, ilvl) and return the drawn label; '' for bullets and none."""
        abstract_id = self.num_abstract.get(num_id)
        levels = self.abstract_levels.get(abstract_id or "")
        if not levels or not 0 <= ilvl < MAX_LEVELS:
            return ""
        counters = self.counters.setdefault(abstract_id or "", [None] * MAX_LEVELS)
        if num_id not in self.used_nums:
            self.used_nums.add(num_id)
            for lvl, start in self.num_starts.get(num_id, {}).items():
                if 0 <= lvl < MAX_LEVELS:
                    counters[lvl] = start - 1
        level = levels.get(ilvl, Level())
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, MAX_LEVELS):
            counters[deeper] = None
        if level.fmt in ("bullet", "none"):
            return ""
        return self._render(levels, counters, level)

    @staticmethod
    def _render(levels: dict[int, Level], counters: list[int | None], level: Level) -> str:
        def value(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lvl = levels.get(k, Level())
            return format_number(counters[k] if counters[k] is not None else lvl.start, lvl.fmt)

        text = _PLACEHOLDER.sub(value, level.text).strip()
        if text and text[-1] in _CN_DIGITS:
            return text + "、"
        return text + "." if text and text[-1].isdigit() else text


def _val(element: etree._Element, tag: str) -> str | None:
    child = element.find(qn(tag))
    return None if child is None else child.get(qn("w:val"))


def xml_int(text: str | None, default: _Default, low: int, high: int) -> int | _Default:
    """A whole-number attribute of a Word part, or `default` when it is missing, not a number (“abc”) or
    outside [low, high]: values come from the file and are bounded before anything is sized by them."""
    if text is None or not text.strip().isascii() or len(text) > 12:
        return default
    try:
        value = int(text)
    except ValueError:
        return default
    return value if low <= value <= high else default


def _level(lvl: etree._Element) -> Level:
    return Level(
        fmt=_val(lvl, "w:numFmt") or "decimal",
        text=_val(lvl, "w:lvlText") or "",
        start=xml_int(_val(lvl, "w:start"), 1, 0, MAX_START),
    )
