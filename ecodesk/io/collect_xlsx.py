"""The 进展征集表 workbook: written for one 股室, read back when it returns filled in.

Written: a print-ready A4 landscape sheet whose fill-in cells alone are unlocked (shaded), a drop-down on
状态 and a 0–100 check on 完成进度, the task ids in a hidden first column, and a hidden sheet with plan,
unit, period, each task's version and a checksum (domain/collection.Form).

Read: by header text, not position, so that a 股室 that adds a column, moves rows, adds rows, merges cells
or re-saves the file in WPS (which rewrites every byte) still returns a table that reads; without the
hidden sheet the rows are matched by 任务编号 and title by the service. An .xls, an encrypted or a
damaged file is refused naming the file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.styles import PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ecodesk.domain.collection import FILL_STATUSES, FilledRow, Form, FormMeta, ReturnedTable, tidy
from ecodesk.domain.deadlines import format_cn_date, parse_typed_date
from ecodesk.domain.errors import UserError
from ecodesk.io import xlsx_style as xs
from ecodesk.io.doc_properties import DocMeta, save_stamped

ID, NUMBER, TITLE, TEXT, PERCENT, STATUS = "任务ID", "任务编号", "工作任务", "本期进展情况", "完成进度(%)", "状态"
PROBLEMS, NEXT, AUTHOR = "存在问题", "下步打算", "填报人"
COLUMNS = (
    xs.Column(ID, 8, centred=True),
    xs.Column(NUMBER, 11, centred=True),
    xs.Column(TITLE, 18),
    xs.Column("具体措施", 34),
    xs.Column("完成时限", 9, centred=True),
    xs.Column("本单位角色", 9, centred=True),
    xs.Column("上期进展", 20),
    xs.Column(TEXT, 30),
    xs.Column(PERCENT, 9, centred=True),
    xs.Column(STATUS, 9, centred=True),
    xs.Column(PROBLEMS, 18),
    xs.Column(NEXT, 18),
    xs.Column(AUTHOR, 9, centred=True),
)
FILL_FROM = 8  # 本期进展情况 onwards: the cells a 股室 writes in
META_SHEET = "_征集信息"
FILL_SHADE = PatternFill(fill_type="solid", start_color="FFF9E5", end_color="FFF9E5")
UNLOCKED = Protection(locked=False)
ROW_HEIGHT = 60.0  # points: room for a few lines of 本期进展
DATE_LABEL, UNIT_LABEL = "填报日期", "填报单位"
NOTE = ("说明：请只填写底纹列（本期进展情况至填报人）；完成进度填 0–100 的整数；状态从下拉列表选择；"
        "可增加行或列，请勿删除第一列（任务ID，已隐藏）和隐藏的工作表。")
SIGN_LINE = "单位负责人（签字）：　　　　　　　　　　　联系电话："
_META_KEYS = ("工作要点编号", "填报股室", "报告期", "校验码")
HEADER_SEARCH_ROWS = 12


# --- send --------------------------------------------------------------------------------------------


def write_form(form: Form, path: str | os.PathLike[str]) -> Path:
    """The unit's table, written whole or not at all."""
    wb = xs.new_workbook()
    ws = wb.create_sheet(xs.safe_sheet_title(f"{form.unit}进展征集", set()))
    _fill_form(ws, form)
    _meta_sheet(wb.create_sheet(META_SHEET), form)
    return save_stamped(wb, path, DocMeta(form.title, form.bureau))


def _fill_form(ws: Worksheet, form: Form) -> None:
    xs.set_columns(ws, COLUMNS)
    ws.column_dimensions["A"].hidden = True
    xs.merged_line(ws, form.title, COLUMNS, xs.TITLE, line_height=30)
    _unit_and_date_line(ws, form)
    xs.merged_line(ws, NOTE, COLUMNS, xs.NOTE)
    header = xs.header_row(ws, COLUMNS)
    first = header + 1
    last = header
    for row in form.rows:
        values = [row.task_id, row.number, row.title, row.measures, row.deadline, row.role, row.last_progress,
                  None, None, None, None, None, None]
        last = xs.data_row(ws, values, COLUMNS, min_height=ROW_HEIGHT)
        for col in range(FILL_FROM, len(COLUMNS) + 1):
            cell = ws.cell(row=last, column=col)
            cell.protection, cell.fill = UNLOCKED, FILL_SHADE
    if form.rows:
        _validations(ws, first, last)
    last = xs.merged_line(ws, SIGN_LINE, COLUMNS, xs.NOTE, line_height=28)
    xs.print_setup(ws, header_row_number=header, columns=COLUMNS, last_row=last, freeze=f"C{header + 1}")
    ws.protection.sheet = True  # no password: a 股室 that must add a row can lift it (审阅 ▸ 撤销工作表保护)
    ws.protection.formatRows = ws.protection.formatColumns = False  # resizing stays allowed


