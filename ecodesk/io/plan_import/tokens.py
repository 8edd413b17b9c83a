"""Numbering tokens (一、 / （一） / 1. / 1） / （1） / ①) at the start of a line or inside a run-on line.

Every pattern here has bounded repetition so that a 1 MB line is scanned in linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ecodesk.domain.numbering import MAX_NUMERAL_CHARS, NUMERAL_CHARS, parse_chinese_numeral

_CN = NUMERAL_CHARS + "〇两"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# Item numbers up to 999,999,999: more than a 20 MB plan can hold, and int() stays cheap.
MAX_DIGITS = 9

# One alternative per style; the group name is the style, its value the number. The Chinese styles take
# every numeral parse_chinese_numeral reads (up to 九千九百九十九万九千九百九十九).
TOKEN = re.compile(
    rf"(?:(?P<cn>[{_CN}]{{1,{MAX_NUMERAL_CHARS}}})\s?[、．.]"
    rf"|[（(]\s?(?P<pcn>[{_CN}]{{1,{MAX_NUMERAL_CHARS}}})\s?[)）]"
    rf"|(?P<dot>\d{{1,{MAX_DIGITS}}})\s?[.．、](?!\d)"
    rf"|[（(]\s?(?P<par>\d{{1,{MAX_DIGITS}}})\s?[)）]"
    rf"|(?P<half>\d{{1,{MAX_DIGITS}}})[)）]"
    rf"|(?P<circ>[{_CIRCLED}]))\s*"
)
# The digit styles with a number too long to be an item's: such a line is reported, not glued on.
_TOO_LONG = re.compile(
    rf"(?:\d{{{MAX_DIGITS + 1},}}\s?[.．、](?!\d)|[（(]\s?\d{{{MAX_DIGITS + 1},}}\s?[)）]|\d{{{MAX_DIGITS + 1},}}[)）])"
)
# Where a new item may begin inside a line: after sentence or bracket punctuation, or after spaces.
_BOUNDARY = re.compile(r"(?<=[。；;！!？?：:）)\s])\s*(?=[（(]?[\d" + _CN + _CIRCLED + "])")


@dataclass(frozen=True, slots=True)
class Token:
    """A numbering token: its style (one of TOKEN's group names), its number and where the text starts."""

    style: str
    number: int
    end: int


def _number(style: str, text: str) -> int:
    if style == "circ":
        return _CIRCLED.index(text) + 1
    if style in ("cn", "pcn"):
        return parse_chinese_numeral(text)
    return int(text)


def match_token(text: str, pos: int = 0) -> Token | None:
    """The numbering token starting exactly at `pos`, if any."""
    m = TOKEN.match(text, pos)
    if m is None or m.lastgroup is None:
        return None
    try:
        number = _number(m.lastgroup, m.group(m.lastgroup))
    except ValueError:  # 十十十 and similar: not a numeral
        return None
    return Token(m.lastgroup, number, m.end())


def out_of_range(text: str) -> bool:
    """A line numbered like an item (“1234567890.”, “（12345678901）”) whose number no plan reaches."""
    return _TOO_LONG.match(text) is not None


def split_run_on(text: str, last: dict[str, int]) -> list[str]:
    """Split a line where several numbered items run together.

    A split happens only before a token that continues a sequence already seen (number 1, or one more
    than the last number of its style) and follows punctuation or spaces, so “PM2.5” or “2021.3.1”
    never split. `last` carries the last number per style across lines and is updated.
    """
    pieces: list[str] = []
    start = 0
    head = match_token(text)
    if head:
        last[head.style] = head.number
    for m in _BOUNDARY.finditer(text, 1):
        token = match_token(text, m.end())
        if token is None or token.number not in (1, last.get(token.style, 0) + 1):
            continue
        if m.end() <= start or not text[start : m.start()].strip():
            continue
        pieces.append(text[start : m.start()])
        start = m.end()
        last[token.style] = token.number
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]
