"""File contents in the database, content-addressed: stored once by SHA-256, in parts of CHUNK bytes.

A file is read twice, a part at a time: once to learn its SHA-256 (content already stored is not stored
again), once to store it, hashing again so that a file changed between the two reads is refused rather than
kept under a digest it does not have. Reading back yields the parts in order. So a 100 MB file is never
held whole in memory, on SQLite or on PostgreSQL.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ecodesk.domain.errors import UserError
from ecodesk.store.models import AttachmentBlobRow

CHUNK = 1024 * 1024


def parts(fh: BinaryIO) -> Iterator[bytes]:
    """The file's bytes, CHUNK at a time."""
    while part := fh.read(CHUNK):
        yield part


def digest_of(fh: BinaryIO) -> tuple[str, int]:
    """SHA-256 (hex) and size of what `fh` holds from where it stands."""
    sha, size = hashlib.sha256(), 0
    for part in parts(fh):
        sha.update(part)
        size += len(part)
    return sha.hexdigest(), size


def is_stored(session: Session, sha256: str) -> bool:
    return session.scalar(select(AttachmentBlobRow.part).where(AttachmentBlobRow.sha256 == sha256,
                                                               AttachmentBlobRow.part == 0)) is not None


def store(session: Session, fh: BinaryIO, sha256: str, name: Path) -> None:
    """Write the parts of `fh` under `sha256` in the caller's transaction (Core inserts: the session keeps
    no part in memory; an empty file is one empty part); a file whose content no longer has that digest
    raises UserError, and the caller's transaction then stores nothing."""
    sha = hashlib.sha256()
    number = -1
    for number, part in enumerate(parts(fh)):
        sha.update(part)
        _insert_part(session, sha256, number, part)
    if number < 0:
        _insert_part(session, sha256, 0, b"")
    if sha.hexdigest() != sha256:
        raise UserError(f"文件“{name}”在读取过程中被修改，未添加，请待其保存完毕后重试")


def _insert_part(session: Session, sha256: str, number: int, data: bytes) -> None:
    """One part; a part another clerk's transaction stored meanwhile (the same file attached at the same
    moment on the server) is the same bytes, so it is left as it is rather than failing the attach."""
    dialect = session.get_bind().dialect.name
    insert_ = postgresql_insert if dialect == "postgresql" else sqlite_insert
    session.execute(insert_(AttachmentBlobRow).values(sha256=sha256, part=number, data=data)
                    .on_conflict_do_nothing())


def read(session: Session, sha256: str, size: int) -> Iterator[bytes]:
    """The stored content, part by part (one part fetched at a time)."""
    count = max(1, -(-size // CHUNK))
    for number in range(count):
        part = session.scalar(select(AttachmentBlobRow.data).where(AttachmentBlobRow.sha256 == sha256,
                                                                   AttachmentBlobRow.part == number))
        if part is None:
            raise UserError(f"附件内容（SHA-256 {sha256[:12]}…）在数据库中不完整，请从备份恢复")
        yield part