def _unit_and_date_line(ws: Worksheet, form: Form) -> None:
    """填报单位 on the left, 填报日期 with its own unlocked cell on the right, 报送截止 between."""
    row = ws.max_row + 1
    ws.row_dimensions[row].height = 24
    cells = ((2, 6, f"{UNIT_LABEL}：{form.unit}", xs.NOTE),
             (7, 8, f"报送截止：{format_cn_date(form.period.due)}", xs.NOTE),
             (9, 10, f"{DATE_LABEL}：", xs.NOTE_RIGHT), (11, 12, None, xs.NOTE))
    for start, end, text, style in cells:
        ws.cell(row=row, column=start, value=text).style = style
        ws.merge_cells(start_row=row, start_column=start, end_row=row, end_column=end)
    date_cell = ws.cell(row=row, column=11)
    date_cell.protection, date_cell.fill, date_cell.number_format = UNLOCKED, FILL_SHADE, "yyyy-mm-dd"


def _validations(ws: Worksheet, first: int, last: int) -> None:
    status_col, percent_col = get_column_letter(COLUMNS.index(_column(STATUS)) + 1), get_column_letter(
        COLUMNS.index(_column(PERCENT)) + 1)
    xs.list_validation(ws, [s.value for s in FILL_STATUSES], f"{status_col}{first}:{status_col}{last}")
    percent = DataValidation(type="whole", operator="between", formula1="0", formula2="100", allow_blank=True,
                             showErrorMessage=True, errorTitle="输入错误", error="完成进度请填写 0–100 的整数")
    ws.add_data_validation(percent)
    percent.add(f"{percent_col}{first}:{percent_col}{last}")


def _column(header: str) -> xs.Column:
    return next(c for c in COLUMNS if c.header == header)


def _meta_sheet(ws: Worksheet, form: Form) -> None:
    for key, value in zip(_META_KEYS, (form.plan_id, form.unit, form.period.key, form.checksum), strict=True):
        ws.append([key, value])
    ws.append(["年度", form.year])
    ws.append(["单位", form.bureau])
    ws.append(["发出日期", form.sent_on.isoformat()])
    ws.append([ID, "版本"])
    for row in form.rows:
        ws.append([row.task_id, row.version])
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


# --- receive -----------------------------------------------------------------------------------------

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file: an .xls, or an encrypted .xlsx
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_SPACES = re.compile(r"[\s\u3000]+")


def read_return(path: str | os.PathLike[str]) -> ReturnedTable:
    """A returned table as read; UserError naming the file when it is not a readable 进展征集表."""
    path = Path(path)
    _check_kind(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError):
        raise UserError(f"“{path.name}”无法读取：文件已损坏或不是 Excel 工作簿（.xlsx）") from None
    try:
        meta = _meta(wb[META_SHEET].values) if META_SHEET in wb.sheetnames else None
        grid = _form_grid(wb, path.name)
    finally:
        wb.close()
    return _table(path.name, meta, grid)


