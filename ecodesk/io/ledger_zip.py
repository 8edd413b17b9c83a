"""The 台账 (evidence ledger) as a zip: one folder per task, its files named with date and unit, and the
index 台账目录.xlsx (task, date, unit, file, size, SHA-256).

Every name in the archive is one Windows accepts (domain/file_names.py) and every path stays within
PATH_LIMIT, long titles shortened; nothing is written outside the archive's root (no "..", no drive, no
leading slash: each component is made safe on its own). Entries are flagged UTF-8, so Windows' own
Explorer and 7-Zip show the Chinese names. Content is streamed in, part by part, its SHA-256 checked as it
goes; the zip is written to a temporary file and renamed into place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ecodesk.domain.attachments import size_text
from ecodesk.domain.errors import UserError
from ecodesk.domain.file_names import PATH_LIMIT, safe_name, shortened, unique_name
from ecodesk.io import xlsx_style as xs
from ecodesk.io.atomic import atomic_write

INDEX_NAME = "台账目录.xlsx"
FOLDER_LIMIT = 80  # a task's folder: its number and as much of its title as fits
FILE_LIMIT = 120
UTF8_NAMES = 0x800  # zip general-purpose flag bit 11: the entry's name is UTF-8
ZIP64_FROM = 2**31  # entries this big need the zip64 header, which must be chosen before writing
PACKED = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".mp4", ".mov", ".mp3", ".zip", ".rar", ".7z",
                    ".docx", ".xlsx", ".pptx", ".pdf", ".ofd", ".heic"})  # stored: compressing gains nothing

COLUMNS = (
    xs.Column("序号", 6, centred=True),
    xs.Column("任务编号", 14, centred=True),
    xs.Column("任务", 34),
    xs.Column("日期", 12, centred=True),
    xs.Column("股室", 12, centred=True),
    xs.Column("文件（台账中的位置）", 44),
    xs.Column("原文件名", 22),
    xs.Column("大小", 10, centred=True),
    xs.Column("字节数", 12, centred=True),
    xs.Column("SHA-256", 30),
)


@dataclass(frozen=True, slots=True)
class LedgerItem:
    """One attached file as the ledger files it: under its task, dated and named with its unit."""

    task_id: int
    number: str  # the number a clerk quotes: 三（三）2.5）
    title: str
    day: dt.date
    unit: str
    name: str  # the file's own name, as the clerk attached it
    size: int
    sha256: str
    parts: Callable[[], Iterable[bytes]]  # its content, part by part


def layout(items: Sequence[LedgerItem]) -> list[str]:
    """Each item's path inside the archive, in the order given."""
    folders: dict[int, str] = {}
    taken: dict[int, set[str]] = {}
    paths = []
    for item in items:
        folder = folders.get(item.task_id)
        if folder is None:
            folder = folders[item.task_id] = safe_name(shortened(f"{item.number}{item.title}", FOLDER_LIMIT))
        unit = f"_{item.unit}" if item.unit else ""
        wanted = safe_name(f"{item.day:%Y%m%d}{unit}_{item.name}", fallback=f"{item.day:%Y%m%d}_附件")
        room = min(FILE_LIMIT, PATH_LIMIT - len(folder) - 1 - 4)  # 4: a "(12)" a duplicate may take
        name = unique_name(shortened(wanted, room, keep_suffix=True), taken.setdefault(item.task_id, set()))
        paths.append(f"{folder}/{name}")
    return paths


def write_ledger(items: Sequence[LedgerItem], target: Path, heading: str) -> Path:
    """The ledger zip at `target` (whole or not at all)."""
    if not items:
        raise UserError("所选范围内没有附件，未导出台账")
    paths = layout(items)
    with atomic_write(Path(target)) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        for item, path in zip(items, paths, strict=True):
            _write_file(archive, item, path)
        archive.writestr(_entry(INDEX_NAME, dt.date.today(), packed=True), _index(items, paths, heading))
    return Path(target)


def _entry(path: str, day: dt.date, *, packed: bool) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(path, date_time=(max(day.year, 1980), day.month, day.day, 0, 0, 0))
    info.flag_bits |= UTF8_NAMES
    info.compress_type = zipfile.ZIP_STORED if packed else zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def _write_file(archive: zipfile.ZipFile, item: LedgerItem, path: str) -> None:
    info = _entry(path, item.day, packed=Path(item.name).suffix.lower() in PACKED)
    info.file_size = item.size
    sha = hashlib.sha256()
    with archive.open(info, "w", force_zip64=item.size >= ZIP64_FROM) as out:
        for part in item.parts():
            sha.update(part)
            out.write(part)
    if sha.hexdigest() != item.sha256:
        raise UserError(f"附件“{item.name}”（任务 {item.number}）的内容与记录的 SHA-256 不符，数据库可能已损坏，"
                        "请从备份恢复；台账未导出")


def _index(items: Sequence[LedgerItem], paths: Sequence[str], heading: str) -> bytes:
    wb = xs.new_workbook()
    ws = wb.create_sheet("台账目录")
    xs.set_columns(ws, COLUMNS)
    xs.merged_line(ws, heading, COLUMNS, xs.TITLE, line_height=30)
    header = xs.header_row(ws, COLUMNS)
    last = header
    for serial, (item, path) in enumerate(zip(items, paths, strict=True), start=1):
        last = xs.data_row(ws, [serial, item.number, item.title, item.day.isoformat(), item.unit, path, item.name,
                                size_text(item.size), item.size, item.sha256], COLUMNS)
    ws.auto_filter.ref = f"A{header}:{chr(ord('A') + len(COLUMNS) - 1)}{last}"
    xs.print_setup(ws, header_row_number=header, columns=COLUMNS, last_row=last, freeze=f"A{header + 1}")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
