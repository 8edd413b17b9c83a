"""Print-ready worksheet helpers shared by the Excel exports: fonts, borders, safe text, heights, print setup.

openpyxl neither fits row heights nor guards against text that Excel would run as a formula, so both
are done here once for every table the bureau prints.

Tables are written top to bottom: each row helper appends the next row and returns its number. Cells
are built already styled and appended a row at a time, which takes about 40 % off building a
1,000-task workbook compared with looking every cell up with `ws.cell` and styling it afterwards.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from copy import copy
from dataclasses import dataclass
from functools import lru_cache
from weakref import WeakKeyDictionary

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from ecodesk.domain.pace import Light
from ecodesk.io.cell_text import reads_as_formula

FONT_BODY = "仿宋_GB2312"
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="center")
OVERDUE_COLOUR = "FFC7CE"


def _fill(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


# Named styles, registered once per workbook: assigning Font/Border objects cell by cell makes openpyxl
# hash them every time, which costs seconds on a 1,000-task table.
TITLE, NOTE, NOTE_RIGHT, HEAD = "表格标题", "表格说明", "表格说明右", "表头"
CHAPTER, SECTION, TEXT, TEXT_CENTRED = "章标题行", "节标题行", "表格正文", "表格正文居中"
OVERDUE, OVERDUE_CENTRED = "滞后正文", "滞后正文居中"
SUBSECTION = "目标题行"
# The 序时 lights as a status cell's fill: pale enough to read and to print in grey.
LIGHT_FILLS = {Light.RED: "F4B6B6", Light.YELLOW: "FFE699", Light.BLUE: "BDD7EE", Light.GREEN: "C6E0B4",
               Light.DONE: "D9D9D9"}
LIGHT_STYLES = {light: f"序时{light.label}" for light in LIGHT_FILLS}
_STYLES = {
    TITLE: dict(font=Font(name="方正小标宋简体", size=18), alignment=_CENTRE),
    NOTE: dict(font=Font(name=FONT_BODY, size=12), alignment=_LEFT),
    NOTE_RIGHT: dict(font=Font(name=FONT_BODY, size=12), alignment=_RIGHT),
    HEAD: dict(font=Font(name="黑体", size=12), alignment=_CENTRE, border=_BORDER),
    CHAPTER: dict(font=Font(name="黑体", size=12), alignment=_LEFT, border=_BORDER, fill=_fill("D9D9D9")),
    SECTION: dict(font=Font(name="楷体_GB2312", size=12, bold=True), alignment=_LEFT, border=_BORDER,
                  fill=_fill("F2F2F2")),
    TEXT: dict(font=Font(name=FONT_BODY, size=12), alignment=_LEFT, border=_BORDER),
    TEXT_CENTRED: dict(font=Font(name=FONT_BODY, size=12), alignment=_CENTRE, border=_BORDER),
    OVERDUE: dict(font=Font(name=FONT_BODY, size=12), alignment=_LEFT, border=_BORDER,
                  fill=_fill(OVERDUE_COLOUR)),
    OVERDUE_CENTRED: dict(font=Font(name=FONT_BODY, size=12), alignment=_CENTRE, border=_BORDER,
                          fill=_fill(OVERDUE_COLOUR)),
    SUBSECTION: dict(font=Font(name=FONT_BODY, size=12, bold=True), alignment=_LEFT, border=_BORDER),
    **{name: dict(font=Font(name=FONT_BODY, size=12), alignment=_CENTRE, border=_BORDER, fill=_fill(LIGHT_FILLS[light]))
       for light, name in LIGHT_STYLES.items()},
}
_resolved: WeakKeyDictionary[Workbook, dict[str, StyleArray]] = WeakKeyDictionary()


def new_workbook() -> Workbook:
    """An empty workbook (no sheets) with the table styles registered and resolved once.

    A named style, once added, is a fixed record of font/border/fill/alignment ids: the same record
    `cell.style = name` would copy onto each cell, after a name look-up that costs more than the copy.
    """
    wb = Workbook()
    wb.remove(wb.active)
    resolved = {}
    for name, attrs in _STYLES.items():
        style = NamedStyle(name=name, **attrs)
        wb.add_named_style(style)
        resolved[name] = copy(style.as_tuple())
    _resolved[wb] = resolved
    return wb


LINE_HEIGHT = 18.0  # points per wrapped line of 12 pt CJK text (CJK faces need ~1.45× the size)
ROW_PADDING = 6.0
# No row taller than this: Excel's limit is 409 pt, and the A4 landscape page prints 509 pt below the
# margins, the repeated header and the title rows of page one included. Longer text goes on (续) rows.
MAX_ROW_HEIGHT = 400.0
CONTINUED = "（续）"
PRINTABLE_WIDTH, PRINTABLE_HEIGHT = 769.9, 508.9  # points: A4 landscape within the margins print_setup sets
POINTS_PER_WIDTH_UNIT = 7.2  # the widest rendering of a column width unit found (fit_scale)
CJK_WIDTH, LATIN_WIDTH = 2.2, 1.15  # column-width units a 12 pt character takes
SHEET_NAME_MAX = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
FOOTER_TEXT = "第 &P 页，共 &N 页"


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: header text, width in Excel units, and whether short values are centred."""

    header: str
    width: float
    centred: bool = False