def _check_kind(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            body = fh.read() if head == _CFB_MAGIC else b""  # its directory may lie anywhere in it
    except OSError as err:
        raise UserError(f"“{path.name}”无法打开：{err.strerror or err}") from None
    if head == _CFB_MAGIC:
        if _ENCRYPTED in body:
            raise UserError(f"“{path.name}”设置了打开密码（已加密），无法读取：请在 Excel/WPS 中取消密码后另存，再接收")
        raise UserError(f"“{path.name}”是旧版 Excel 97-2003 格式（.xls）：请在 Excel/WPS 中另存为 .xlsx 后再接收")


def _form_grid(wb: object, name: str) -> list[tuple[object, ...]]:
    """The rows of the sheet holding the table: the first visible one with 任务编号 and 本期进展情况 headers."""
    for ws in wb.worksheets:  # type: ignore[attr-defined]
        if ws.title == META_SHEET:
            continue
        rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
        if _header_index(rows) is not None:
            return rows
    raise UserError(f"“{name}”不是进展征集表：没有找到含“{NUMBER}”和“{TEXT}”列的表格")


def _key(value: object) -> str:
    """A header as compared: no spaces or line breaks, half-width brackets."""
    return _SPACES.sub("", tidy(value)).replace("（", "(").replace("）", ")")


def _header_index(rows: Sequence[tuple[object, ...]]) -> int | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = {_key(v) for v in row}
        if _key(TEXT) in keys and (_key(NUMBER) in keys or _key(ID) in keys):
            return index
    return None


def _meta(values: object) -> FormMeta | None:
    """The hidden sheet's facts; None when they cannot be read (the service then falls back as without it)."""
    rows = [tuple(r) for r in values]  # type: ignore[attr-defined]
    facts = {tidy(r[0]): r[1] for r in rows if r and len(r) > 1}
    try:
        start = next(i for i, r in enumerate(rows) if r and tidy(r[0]) == ID) + 1
        versions = {int(r[0]): int(r[1]) for r in rows[start:] if r and r[0] is not None}  # type: ignore[arg-type]
        return FormMeta(int(facts["工作要点编号"]), tidy(facts["填报股室"]), tidy(facts["报告期"]),  # type: ignore[arg-type]
                        versions, tidy(facts["校验码"]))
    except (StopIteration, KeyError, TypeError, ValueError):
        return None


def _table(name: str, meta: FormMeta | None, rows: list[tuple[object, ...]]) -> ReturnedTable:
    head = _header_index(rows)
    assert head is not None
    columns: dict[str, int] = {}
    for index, value in enumerate(rows[head]):
        columns.setdefault(_key(value), index)
    above = rows[:head]
    title = next((tidy(v) for r in above for v in r if tidy(v)), "")
    filled = [_filled_row(head + 2 + offset, row, columns) for offset, row in enumerate(rows[head + 1:])]
    return ReturnedTable(name, meta, title, _labelled(above, UNIT_LABEL), _filled_on(above),
                         tuple(r for r in filled if r is not None))


def _cell(row: tuple[object, ...], columns: dict[str, int], header: str) -> object:
    index = columns.get(_key(header))
    return row[index] if index is not None and index < len(row) else None


def _filled_row(line: int, row: tuple[object, ...], columns: dict[str, int]) -> FilledRow | None:
    """A task row, or None for a row that is not one (the signature line, an empty row)."""
    def text(header: str) -> str:
        return tidy(_cell(row, columns, header))

    raw_id = _cell(row, columns, ID)
    task_id = int(raw_id) if isinstance(raw_id, int | float) or (isinstance(raw_id, str) and raw_id.strip().isdigit()) \
        else None
    filled = FilledRow(line, task_id, text(NUMBER), text(TITLE), text(TEXT), _cell(row, columns, PERCENT),
                       _cell(row, columns, STATUS), text(PROBLEMS), text(NEXT), text(AUTHOR))
    if task_id is None and not filled.number and not filled.title and filled.is_blank:
        return None
    return filled


def _labelled(rows: Sequence[tuple[object, ...]], label: str) -> str:
    """What follows “label：” above the table: in the same cell, else the next filled cell to its right."""
    for row in rows:
        for index, value in enumerate(row):
            text = tidy(value)
            if text.startswith(label):
                rest = text[len(label):].lstrip("：: ")
                if rest:
                    return rest.split("　")[0].strip()
                return next((tidy(v) for v in row[index + 1:] if tidy(v)), "")
    return ""


def _filled_on(rows: Sequence[tuple[object, ...]]) -> dt.date | None:
    for row in rows:
        for index, value in enumerate(row):
            if tidy(value).startswith(DATE_LABEL):
                given = next((v for v in row[index + 1:] if tidy(v)), None)
                if isinstance(given, dt.datetime):
                    return given.date()
                if isinstance(given, dt.date):
                    return given
                return parse_typed_date(tidy(given)) if given is not None else None
    return None
