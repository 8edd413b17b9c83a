"""Numbering labels derived from a task's position: 一、 / （一） / 1. / 1）."""

from __future__ import annotations

MAX_DEPTH = 4
_DIGITS = "零一二三四五六七八九"
_UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL_CHARS = _DIGITS + "十百千万"
MAX_NUMERAL = 99_999_999
MAX_NUMERAL_CHARS = 15  # 九千九百九十九万九千九百九十九: the longest numeral up to MAX_NUMERAL


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一, 100 → 一百, 1005 → 一千零五, 20000 → 二万.

    Imported plans may hold thousands of items at one level, so 千 and 万 are needed too.
    """
    if n <= 0:
        raise ValueError("numbering starts at 1")
    for unit, name in ((10000, "万"), (1000, "千")):
        if n >= unit:
            head, rest = divmod(n, unit)
            if rest == 0:
                return chinese_numeral(head) + name
            gap = "零" if rest < unit // 10 else ""
            tail = "一" + chinese_numeral(rest) if 10 <= rest < 20 else chinese_numeral(rest)
            return chinese_numeral(head) + name + gap + tail
    if n < 10:
        return _DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        head = "" if tens == 1 else _DIGITS[tens]
        return head + "十" + (_DIGITS[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        return _DIGITS[hundreds] + "百"
    middle = "零" if rest < 10 else ""
    tail = chinese_numeral(rest) if rest >= 20 or rest < 10 else "一" + chinese_numeral(rest)
    return _DIGITS[hundreds] + "百" + middle + tail


def parse_chinese_numeral(text: str) -> int:
    """Inverse of chinese_numeral for 一 … 九千九百九十九万九千九百九十九 (MAX_NUMERAL), as clerks also write
    them (〇 for 零, 两 for 二, 一十 for 十); ValueError for anything else, such as 十十十 or 二二: that text is
    not a number. Plans numbered by Word past 九百九十九 read back, as exported ones do."""
    normal = text.replace("〇", "零").replace("两", "二")
    if not normal or len(normal) > MAX_NUMERAL_CHARS or any(ch not in NUMERAL_CHARS for ch in normal):
        raise ValueError(f"“{text}”不是中文数字")
    total, section, current = 0, 0, 0
    for ch in normal:
        if ch == "万":
            total += (section + current) * 10000
            section = current = 0
        elif ch in _UNITS:
            section += (current or 1) * _UNITS[ch]
            current = 0
        else:
            current = _DIGITS.index(ch)
    value = total + section + current
    if not 0 < value <= MAX_NUMERAL or chinese_numeral(value) != _without_leading_one(normal):
        raise ValueError(f"“{text}”不是中文数字")
    return value


def _without_leading_one(numeral: str) -> str:
    """一十五 → 十五, as chinese_numeral writes the tens (一十 only inside larger numbers: 一百一十)."""
    return numeral.removeprefix("一") if numeral.startswith("一十") else numeral


def label(depth: int, position: int) -> str:
    """The label of the `position`-th (1-based) child at `depth` (1 = chapter)."""
    if depth == 1:
        return f"{chinese_numeral(position)}、"
    if depth == 2:
        return f"（{chinese_numeral(position)}）"
    if depth == 3:
        return f"{position}."
    if depth == 4:
        return f"{position}）"
    raise ValueError(f"tasks nest at most {MAX_DEPTH} levels")


def full_label(path: tuple[int, ...] | list[int]) -> str:
    """The number a clerk quotes, with its ancestors: 一、 / 一（二） / 一（二）3. / 一（二）3.1）."""
    labels = [label(depth, pos) for depth, pos in enumerate(path, start=1)]
    if len(labels) > 1:
        labels[0] = labels[0].rstrip("、")
    return "".join(labels)


def number_path(path: list[int]) -> str:
    """A dotted path of 1-based positions, e.g. [3, 1, 2] → "3.1.2": how the CLI names a task."""
    return ".".join(str(p) for p in path)


def parse_number_path(text: str) -> list[int]:
    """"3.1.2" → [3, 1, 2]; the empty string names the plan root."""
    text = text.strip()
    if not text:
        return []
    try:
        parts = [int(p) for p in text.split(".")]
    except ValueError:
        raise ValueError(f"编号路径“{text}”无效，应为如 3.1.2 的数字序列") from None
    if any(p < 1 for p in parts) or len(parts) > MAX_DEPTH:
        raise ValueError(f"编号路径“{text}”无效，应为 1 至 {MAX_DEPTH} 级的正整数")
    return parts
