"""Checks run before any parser sees a file: existence, size, real type, zip bombs, XML DTDs and XML
parts that are not whole.

python-docx and openpyxl parse XML with lxml and inflate zip members on demand; a hostile or broken
file must be refused here, with one Chinese sentence naming the file, before they touch it.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from ecodesk.domain.errors import InputFileError

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_CHECK_FROM = 1024 * 1024
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")

# What python-docx and openpyxl raise on a file that passed these checks but whose parts are wrong
# (a missing element or attribute, an index or type that does not fit, ElementTree's ParseError, which
# is a SyntaxError, or a defusedxml refusal, which is a ValueError): a broken file, not a bug of ours.
PARSER_FAILURES = (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, IndexError, ValueError, TypeError,
                   AttributeError, OverflowError, SyntaxError, etree.LxmlError)

_KNOWN_TYPES = (
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"%PDF", "PDF 文档"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf", "7z 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"),
    (b"{\\rtf", "RTF 文档"),
    (b"\x7fELF", "可执行程序"),
)
_KIND = {".txt": "纯文本文件（.txt）", ".docx": "Word 文档（.docx）", ".xlsx": "Excel 工作簿（.xlsx）",
         ".pdf": "PDF 文档（.pdf）"}
PDF_MAGIC = b"%PDF-"
# A PDF reader looks for its header in the first KiB: some writers put bytes before it.
_PDF_HEADER_WITHIN = 1024
_MAIN_PART = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
_DTD_MARKERS = tuple(
    marker.encode(enc) for marker in ("<!DOCTYPE", "<!ENTITY") for enc in ("ascii", "utf-16-le", "utf-16-be")
)


def checked_bytes(path: Path, suffixes: tuple[str, ...], name: str = "") -> bytes:
    """The file's bytes once it is known to be a readable file of the type its extension claims; `name`
    is the file named in messages (a converted copy's original), by default the file's own."""
    name, suffix = name or path.name, path.suffix.lower()
    if suffix not in suffixes:
        allowed = "、".join(suffixes)
        raise InputFileError(f"不支持导入文件“{name}”的类型（{suffix or '无扩展名'}）；只能导入 {allowed} 文件")
    if not path.is_file():
        raise InputFileError(f"找不到文件“{name}”")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputFileError(f"文件“{name}”过大（{size / 1024 / 1024:.1f} MB），超过 20 MB 的导入上限")
    data = path.read_bytes()
    if not data.strip():
        raise InputFileError(f"文件“{name}”是空文件，没有可导入的内容")
    if suffix in _KIND:
        _check_magic(data, name, suffix)
    if suffix in _MAIN_PART:
        check_zip(data, name, suffix)
    return data


def _check_magic(data: bytes, name: str, suffix: str) -> None:
    kind = _KIND[suffix]
    if suffix == ".pdf":
        if PDF_MAGIC not in data[:_PDF_HEADER_WITHIN]:
            raise InputFileError(f"文件“{name}”不是有效的{kind}：缺少 PDF 文件头（可能改了扩展名）")
        return
    if data.startswith(OLE2_MAGIC):
        if suffix == ".txt":
            raise InputFileError(f"文件“{name}”实际是 Word/Excel 等 Office 文件，不是{kind}")
        raise InputFileError(
            f"文件“{name}”是设有密码（加密）的 Office 文件或旧版 .doc/.xls 文件，无法读取；"
            f"请去除密码或另存为 {suffix} 后再导入"
        )
    for magic, label in _KNOWN_TYPES:
        if data.startswith(magic):
            raise InputFileError(f"文件“{name}”实际是{label}，不是{kind}")
    is_zip = data.startswith(ZIP_MAGIC)
    if suffix == ".txt" and is_zip:
        raise InputFileError(f"文件“{name}”实际是压缩包或 .docx/.xlsx 文件（改了扩展名），不是纯文本")
    if suffix != ".txt" and not is_zip:
        raise InputFileError(f"文件“{name}”不是有效的{kind}：内容不是 Office 文档格式（可能改了扩展名）")


def check_zip(data: bytes, name: str, suffix: str) -> None:
    """Refuse corrupt archives, zip bombs, encrypted members, wrong Office kinds and XML with DTDs."""
    kind = _KIND[suffix]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            _check_sizes(members, name)
            _check_parts(archive, name, suffix)
            for info in members:
                if info.filename.endswith((".xml", ".rels")):
                    _check_xml(archive.read(info), name, info.filename)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as exc:
        raise InputFileError(f"文件“{name}”已损坏，无法作为{kind}读取") from exc


def _check_sizes(members: list[zipfile.ZipInfo], name: str) -> None:
    total = sum(info.file_size for info in members)
    if total > MAX_UNZIPPED_BYTES:
        raise InputFileError(f"文件“{name}”解压后超过 200 MB，疑似压缩炸弹，拒绝导入")
    for info in members:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_CHECK_FROM and ratio > MAX_RATIO:
            raise InputFileError(
                f"文件“{name}”中的“{info.filename}”压缩比异常（{ratio:.0f}:1），疑似压缩炸弹，拒绝导入"
            )
        if info.flag_bits & 0x1:
            raise InputFileError(f"文件“{name}”设有密码（加密），无法读取；请去除密码后再导入")


def _check_parts(archive: zipfile.ZipFile, name: str, suffix: str) -> None:
    names = set(archive.namelist())
    if _MAIN_PART[suffix] in names:
        return
    for other, part in _MAIN_PART.items():
        if part in names:
            raise InputFileError(f"文件“{name}”实际是{_KIND[other]}，不是{_KIND[suffix]}")
    raise InputFileError(f"文件“{name}”不是有效的{_KIND[suffix]}（缺少“{_MAIN_PART[suffix]}”）")


def _check_xml(xml: bytes, name: str, part: str) -> None:
    """Refuse a part with a DTD (entity bombs, external entities) or one that is not whole, naming it:
    python-docx and openpyxl would fail on it with an English parser error (or, for a sheet read in
    read-only mode, only halfway through)."""
    if any(marker in xml for marker in _DTD_MARKERS):
        raise InputFileError(f"文件“{name}”包含 XML 文档类型声明（DTD/实体），为安全起见拒绝导入")
    parser = etree.XMLParser(target=_Discard(), resolve_entities=False, no_network=True, load_dtd=False)
    try:
        parser.feed(xml)
        parser.close()
    except etree.XMLSyntaxError as err:
        line, column = err.position
        raise InputFileError(
            f"文件“{name}”已损坏：其中的“{part}”不是完整的 XML（第 {line} 行第 {column} 列），无法读取"
        ) from None


class _Discard:
    """An lxml parser target that keeps nothing: checking a part builds no tree."""

    def close(self) -> None:
        return None
