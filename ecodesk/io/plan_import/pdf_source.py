"""PDF plans with a text layer (what bureaus publish on their sites), read with pdfminer.six.

pdfminer.six was chosen over pypdf on PDFs that LibreOffice made from the sample plans: both read the
Chinese characters and the numbering right, but pypdf's text is bare printed lines, with no mark where a
paragraph ends (its visitor gives loose text fragments, not lines), while pdfminer gives every line with its
box, which tells a line broken by the page width from a paragraph's end. With a word margin of 0.3 its text
equals the Word original's, without the space its default puts between 局 and 2021.

A PDF line is a line of the printed page, not a paragraph: a line that reaches the right edge of the text
column and is followed by one that is not indented, at the usual line pitch or on the next page, continues
the same paragraph (the 公文 layout indents each paragraph and has no space between them; LibreOffice's
default spaces paragraphs and indents none). Page headers and footers are dropped: the top or bottom line
of a page when it is also the top (or bottom) line of another page, or a page number (“— 3 —”, “第 3 页”).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTAnno, LTChar, LTPage, LTTextBox, LTTextLine
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psexceptions import PSException

from ecodesk.domain.errors import InputFileError
from ecodesk.io.plan_import.guard import PARSER_FAILURES
from ecodesk.io.plan_import.rawtree import SourceLine

_WORD_GAP = 0.3  # a gap wider than this (in font sizes, as LAParams' word_margin) between glyphs is a space
_LAYOUT = LAParams(word_margin=_WORD_GAP)
# A line ending this close to the column's right edge (in font sizes) filled the line: the text goes on.
# Chinese line breaking leaves up to a few characters free (no 。 or ” may open a line, Latin words stay
# whole), and the right edge is the median end of the long lines, which some lines overshoot.
_FULL_LINE_SLACK = 3.0
# A line starting this far right of the column's left edge (in font sizes) begins a paragraph.
_INDENT = 0.8
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－‒―\s]*\d{1,4}[-—–－‒―\s]*|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$"
)
# A gap this much wider than the page's usual line pitch is space between paragraphs.
_PARAGRAPH_GAP = 1.3
_DIGITS = re.compile(r"\d+")
_BROKEN = (PSException, PDFSyntaxError, *PARSER_FAILURES)


@dataclass(frozen=True, slots=True)
class _Line:
    """One printed line: its page, its baseline box (left, right, bottom) and its font size."""

    page: int
    y0: float
    x0: float
    x1: float
    size: float
    text: str


def read_lines(data: bytes, name: str) -> list[SourceLine]:
    """Paragraphs of the PDF's text layer, without page headers, footers and numbers."""
    pages = _pages(data, name)
    lines = [line for page in pages for line in page]
    if not any(line.text.strip() for line in lines):
        raise InputFileError(
            f"文件“{name}”是扫描件或图片 PDF，没有可读取的文字层；"
            "请导入原始 Word 文档，或先用 OCR 软件转成文字后再导入"
        )
    body = _without_page_furniture(pages)
    return list(_paragraphs(body))


def _pages(data: bytes, name: str) -> list[list[_Line]]:
    try:
        return [_page_lines(number, page) for number, page in enumerate(extract_pages(io.BytesIO(data),
                                                                                       laparams=_LAYOUT), 1)]
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise InputFileError(f"文件“{name}”设有密码（加密），无法读取；请去除密码后再导入") from exc
    except _BROKEN as exc:
        raise InputFileError(f"文件“{name}”已损坏或不是有效的 PDF 文档，无法读取") from exc


def _page_lines(number: int, page: LTPage) -> list[_Line]:
    """The printed lines of a page in reading order (pdfminer's block order, top to bottom within a block).

    pdfminer groups characters into lines per font: where a line mixes fonts (digits or quotation marks in
    another font than the Chinese text, as 公文 often set them, or as a fallback font gives them) one
    printed line comes as several pieces on the same baseline, some inside others' gaps. Those are put
    back together here, character by character; pieces far apart on a baseline (table cells) stay lines
    of their own."""
    out: list[_Printed] = []
    for box in page:
        for line in box if isinstance(box, LTTextBox) else ():
            piece = _Printed.of(line) if isinstance(line, LTTextLine) else None
            if piece is None:
                continue
            same = next((printed for printed in out if printed.joins(piece)), None)
            if same is None:
                out.append(piece)
            else:
                same.take(piece)
    return [printed.line(number) for printed in out]


