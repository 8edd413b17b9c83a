"""Write an export all at once: a temporary file next to the target, then one rename.

A clerk who exports over a file that is open in Word or WPS must get a clear message and keep the old
file; a crash half-way must never leave a truncated document or a stray temporary file behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from ecodesk.domain.errors import UserError


def write_atomically(path: str | os.PathLike[str], save: Callable[[BinaryIO], None]) -> Path:
    """Call `save` with a temporary file in the target's folder, then rename it over `path`.

    Raises UserError (in Chinese, naming the file) when the folder is missing or not writable, or when
    the target is locked (open in Word/WPS) or is a folder; the old target is then left as it was.
    """
    target = Path(path).resolve()
    folder = target.parent
    if not folder.is_dir():
        raise UserError(f"无法保存“{target}”：文件夹“{folder}”不存在，请先创建该文件夹或另选保存位置。")
    if target.is_dir():
        raise UserError(f"无法保存“{target}”：该路径是一个文件夹，请另取一个文件名。")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".~{target.stem}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise UserError(f"无法保存“{target}”：没有写入文件夹“{folder}”的权限（{err.strerror}）。") from err
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as stream:
            save(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, target)
    except PermissionError as err:
        raise UserError(
            f"无法保存“{target}”：文件正被其他程序占用或没有写入权限。"
            "如已在 Word/WPS 中打开该文件，请先关闭后重试。"
        ) from err
    except IsADirectoryError as err:
        raise UserError(f"无法保存“{target}”：该路径是一个文件夹，请另取一个文件名。") from err
    except OSError as err:
        reason = err.strerror or str(err)
        raise UserError(f"无法保存“{target}”：{reason}。请检查磁盘空间和保存位置后重试。") from err
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return target
