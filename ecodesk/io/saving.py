"""Save a built workbook or document through `atomic_write`, so every export is written whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

from ecodesk.io.atomic import atomic_write


class Savable(Protocol):
    """python-docx Document and openpyxl Workbook alike."""

    def save(self, filename: str) -> None: ...


def save_atomically(document: Savable, path: str | os.PathLike[str]) -> Path:
    """Write `document` to `path` via a temporary file beside it; UserError (in Chinese) on failure."""
    target = Path(path)
    with atomic_write(target) as tmp:
        document.save(str(tmp))
    return target