def _styles(ws: Worksheet) -> dict[str, StyleArray]:
    """The named styles of the sheet's workbook, resolved by `new_workbook`."""
    return _resolved[ws.parent]


def _cell(ws: Worksheet, value: object, style: StyleArray | None = None) -> Cell:
    """A cell for `ws.append`; text is always text (“=SUM(A1)” stays a string, not a formula).

    Formula-like text is also marked quote-prefixed, as Excel marks “'=SUM(A1)” typed by hand, so it stays
    text when a clerk edits the cell. The cell copies `style`, so no two cells share a record that a later
    edit of one would change.
    """
    if isinstance(value, str):
        cell = Cell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", value), style_array=style)
        cell.data_type = "s"
        if reads_as_formula(value):
            cell.quotePrefix = True
        return cell
    return Cell(ws, value=value, style_array=style)


def _append(ws: Worksheet, cells: list[Cell]) -> int:
    """Append `cells` as the sheet's next row; return the row's number."""
    ws.append(cells)
    return cells[0].row


def text_width(text: str) -> float:
    """How many column-width units `text` takes in 12 pt type (CJK and full-width glyphs count double).

    UTF-8 spends three bytes on a CJK character and one on ASCII, so the byte count tells the mix
    without a Python loop over every character of a 1,000-row table.
    """
    wide = (len(text.encode("utf-8")) - len(text)) // 2
    return (len(text) - wide) * LATIN_WIDTH + wide * CJK_WIDTH


@lru_cache(maxsize=16384)
def line_count(text: str, width: float) -> int:
    """Lines a wrapped cell needs at column width `width` (a little padding lost at each side).

    Cached: a task's title, measures, units and progress come back on the sheet of its lead unit and
    of every co-working unit, and boilerplate measures repeat across tasks.
    """
    usable = max(width - 1.0, 1.0)
    return sum(max(1, math.ceil(text_width(part) / usable)) for part in text.split("\n"))


def fit_height(ws: Worksheet, row: int, texts: Sequence[tuple[str, float]], min_height: float = 0.0) -> None:
    """Set the row's height to the tallest wrapped text, so that nothing prints clipped."""
    lines = max((line_count(text, width) for text, width in texts if text), default=1)
    ws.row_dimensions[row].height = max(lines * LINE_HEIGHT + ROW_PADDING, min_height)


def set_columns(ws: Worksheet, columns: Sequence[Column]) -> None:
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width


def merged_line(ws: Worksheet, text: str, columns: Sequence[Column], style: str,
                line_height: float = LINE_HEIGHT) -> int:
    """Append a row merged across the whole table (title, 截至 line, chapter/section group row); its number.

    Merged before styling: openpyxl copies the top-left borders onto the merged cells one side at a
    time, which is slow; styling every cell afterwards gives the same borders at a fraction of the cost.
    """
    row = _append(ws, [_cell(ws, text)])
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(columns))
    resolved = _styles(ws)[style]
    for col in range(1, len(columns) + 1):
        ws.cell(row=row, column=col)._style = copy(resolved)
    total = sum(c.width for c in columns)
    ws.row_dimensions[row].height = line_count(text, total * 0.9) * line_height + ROW_PADDING
    return row


