"""Zip members read and rewritten, for tests that break one part of a .docx or .xlsx on purpose."""

from __future__ import annotations

import io
import zipfile


def members(data: bytes) -> dict[str, bytes]:
    """Every member of the archive `data`, by name, in archive order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def zip_bytes(parts: dict[str, bytes]) -> bytes:
    """An archive of `parts` with valid checksums, so that readers get past the zip layer."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def with_member(original: bytes, name: str, data: bytes) -> bytes:
    """`original` with member `name` replaced by (or added as) `data`."""
    return zip_bytes({**members(original), name: data})
