"""Excel task tables: each visible sheet read row by row (read-only mode) and handed to table.py.

openpyxl reads a broken workbook lazily: a sheet's cells are parsed only while its rows are walked, and a
cell typed number that holds text, a style or shared string that does not exist, fail there with
ValueError, IndexError and the like. Every sheet is therefore read whole before any row is used, and
any such failure becomes one Chinese sentence naming the file, the sheet and, where it can be found,
the cell.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
import zlib
from xml.etree.ElementTree import iterparse

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import _cast_number

from ecodesk.domain.errors import InputFileError
from ecodesk.io.plan_import.guard import PARSER_FAILURES
from ecodesk.io.plan_import.rawtree import SourceLine
from ecodesk.io.plan_import.table import Row, table_lines

_ROW_STRIDE = 100000  # line numbers of later sheets start at 100001, 200001…
EXCEL_MAX_ROWS = 1_048_576
MAX_CELLS = 2_000_000  # a 5,000-task table has some 50,000; reading more would take minutes
_BROKEN = (InvalidFileException, *PARSER_FAILURES)
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_lines(data: bytes, name: str) -> list[SourceLine]:
    """Lines of all visible sheets; a line number is the sheet's row number (offset per later sheet).

    openpyxl's warnings about what it skips (data validation, a missing stylesheet) are English lines
    on the clerk's console that say nothing about the plan: they are not shown.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return _read_sheets(data, name)


def _read_sheets(data: bytes, name: str) -> list[SourceLine]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _BROKEN as exc:
        raise InputFileError(f"文件“{name}”已损坏或不是有效的 Excel 工作簿（.xlsx），无法读取") from exc
    lines: list[SourceLine] = []
    try:
        sheets = [ws for ws in workbook.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
        for index, sheet in enumerate(sheets):
            lines.extend(table_lines(_sheet_rows(sheet, index * _ROW_STRIDE, data, name)))
    finally:
        workbook.close()
    return lines


def _sheet_rows(sheet: ReadOnlyWorksheet, offset: int, data: bytes, name: str) -> list[Row]:
    """Every non-empty row of `sheet` as cell texts, or InputFileError saying where the sheet is broken
    or that it is far larger than a task table (a row far down or a cell far right is padded out)."""
    rows: list[Row] = []
    sheet.reset_dimensions()  # the <dimension> a file declares may be stale: rows past it would be lost
    no = cells = 0
    try:
        for no, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells += len(values)
            if no > EXCEL_MAX_ROWS or cells > MAX_CELLS:
                raise InputFileError(f"文件“{name}”的工作表“{sheet.title}”超过 {EXCEL_MAX_ROWS} 行或 "
                                     f"{MAX_CELLS // 10000} 万个单元格，不是工作要点的任务表或已损坏，无法导入")
            if any(v is not None for v in values):
                rows.append((offset + no, [_cell_text(v) for v in values]))
    except _BROKEN as exc:
        cell = _bad_number_cell(data, getattr(sheet, "_worksheet_path", ""))
        detail = f"单元格 {cell[0]} 标为数字，内容却是“{cell[1][:20]}”" if cell else f"第 {no + 1} 行附近已损坏"
        raise InputFileError(
            f"文件“{name}”的工作表“{sheet.title}”中{detail}，无法读取；请在 Excel 中检查后另存再导入"
        ) from exc
    return rows


def _bad_number_cell(data: bytes, part: str) -> tuple[str, str] | None:
    """(reference, text) of the first cell typed number whose value is not one, such as <v>abc</v>."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(part) as source:
            for _, element in iterparse(source):
                if element.tag == f"{_MAIN_NS}c" and element.get("t", "n") == "n":
                    value = element.findtext(f"{_MAIN_NS}v")
                    if value is not None and not _is_number(value):
                        return element.get("r", "?"), value
                    element.clear()
    except (KeyError, OSError, SyntaxError, zipfile.BadZipFile, zlib.error):
        return None
    return None


def _is_number(text: str) -> bool:
    """Whether openpyxl reads `text` as a number (its own rule: float with a point or exponent, else int)."""
    try:
        _cast_number(text)
    except ValueError:
        return False
    return True
