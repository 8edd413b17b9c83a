"""Plain-text plans: decode the bytes (UTF-8, UTF-8/16 with BOM, UTF-16 without BOM, GB18030/GBK).

Encodings are tried strictly and a candidate is accepted only when nearly all of its characters are
ones a Chinese document uses; a file that fits no encoding is refused rather than shown garbled.
"""

from __future__ import annotations

import codecs

from ecodesk.domain.errors import InputFileError
from ecodesk.io.plan_import.rawtree import SourceLine

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SAMPLE_CHARS = 65536
MIN_PLAUSIBLE = 0.97
_PLAUSIBLE_RANGES = (
    (0x20, 0x7E),
    (0xA0, 0x24F),  # Latin-1 and Latin extended: ×, é, ·
    (0x370, 0x4FF),  # Greek and Cyrillic: μ, α
    (0x2000, 0x2BFF),  # punctuation, letterlike, arrows, maths, ①, Ⅲ, boxes, shapes
    (0x3000, 0x33FF),  # CJK punctuation, kana, enclosed CJK, ㎡
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),  # full-width forms
)


def _plausible(ch: str) -> bool:
    if ch in "\t\n\r":
        return True
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _PLAUSIBLE_RANGES)


def plausibility(text: str) -> float:
    """Share of characters (of a leading sample) that a Chinese plan may contain."""
    sample = text[:_SAMPLE_CHARS]
    if not sample:
        return 0.0
    return sum(1 for ch in sample if _plausible(ch)) / len(sample)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def decode(data: bytes, name: str) -> str:
    """The text of the file, or InputFileError when no supported encoding decodes it cleanly."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data, encoding)
            if text is None:
                raise InputFileError(f"文件“{name}”带 {encoding.upper()} 标记，但内容无法解码，可能已损坏")
            return text
    text = _strict(data, "utf-8")
    if text is not None and "\x00" not in text:
        return text
    candidates = [t for enc in ("utf-16-le", "utf-16-be", "gb18030") if (t := _strict(data, enc)) is not None]
    best = max(candidates, key=plausibility, default=None)
    if best is None or plausibility(best) < MIN_PLAUSIBLE:
        raise InputFileError(
            f"无法识别文件“{name}”的文字编码，或它不是文本文件；"
            "支持 UTF-8、UTF-16、GB18030/GBK，请另存为 UTF-8 后再导入"
        )
    return best


def read_lines(data: bytes, name: str) -> list[SourceLine]:
    """Numbered (1-based) lines of a text file."""
    text = decode(data, name).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputFileError(f"文件“{name}”是空文件，没有可导入的内容")
    return list(enumerate(text.split("\n"), start=1))
