"""Files are written whole or not at all: into a temporary file beside the target, then renamed."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ecodesk.domain.errors import UserError, os_reason


@contextmanager
def atomic_write(target: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces `target`, on failure it disappears.

    A target held open by Word/WPS (Windows refuses the rename), an unwritable folder or a full disk
    becomes a UserError naming the file; the old file is left as it was, and the half-written
    temporary file is removed.
    """
    target = Path(target)
    folder = target.parent
    if not folder.is_dir():
        raise UserError(f"无法保存“{target}”：文件夹“{folder}”不存在")
    if target.is_dir():
        raise UserError(f"无法保存“{target}”：已有同名文件夹")
    if Path(f"{target}-wal").exists():
        raise UserError(f"无法保存“{target}”：它是一个正在使用的数据库文件，不能被覆盖，请另选文件名")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix + ".tmp", dir=folder)
    except OSError as err:
        raise UserError(f"无法保存“{target}”：文件夹不可写（{os_reason(err)}）") from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        _flush_to_disk(tmp)
        os.chmod(tmp, _default_mode(target))
        os.replace(tmp, target)
    except PermissionError:
        raise UserError(f"无法保存“{target}”：文件正被其他程序（如 Word、WPS）打开，请关闭后重试") from None
    except OSError as err:
        raise UserError(f"{os_reason(err)}，无法保存“{target}”，原有文件未改动") from None
    finally:
        tmp.unlink(missing_ok=True)


def _default_mode(target: Path) -> int:
    """The mode the file would get if created normally: the old file's, else 0666 less the umask."""
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _flush_to_disk(path: Path) -> None:
    """fsync before the rename, so a power cut leaves the old file or the new one, never an empty one."""
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())