@dataclass(slots=True)
class _Printed:
    """One printed line as it is put together: its glyphs by position (x0, x1, text), and the gaps pdfminer
    filled with a space (x0, x1) between two of them."""

    glyphs: list[tuple[float, float, str]]
    gaps: list[tuple[float, float]]
    y0: float
    y1: float
    x0: float  # the leftmost glyph's left edge and the rightmost's right one, kept as glyphs are taken
    x1: float

    @classmethod
    def of(cls, line: LTTextLine) -> _Printed | None:
        glyphs: list[tuple[float, float, str]] = []
        gaps: list[tuple[float, float]] = []
        space_after: float | None = None  # a space pdfminer put after the glyph that ends there
        for item in line:
            if isinstance(item, LTChar):
                if space_after is not None and glyphs:
                    gaps.append((space_after, item.x0))
                glyphs.append((item.x0, item.x1, item.get_text()))
                space_after = None
            elif isinstance(item, LTAnno) and item.get_text().isspace() and item.get_text() != "\n" and glyphs:
                space_after = glyphs[-1][1]
        if not "".join(text for *_, text in glyphs).strip():
            return None
        return cls(glyphs, gaps, line.y0, line.y1, min(g[0] for g in glyphs), max(g[1] for g in glyphs))

    @property
    def size(self) -> float:
        return max(self.y1 - self.y0, 1.0)

    def joins(self, other: _Printed) -> bool:
        """Whether `other` is more of this line: on its baseline (their middles less than half a line
        apart) and overlapping it or within a character of it."""
        middle, other_middle = (self.y0 + self.y1) / 2, (other.y0 + other.y1) / 2
        size = min(self.size, other.size)
        return (abs(middle - other_middle) < size / 2
                and other.x0 <= self.x1 + size and self.x0 <= other.x1 + size)

    def take(self, other: _Printed) -> None:
        self.glyphs, self.gaps = [*self.glyphs, *other.glyphs], [*self.gaps, *other.gaps]
        self.y0, self.y1 = min(self.y0, other.y0), max(self.y1, other.y1)
        self.x0, self.x1 = min(self.x0, other.x0), max(self.x1, other.x1)

    def line(self, page: int) -> _Line:
        """The line, its glyphs and spaces left to right: a gap that holds a glyph (of another piece, or
        one pdfminer listed out of order) is no space; a space where two pieces met a gap apart."""
        spaces = [(a, a, " ") for a, b in self.gaps if not any(x0 < b and x1 > a for x0, x1, _ in self.glyphs)]
        ordered = sorted([*self.glyphs, *spaces], key=lambda g: (g[0], g[2] != " "))
        parts: list[str] = []
        end: float | None = None
        for x0, x1, text in ordered:
            if end is not None and text != " " and parts[-1] != " " and x0 - end > _WORD_GAP * self.size:
                parts.append(" ")
            parts.append(text)
            end = max(end or x1, x1)
        return _Line(page, self.y0, self.x0, self.x1, self.size, "".join(parts).strip())


def _without_page_furniture(pages: list[list[_Line]]) -> list[_Line]:
    """Every line but headers, footers and page numbers: a page's top or bottom line that is a page number,
    or whose wording (numbers aside) is also the top (or bottom) line of another page."""
    edges = [_edge_lines(page) for page in pages]
    seen: dict[tuple[int, str], int] = {}
    for page_edges in edges:
        for key in page_edges:
            seen[key] = seen.get(key, 0) + 1
    dropped = {
        id(line) for page_edges in edges for key, line in page_edges.items()
        if _PAGE_NUMBER.match(line.text) or seen[key] > 1
    }
    return [line for page in pages for line in page if id(line) not in dropped]


def _edge_lines(page: list[_Line]) -> dict[tuple[int, str], _Line]:
    """The top and bottom line of a page, keyed by their side and their wording with numbers masked."""
    ends = {0: page[0], 1: page[-1]} if page else {}
    return {(side, _DIGITS.sub("#", line.text)): line for side, line in ends.items()}


def _paragraphs(lines: list[_Line]) -> Iterator[SourceLine]:
    """The printed lines of each paragraph joined back into one, numbered 1, 2, … like Word's paragraphs."""
    column = _Column.of(lines)
    count = 0
    parts: list[str] = []
    for prev, line in zip([None, *lines], lines, strict=False):
        if prev is not None and not column.continues(prev, line):
            count += 1
            yield count, "".join(parts)
            parts = []
        parts.append(line.text)
    if parts:
        yield count + 1, "".join(parts)


@dataclass(frozen=True, slots=True)
class _Column:
    """The text column of the document: its left and right edges and its usual line pitch."""

    left: float
    right: float
    pitch: float

    @classmethod
    def of(cls, lines: list[_Line]) -> _Column:
        left = min((line.x0 for line in lines), default=0.0)
        widest = max((line.x1 for line in lines), default=left)
        # the right edge: the median end of the lines that reach past the middle, which a few overshoot
        long_ends = sorted(line.x1 for line in lines if line.x1 > (left + widest) / 2)
        pitches = sorted(a.y0 - b.y0 for a, b in pairwise(lines)
                         if a.page == b.page and a.y0 > b.y0)
        return cls(left, long_ends[len(long_ends) // 2] if long_ends else widest,
                   pitches[len(pitches) // 2] if pitches else 0.0)

    def continues(self, prev: _Line, line: _Line) -> bool:
        """Whether `line` goes on with `prev`'s paragraph: `prev` filled the column, `line` is not indented,
        and `line` follows at the usual pitch or opens the next page."""
        full = prev.x1 >= self.right - _FULL_LINE_SLACK * prev.size
        indented = line.x0 > self.left + _INDENT * line.size
        next_page = line.page == prev.page + 1
        close = line.page == prev.page and 0 < prev.y0 - line.y0 <= self.pitch * _PARAGRAPH_GAP
        return full and not indented and (close or next_page)
