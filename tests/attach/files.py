"""Files to attach, made on disk: a photo that Qt can read, a multi-part document, hostile names."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ecodesk.store.blobs import CHUNK

# a 2×2 red PNG, the smallest real image a thumbnail can be drawn from
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000002000000020802000000fdd49a730000001049444154789c63f8cfc000"
    "440c100a001fee03fd8b5f14d40000000049454e44ae426082")


def photo(folder: Path, name: str = "现场照片.png") -> Path:
    path = folder / name
    path.write_bytes(PNG)
    return path


def big_document(folder: Path, name: str = "验收报告.pdf", parts: float = 2.5) -> Path:
    """A file of several stored parts (not a multiple of the part size), with varied bytes."""
    path = folder / name
    size = int(CHUNK * parts)
    seed = hashlib.sha256(name.encode()).digest()
    path.write_bytes((seed * (size // len(seed) + 1))[:size])
    return path


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
