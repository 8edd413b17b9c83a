"""Text copied from an OA notice, a web page or a chat window (文件 ▸ 从剪贴板导入…) → numbered lines.

The clipboard usually holds the same content twice: as plain text and as HTML. HTML keeps a table's cells
apart, so a copied task table (序号/工作任务/责任单位/完成时限…) is read from it through the same table reader
as Word and Excel tables; anything else reads best as the plain text, whose lines are the paragraphs. Plain
text copied from a spreadsheet or a web table separates its cells with tabs and is read as a table too.
A line number is the line's place in what was pasted, so that messages say where the clerk should look.
"""

from __future__ import annotations

from html.parser import HTMLParser

from ecodesk.domain.errors import InputFileError
from ecodesk.io.plan_import.rawtree import SourceLine
from ecodesk.io.plan_import.table import Row, header_columns, table_lines

MAX_CHARS = 2_000_000  # far beyond any plan (the largest sample is ~60,000 characters)
_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "article",
           "blockquote", "pre", "ul", "ol", "dd", "dt"}
_CELLS = {"td", "th"}
_SKIPPED = {"script", "style", "head", "title", "noscript"}


def pasted_lines(text: str, html: str = "") -> list[SourceLine]:
    """The lines of what was pasted: from the HTML when it holds a task table, else from the text."""
    if len(text) > MAX_CHARS or len(html) > 4 * MAX_CHARS:
        raise InputFileError(f"粘贴的内容过长（{len(text):,} 个字符），请改为保存成文档后用“导入文档…”导入")
    rows = _html_rows(html) if html.strip() else []
    if not any(header_columns(cells) for _, cells in rows):
        rows = _text_rows(text) if text.strip() else rows
    lines = list(table_lines(rows))
    if not lines:
        raise InputFileError("剪贴板中没有可导入的文字：请先在通知、网页或聊天窗口中选中工作要点的全文并复制")
    return lines


def _text_rows(text: str) -> list[Row]:
    """Lines of plain text as rows: cells split at tabs (a copied table), else one cell a line."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [(no, line.split("\t")) for no, line in enumerate(lines, start=1) if line.strip()]


def _html_rows(html: str) -> list[Row]:
    reader = _HtmlRows()
    reader.feed(html)
    reader.close()
    return [(no, cells) for no, cells in enumerate(reader.rows, start=1) if any(c.strip() for c in cells)]


class _HtmlRows(HTMLParser):
    """Collects the visible text as rows: a table row's cells apart, every other block a row of one cell.

    A cell merged down (rowspan) or across (colspan) leaves blank cells where it spans, as a merged cell of
    Word or Excel reads, so the columns of later rows stay under their headers.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._cells: list[str] | None = None  # the current table row's cells; None outside a row
        self._spans: dict[int, int] = {}  # column → rows still covered by a cell merged down
        self._span_across = 1
        self._text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skip += 1
        elif tag == "tr":
            self._end_block()
            self._cells = []
        elif tag in _CELLS and self._cells is not None:
            self._text = []  # what stands between cells is markup whitespace
            self._fill_spans()
            down, self._span_across = (_span(attrs, "rowspan"), _span(attrs, "colspan"))
            for column in range(len(self._cells), len(self._cells) + self._span_across):
                if down > 1:
                    self._spans[column] = down - 1
        elif tag == "br":
            self._text.append("\n")
        elif tag in _BLOCKS and self._cells is None:
            self._end_block()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip = max(0, self._skip - 1)
        elif tag in _CELLS and self._cells is not None:
            self._cells.extend([" ".join("".join(self._text).split())] + [""] * (self._span_across - 1))
            self._text, self._span_across = [], 1
        elif tag == "tr":
            self._end_row()
        elif tag in _BLOCKS and self._cells is None:
            self._end_block()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._text.append(data)

    def close(self) -> None:
        super().close()
        self._end_row()
        self._end_block()

    def _fill_spans(self) -> None:
        assert self._cells is not None
        while self._spans.get(len(self._cells), 0) > 0:
            self._spans[len(self._cells)] -= 1
            self._cells.append("")

    def _end_row(self) -> None:
        if self._cells is None:
            return
        self._fill_spans()
        if any(self._cells):
            self.rows.append(self._cells)
        self._cells, self._text = None, []

    def _end_block(self) -> None:
        text, self._text = "".join(self._text), []
        self.rows.extend([line] for line in (" ".join(part.split()) for part in text.split("\n")) if line)


def _span(attrs: list[tuple[str, str | None]], name: str) -> int:
    value = dict(attrs).get(name) or "1"
    return max(1, min(int(value), 1000)) if value.strip().isdigit() else 1
