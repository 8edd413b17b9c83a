"""PDF plans with a text layer (what bureaus publish on their sites), read with pdfminer.six.

pdfminer.six was chosen over pypdf on PDFs that LibreOffice made from the sample plans: both read the
Chinese text and the numbering right, but pypdf gives bare lines without their positions, so a paragraph
broken by the page width cannot be told from a new one, while pdfminer gives each line's box. With a word
margin of 0.3 its text equals the Word original's, with no space invented between 局 and 2021.

A PDF line is a line of the printed page, not a paragraph: a line that reaches the right edge of the text
column and is followed, in the same block or on the next page, by one that is not indented continues the
same paragraph. Page headers and footers (the top and bottom line of a page when it repeats on other pages,
or is a page number such as “— 3 —”, “第 3 页 共 9 页”) are dropped.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTPage, LTTextBox, LTTextLine
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psexceptions import PSException

from ecodesk.domain.errors import InputFileError
from ecodesk.io.plan_import.guard import PARSER_FAILURES
from ecodesk.io.plan_import.rawtree import SourceLine

_LAYOUT = LAParams(word_margin=0.3)
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
_DIGITS = re.compile(r"\d+")
_BROKEN = (PSException, PDFSyntaxError, *PARSER_FAILURES)


@dataclass(frozen=True, slots=True)
class _Line:
    """One printed line: its page, its block on the page, its left and right edges and its font size."""

    page: int
    block: int
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
    """The text lines of a page in reading order (pdfminer's block order, top to bottom within a block)."""
    out: list[_Line] = []
    for block, box in enumerate(b for b in page if isinstance(b, LTTextBox)):
        for line in box:
            text = line.get_text().strip() if isinstance(line, LTTextLine) else ""
            if text:
                out.append(_Line(number, block, line.x0, line.x1, max(line.height, 1.0), text))
    return out


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
    left = min((line.x0 for line in lines), default=0.0)
    right = _right_edge(lines, left)
    count = 0
    parts: list[str] = []
    for prev, line in zip([None, *lines], lines, strict=False):
        if prev is not None and not _continues(prev, line, left, right):
            count += 1
            yield count, "".join(parts)
            parts = []
        parts.append(line.text)
    if parts:
        yield count + 1, "".join(parts)


def _right_edge(lines: list[_Line], left: float) -> float:
    """Where the text column ends: the median right end of the lines that reach past its middle."""
    widest = max((line.x1 for line in lines), default=left)
    long_ends = sorted(line.x1 for line in lines if line.x1 > (left + widest) / 2)
    return long_ends[len(long_ends) // 2] if long_ends else widest


def _continues(prev: _Line, line: _Line, left: float, right: float) -> bool:
    """Whether `line` goes on with `prev`'s paragraph: `prev` filled the column, `line` is not indented,
    and the two are in one block or `line` opens the next page."""
    if (prev.page, prev.block) != (line.page, line.block) and line.page == prev.page:
        return False
    full = prev.x1 >= right - _FULL_LINE_SLACK * prev.size
    indented = line.x0 > left + _INDENT * line.size
    return full and not indented
