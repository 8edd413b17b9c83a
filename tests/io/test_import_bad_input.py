"""Every kind of bad input is refused with one Chinese sentence that names the file."""

from __future__ import annotations

import io
import time
from pathlib import Path

import docx
import openpyxl
import pytest
from openpyxl import Workbook

from ecodesk.domain.errors import InputFileError
from ecodesk.io.plan_import import read_plan
from tests.io.zips import members, with_member, zip_bytes

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("2021年工作要点")
    document.add_paragraph("一、任务")
    buffer.seek(0)
    document.save(buffer)
    return buffer.getvalue()


def _xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


DTD = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><w:document>&a;</w:document>'
CASES = {
    "empty.txt": b"",
    "blank.txt": b"  \n\n ",
    "picture.docx": PNG,
    "picture.txt": PNG,
    "renamed-docx.txt": _docx_bytes(),
    "renamed-xlsx.docx": _xlsx_bytes(),
    "renamed-docx.xlsx": _docx_bytes(),
    "corrupt.docx": _docx_bytes()[:300],
    "notzip.xlsx": b"just some text",
    "encrypted.docx": OLE2,
    "encrypted.xlsx": OLE2,
    "bomb.docx": zip_bytes({"word/document.xml": b"<a/>", "word/big.xml": b" " * (50 * 1024 * 1024)}),
    "dtd.docx": with_member(_docx_bytes(), "word/document.xml", DTD),
    "dtd.xlsx": with_member(_xlsx_bytes(), "xl/workbook.xml", DTD),
    "wrong-types.docx": with_member(_docx_bytes(), "[Content_Types].xml", b"<w:document xmlns:w='urn:w'/>"),
    "no-styles-part.docx": with_member(_docx_bytes(), "word/_rels/document.xml.rels", b"<Relationships/>"),
    "undecodable.txt": bytes(range(128, 256)) * 40,
    "no-numbers.txt": "2021年工作要点\n只有一段文字，没有编号。\n".encode(),
    "plan.pdf": b"%PDF-1.4",
    "plan.doc": OLE2,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_refused_in_chinese(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(CASES[name])
    with pytest.raises(InputFileError) as info:
        read_plan(path)
    message = str(info.value)
    assert f"“{name}”" in message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)


def test_messages_say_what_is_wrong(tmp_path: Path) -> None:
    expectations = {
        "encrypted.docx": "密码",
        "picture.docx": "PNG 图片",
        "bomb.docx": "压缩炸弹",
        "dtd.docx": "DTD",
        "empty.txt": "空文件",
        "plan.doc": "另存为 .docx",
        "renamed-xlsx.docx": "Excel 工作簿",
        "no-numbers.txt": "没有找到带编号的条目",
    }
    for name, words in expectations.items():
        path = tmp_path / name
        path.write_bytes(CASES[name])
        with pytest.raises(InputFileError, match=words):
            read_plan(path)


def test_missing_and_oversized_files(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="找不到文件"):
        read_plan(tmp_path / "missing.txt")
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(21 * 1024 * 1024)
    with pytest.raises(InputFileError, match="过大"):
        read_plan(big)


def test_one_megabyte_line_does_not_hang(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    line = ("2021年PM2.5浓度（一" + "。1" * 7 + "）") * 50000
    path.write_text("2021年工作要点\n一、任务\n" + line[: 1024 * 1024], encoding="utf-8")
    start = time.perf_counter()
    result = read_plan(path)
    assert time.perf_counter() - start < 20  # linear scanning; backtracking would take minutes
    assert result.summary().tasks >= 1


def _xlsx_with_sheet(sheet_xml: bytes, part: str = "xl/worksheets/sheet1.xml") -> bytes:
    """A one-sheet workbook whose sheet is `sheet_xml`, stored as `part` (the workbook's rels follow)."""
    parts = members(_xlsx_bytes())
    del parts["xl/worksheets/sheet1.xml"]
    old, new = b"/xl/worksheets/sheet1.xml", f"/{part}".encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(old, new)
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace(b"worksheets/sheet1.xml", part.removeprefix("xl/").encode())
    parts[part] = sheet_xml
    return zip_bytes(parts)


def _sheet(cells: str, prolog: str = "") -> bytes:
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    return f'<?xml version="1.0"?>{prolog}<worksheet xmlns="{ns}"><sheetData>{cells}</sheetData></worksheet>'.encode()


def _cut_member(original: bytes, name: str) -> bytes:
    data = members(original)[name]
    return with_member(original, name, data[: len(data) // 2])


HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>2021年工作要点</t></is></c></row>'
LAUGHS = '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
FAR_RIGHT = "".join(f'<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>' for r in range(2, 200))
EXTERNAL = '<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("cut-sheet.xlsx", _cut_member(_xlsx_bytes(), "xl/worksheets/sheet1.xml"),
         "“xl/worksheets/sheet1.xml”不是完整的 XML"),
        ("cut-workbook.xlsx", _cut_member(_xlsx_bytes(), "xl/workbook.xml"), "“xl/workbook.xml”不是完整的 XML"),
        ("cut-styles.xlsx", _cut_member(_xlsx_bytes(), "xl/styles.xml"), "“xl/styles.xml”不是完整的 XML"),
        ("cut-document.docx", _cut_member(_docx_bytes(), "word/document.xml"), "“word/document.xml”不是完整的 XML"),
        ("text-in-number.xlsx", _xlsx_with_sheet(_sheet(HEADER + '<row r="2"><c r="B2"><v>abc</v></c></row>')),
         "工作表“Sheet”中单元格 B2 标为数字，内容却是“abc”"),
        ("float-text.xlsx", _xlsx_with_sheet(_sheet(HEADER + '<row r="3"><c r="C3" t="n"><v>1.2.3</v></c></row>')),
         "单元格 C3 标为数字"),
        ("far-row.xlsx", _xlsx_with_sheet(_sheet(HEADER + '<row r="50000000"><c r="A50000000"><v>1</v></c></row>')),
         "超过 1048576 行或 200 万个单元格"),
        ("far-right.xlsx", _xlsx_with_sheet(_sheet(HEADER + FAR_RIGHT)), "超过 1048576 行或 200 万个单元格"),
        ("laughs.xlsx", _xlsx_with_sheet(_sheet("<row r='1'><c><v>&b;</v></c></row>", LAUGHS)), "DTD"),
        ("laughs-elsewhere.xlsx",
         _xlsx_with_sheet(_sheet("<row r='1'><c t='inlineStr'><is><t>&b;</t></is></c></row>", LAUGHS),
                          "xl/worksheets/sheet1.dat"), "已损坏"),
        ("external-elsewhere.xlsx",
         _xlsx_with_sheet(_sheet("<row r='1'><c t='inlineStr'><is><t>&x;</t></is></c></row>", EXTERNAL),
                          "xl/worksheets/sheet1.dat"), "已损坏"),
    ],
)
def test_broken_or_hostile_parts_are_named_in_chinese(tmp_path: Path, name: str, data: bytes, words: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputFileError) as info:
        read_plan(path)
    assert f"文件“{name}”" in str(info.value) and words in str(info.value)


def test_openpyxl_parses_with_defusedxml() -> None:
    assert openpyxl.DEFUSEDXML is True