def header_row(ws: Worksheet, columns: Sequence[Column]) -> int:
    """Append the column headers; return the row's number (for print titles and frozen panes)."""
    head = _styles(ws)[HEAD]
    row = _append(ws, [_cell(ws, c.header, head) for c in columns])
    fit_height(ws, row, [(c.header, c.width) for c in columns])
    return row


def data_row(ws: Worksheet, values: Sequence[object], columns: Sequence[Column], overdue: bool = False,
             min_height: float = 0.0, styles: Mapping[int, str] | None = None) -> int:
    """Append a bordered, wrapped table row, its height fitted to the text; return the last row written.

    Overdue rows are filled red; `styles` gives some cells (by 0-based column) a style of their own, such as
    a status cell's light. `min_height` (points) leaves room for writing by hand. A row whose text would
    stand taller than MAX_ROW_HEIGHT is split: its long texts run on over continuation rows, whose first
    cell repeats the row's with （续）, so that nothing is cut off at the page's foot or by Excel's limit.
    """
    texts = [str(v) if v is not None else "" for v in values]
    limit = int((MAX_ROW_HEIGHT - ROW_PADDING) // LINE_HEIGHT)
    lines = max((line_count(text, c.width) for text, c in zip(texts, columns, strict=True) if text), default=1)
    if lines <= limit:
        return _one_row(ws, values, columns, overdue, min_height, styles)
    chunks = [wrap_chunks(text, c.width, limit) if isinstance(v, str) else [v]
              for v, text, c in zip(values, texts, columns, strict=True)]
    row = _one_row(ws, [chunk[0] for chunk in chunks], columns, overdue, min_height, styles)
    for index in range(1, max(len(chunk) for chunk in chunks)):
        rest = [chunk[index] if index < len(chunk) else None for chunk in chunks]
        rest[0] = f"{texts[0]}{CONTINUED}"
        row = _one_row(ws, rest, columns, overdue, 0.0, None)
    return row


def _one_row(ws: Worksheet, values: Sequence[object], columns: Sequence[Column], overdue: bool,
             min_height: float, styles: Mapping[int, str] | None) -> int:
    named = _styles(ws)
    left, centred = (named[OVERDUE], named[OVERDUE_CENTRED]) if overdue else (named[TEXT], named[TEXT_CENTRED])
    own = styles or {}
    cells = [_cell(ws, value, named[own[i]] if i in own else centred if column.centred else left)
             for i, (value, column) in enumerate(zip(values, columns, strict=True))]
    row = _append(ws, cells)
    texts = [(str(v), c.width) for v, c in zip(values, columns, strict=True) if v is not None]
    fit_height(ws, row, texts, min_height)
    return row


def _char_width(ch: str) -> float:
    return CJK_WIDTH if len(ch.encode("utf-8")) > 1 else LATIN_WIDTH


def wrap_chunks(text: str, width: float, max_lines: int) -> list[str]:
    """`text` cut into pieces of at most `max_lines` wrapped lines at column width `width`, in order;
    its line breaks kept inside a piece (a piece ends where a line ends, never inside a character)."""
    usable = max(width - 1.0, 1.0)
    lines: list[str] = []  # each wrapped line, with its "\n" when a paragraph ends there
    for part in text.split("\n"):
        line, used = "", 0.0
        for ch in part:
            if line and used + _char_width(ch) > usable:
                lines.append(line)
                line, used = "", 0.0
            line += ch
            used += _char_width(ch)
        lines.append(line + "\n")
    lines[-1] = lines[-1].removesuffix("\n")
    return ["".join(lines[i:i + max_lines]).removesuffix("\n") for i in range(0, len(lines), max_lines)]


def restyle(ws: Worksheet, row: int, column: int, style: str) -> None:
    """Give one cell another of the table styles (a group row's own look, a status light)."""
    ws.cell(row=row, column=column)._style = copy(_styles(ws)[style])


def list_validation(ws: Worksheet, choices: Sequence[str], cells: str) -> DataValidation:
    """A drop-down list on `cells` (e.g. "H5:H90") that rejects anything else."""
    validation = DataValidation(type="list", formula1=f'"{",".join(choices)}"', allow_blank=True,
                                showErrorMessage=True, errorTitle="输入错误", error="请从下拉列表中选择")
    ws.add_data_validation(validation)
    validation.add(cells)
    return validation


def print_setup(ws: Worksheet, *, header_row_number: int, columns: Sequence[Column], last_row: int,
                freeze: str, scale: int | None = None) -> None:
    """A4 landscape, all columns one page wide, header repeated on each page, 第 N 页 footer.

    One page wide is Excel's 调整为 1 页宽, or with `scale` that fixed zoom (`fit_scale`): a sheet with
    manual page breaks needs the zoom, since Excel ignores manual breaks under 调整为.
    """
    last_col = get_column_letter(len(columns))
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    if scale is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    else:
        ws.page_setup.scale = scale
    ws.print_title_rows = f"{header_row_number}:{header_row_number}"
    ws.print_area = f"A1:{last_col}{last_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.footer = 0.3
    ws.oddFooter.center.text = FOOTER_TEXT
    ws.oddFooter.center.font = FONT_BODY
    ws.freeze_panes = freeze


def fit_scale(columns: Sequence[Column]) -> int:
    """The zoom (percent) at which the columns fit the landscape page's width in every spreadsheet program:
    Excel draws a width unit in 7 pixels of Calibri (5.25 pt), LibreOffice in about 7.1 pt (measured), so the
    wider is taken; in Excel the table then prints a little narrower than the page, centred."""
    width = sum(c.width for c in columns) * POINTS_PER_WIDTH_UNIT
    return max(10, min(100, math.floor(100 * PRINTABLE_WIDTH / width)))


def keep_with_next(ws: Worksheet, rows: Sequence[int], *, header_row_number: int, last_row: int,
                   scale: int) -> list[int]:
    """Manual page breaks so that none of `rows` (group rows) is the last row of a printed page: a chapter
    row and the section rows right below it move together to the next page with the first task under
    them. Returns the rows a break goes before, in order. Pages are estimated from the row heights at the
    sheet's `scale`, the header row repeated on every page after the first."""
    room = PRINTABLE_HEIGHT * 100 / scale
    height = {r: ws.row_dimensions[r].height or LINE_HEIGHT for r in range(1, last_row + 1)}
    header, groups, breaks = height[header_row_number], set(rows), []
    used = sum(height[r] for r in range(1, header_row_number + 1))
    chain, before_chain = header_row_number + 1, used  # the run of group rows ending here; `used` above it
    for row in range(header_row_number + 1, last_row + 1):
        if used + height[row] > room:
            used = header
        if row not in groups or row - 1 not in groups:
            chain, before_chain = row, used
        follows = height.get(row + 1, 0.0) if row < last_row else 0.0
        if row in groups and follows and before_chain > header and used + height[row] + follows > room:
            ws.row_breaks.append(Break(id=chain - 1))
            breaks.append(chain)
            used = header + sum(height[r] for r in range(chain, row))
            before_chain = header
        used += height[row]
    return breaks


def safe_sheet_title(name: str, taken: set[str]) -> str:
    """A sheet name Excel accepts: no []:*?/\\, no edge apostrophes, ≤31 characters, unique (any case).

    `taken` holds the casefolded names already used and is updated.
    """
    base = _SHEET_FORBIDDEN.sub("_", ILLEGAL_CHARACTERS_RE.sub("", name)).strip().strip("'") or "Sheet"
    if base.casefold() == "history":  # reserved by Excel
        base = f"{base}_"
    candidate, counter = base[:SHEET_NAME_MAX], 1
    while candidate.casefold() in taken:
        counter += 1
        suffix = f"({counter})"
        candidate = base[: SHEET_NAME_MAX - len(suffix)] + suffix
    taken.add(candidate.casefold())
    return candidate
