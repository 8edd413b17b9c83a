"""Clerk text: what may be stored (no control characters) and how its edges are tidied (brackets kept).

Every service that stores typed text and the importer pass it through `clean_text`, so that nothing an
exporter cannot write (Word and Excel refuse control characters) ever reaches the database.
"""

from __future__ import annotations

import re

# Control characters other than tab and newline, lone surrogates (undecodable command-line bytes) and
# the two non-characters XML forbids; carriage returns are turned into newlines first.
_UNSTORABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_CARRIAGE_RETURN = re.compile("\r\n?")

# Each bracket's kind: full- and half-width forms pair with each other, as clerks mix them.
_OPENING = {"（": "round", "(": "round", "【": "square", "[": "square", "［": "square", "《": "angle",
            "「": "corner", "“": "double", "‘": "single"}
_CLOSING = {"）": "round", ")": "round", "】": "square", "]": "square", "］": "square", "》": "angle",
            "」": "corner", "”": "double", "’": "single"}


def clean_text(text: str) -> str:
    """`text` without the characters that must not be stored; line breaks kept as newlines."""
    return _UNSTORABLE.sub("", _CARRIAGE_RETURN.sub("\n", text))


def unmatched_brackets(text: str) -> set[int]:
    """Positions of the brackets in `text` that have no partner, such as the 1st of “（综合股” or the
    last of “6月底前（视情况））”."""
    unmatched: set[int] = set()
    open_at: list[tuple[int, str]] = []
    for i, ch in enumerate(text):
        if ch in _OPENING:
            open_at.append((i, _OPENING[ch]))
        elif ch in _CLOSING:
            kinds = [kind for _, kind in open_at]
            if _CLOSING[ch] not in kinds:
                unmatched.add(i)
                continue
            depth = len(kinds) - 1 - kinds[::-1].index(_CLOSING[ch])
            unmatched.update(pos for pos, _ in open_at[depth + 1 :])
            del open_at[depth:]
    unmatched.update(pos for pos, _ in open_at)
    return unmatched


def strip_edges(text: str, chars: str) -> str:
    """`text` with the `chars` at either end removed, except brackets that close or open a pair inside it:
    “（环境监测站（临时）” → “环境监测站（临时）”, where str.strip would also cut the clerk's “）”."""
    loose = unmatched_brackets(text)

    def strippable(i: int) -> bool:
        ch = text[i]
        return ch in chars and (i in loose or (ch not in _OPENING and ch not in _CLOSING))

    start, end = 0, len(text)
    while start < end and strippable(start):
        start += 1
    while end > start and strippable(end - 1):
        end -= 1
    return text[start:end]
