"""Files attached to a task or to one of its progress updates (一事一档): what the lists and the 台账 show."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

MAX_SIZE = 100 * 1024 * 1024  # a bigger file is refused: the database (and every backup of it) carries each one
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff"})


class Attachment(NamedTuple):
    """One attached file: its name as the clerk had it, its size and SHA-256 (what the 台账目录 lists, and
    what identifies its stored content), and the update it belongs to (None: the task itself).
    A NamedTuple: a dataclass compiles its methods at start-up (some 3 million instructions each)."""

    id: int
    task_id: int
    progress_id: int | None
    name: str
    size: int
    sha256: str
    added_at: dt.datetime
    author: str = ""

    @property
    def is_image(self) -> bool:
        """Whether the list may show a thumbnail of it (by its name: the bytes are read only to draw one)."""
        dot = self.name.rfind(".")
        return dot >= 0 and self.name[dot:].lower() in IMAGE_SUFFIXES


def size_text(size: int) -> str:
    """A size as a clerk reads it: 812 字节, 35.2 KB, 4.7 MB."""
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"
