"""Print-ready worksheet helpers shared by the Excel exports: fonts, borders, safe text, heights, print setup.

openpyxl neither fits row heights nor guards against text that Excel would run as a formula, so both
are done here once for every table the bureau prints.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

FONT_BODY = "仿宋_GB2312"
TITLE_FONT = Font(name="方正小标宋简体", size=18)
BODY_FONT = Font(name=FONT_BODY, size=12)
HEAD_FONT = Font(name="黑体", size=12)
CHAPTER_FONT = Font(name="黑体", size=12)
SECTION_FONT = Font(name="楷体_GB2312", size=12, bold=True)
_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
CHAPTER_FILL = PatternFill(fill_type="solid", start_color="D9D9D9", end_color="D9D9D9")
SECTION_FILL = PatternFill(fill_type="solid", start_color="F2F2F2", end_color="F2F2F2")
OVERDUE_FILL = PatternFill(fill_type="solid", start_color="FFC7CE", end_color="FFC7CE")
WRAP_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
WRAP_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)

LINE_HEIGHT = 18.0  # points per wrapped line of 12 pt CJK text (CJK faces need ~1.45× the size)
ROW_PADDING = 6.0
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


def put(ws: Worksheet, row: int, col: int, value: object) -> None:
    """Write a value; text is always text (“=SUM(A1)” stays a string, never a formula)."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
    else:
        cell.value = value


def text_width(text: str) -> float:
    """How many column-width units `text` takes in 12 pt type (wide CJK glyphs count double)."""
    return sum(CJK_WIDTH if unicodedata.east_asian_width(ch) in "WF" else LATIN_WIDTH for ch in text)


def line_count(text: str, width: float) -> int:
    """Lines a wrapped cell needs at column width `width` (a little padding lost at each side)."""
    usable = max(width - 1.0, 1.0)
    return sum(max(1, math.ceil(text_width(part) / usable)) for part in text.split("\n"))


def fit_height(ws: Worksheet, row: int, texts: Sequence[tuple[str, float]]) -> None:
    """Set the row's height to the tallest wrapped text, so that nothing prints clipped."""
    lines = max((line_count(text, width) for text, width in texts if text), default=1)
    ws.row_dimensions[row].height = lines * LINE_HEIGHT + ROW_PADDING


def set_columns(ws: Worksheet, columns: Sequence[Column]) -> None:
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width


def merged_line(ws: Worksheet, row: int, text: str, columns: Sequence[Column], *, font: Font,
                alignment: Alignment = WRAP_LEFT, fill: PatternFill | None = None, border: bool = False,
                line_height: float = LINE_HEIGHT) -> None:
    """A row merged across the whole table: title, 截至 line, or a chapter/section group row."""
    put(ws, row, 1, text)
    cell = ws.cell(row=row, column=1)
    cell.font, cell.alignment = font, alignment
    for col in range(1, len(columns) + 1):
        if fill is not None:
            ws.cell(row=row, column=col).fill = fill
        if border:
            ws.cell(row=row, column=col).border = BORDER
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(columns))
    total = sum(c.width for c in columns)
    ws.row_dimensions[row].height = line_count(text, total * 0.9) * line_height + ROW_PADDING


def header_row(ws: Worksheet, row: int, columns: Sequence[Column]) -> None:
    for col, column in enumerate(columns, start=1):
        put(ws, row, col, column.header)
        cell = ws.cell(row=row, column=col)
        cell.font, cell.alignment, cell.border = HEAD_FONT, WRAP_CENTRE, BORDER
    fit_height(ws, row, [(c.header, c.width) for c in columns])


def data_row(ws: Worksheet, row: int, values: Sequence[object], columns: Sequence[Column],
             fill: PatternFill | None = None) -> None:
    """A bordered, wrapped table row with its height fitted to the text."""
    for col, (value, column) in enumerate(zip(values, columns, strict=True), start=1):
        put(ws, row, col, value)
        cell = ws.cell(row=row, column=col)
        cell.font, cell.border = BODY_FONT, BORDER
        cell.alignment = WRAP_CENTRE if column.centred else WRAP_LEFT
        if fill is not None:
            cell.fill = fill
    fit_height(ws, row, [(str(v), c.width) for v, c in zip(values, columns, strict=True)])


def list_validation(ws: Worksheet, choices: Sequence[str], cells: str) -> DataValidation:
    """A drop-down list on `cells` (e.g. "H5:H90") that rejects anything else."""
    validation = DataValidation(type="list", formula1=f'"{",".join(choices)}"', allow_blank=True,
                                showErrorMessage=True, errorTitle="输入错误", error="请从下拉列表中选择")
    ws.add_data_validation(validation)
    validation.add(cells)
    return validation


def print_setup(ws: Worksheet, *, header_row_number: int, columns: Sequence[Column], last_row: int,
                freeze: str) -> None:
    """A4 landscape, all columns one page wide, header repeated on each page, 第 N 页 footer."""
    last_col = get_column_letter(len(columns))
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = f"{header_row_number}:{header_row_number}"
    ws.print_area = f"A1:{last_col}{last_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.footer = 0.3
    ws.oddFooter.center.text = FOOTER_TEXT
    ws.oddFooter.center.font = FONT_BODY
    ws.freeze_panes = freeze


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
