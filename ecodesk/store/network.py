"""Is the database file on a network share? SQLite's locking is unreliable there (corruption risk).

Windows: UNC paths and drive letters whose GetDriveTypeW is DRIVE_REMOTE. Linux: the mount holding
the file is nfs, cifs/smb or another network file system according to /proc/mounts.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path, PureWindowsPath

DRIVE_REMOTE = 4
NETWORK_FS = frozenset({"nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs", "9p",
                        "fuse.sshfs", "ceph", "glusterfs", "fuse.glusterfs", "davfs", "fuse.davfs2"})
MOUNTS = Path("/proc/mounts")


def network_warning(target: str | Path) -> str | None:
    """The warning to show before using a SQLite file on a network share, or None when it is local."""
    if not is_network_path(str(target)):
        return None
    return (f"数据库文件“{target}”位于网络共享文件夹。SQLite 数据库放在网络共享上并不安全，"
            "多人同时使用可能损坏数据。多人共用请改用服务器模式（PostgreSQL，见“打开数据库…”或 --db postgresql://…）；"
            "单人使用请把数据库放在本机磁盘上")


def is_network_path(path: str) -> bool:
    if path.startswith(("\\\\", "//")):
        return True
    if sys.platform == "win32":
        return _windows_drive_is_remote(path)
    try:
        return mount_fs_type(os.path.realpath(path), MOUNTS.read_text(encoding="utf-8")) in NETWORK_FS
    except OSError:
        return False


def _windows_drive_is_remote(path: str) -> bool:
    import ctypes

    anchor = PureWindowsPath(os.path.abspath(path)).anchor
    if not anchor:
        return False
    return ctypes.windll.kernel32.GetDriveTypeW(anchor) == DRIVE_REMOTE  # type: ignore[attr-defined]


def mount_fs_type(path: str, mounts: str) -> str | None:
    """The file system type of the deepest mount point containing `path`, from /proc/mounts text."""
    best, best_type = "", None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = path == point or path.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_type = point, fields[2]
    return best_type
