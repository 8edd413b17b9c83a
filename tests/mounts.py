"""A folder seen read-only through a bind mount: root ignores file modes, so chmod would not stop it."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def read_only_mount(folder: Path, mount: Path) -> Iterator[Path]:
    """`folder` mounted read-only at `mount` (made here) for the block; skips where bind mounts need root."""
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "--bind", str(folder), str(mount)],
                                           capture_output=True).returncode:
        pytest.skip("needs root to bind-mount a folder read-only")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(mount)], check=True)
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)
