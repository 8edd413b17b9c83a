"""Files attached to tasks and progress updates: added, listed, copied out, removed and brought back.

Each call is one transaction: several files given at once are all stored or none is (a missing, unreadable
or too big file, or one changed while read, stops the whole call with a message naming it). Content goes
through store/blobs.py, a part at a time, and is stored once however often it is attached.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from ecodesk.domain.attachments import MAX_SIZE, Attachment, size_text
from ecodesk.domain.changes import ATTACHMENTS, Changes
from ecodesk.domain.errors import NotFoundError, UserError, os_reason
from ecodesk.io.atomic import atomic_write
from ecodesk.services import audit
from ecodesk.services.rows import task_row
from ecodesk.store import blobs
from ecodesk.store.db import Database
from ecodesk.store.models import AttachmentBlobRow, AttachmentRow, AuditRow, ProgressRow, TaskRow, utcnow
from ecodesk.store.signin import session_login


def attachment(row: AttachmentRow) -> Attachment:
    return Attachment(id=row.id, task_id=row.task_id, progress_id=row.progress_id, name=row.name, size=row.size,
                      sha256=row.sha256, added_at=row.added_at, author=row.author)


def add_files(db: Database, task_id: int, paths: Sequence[Path], *, progress_id: int | None = None) -> list[Attachment]:
    """Attach `paths` to the task (or to its update `progress_id`), all in one transaction."""
    if not paths:
        raise UserError("没有给出要添加的文件")
    with ExitStack() as files:
        opened = [(path, _opened(files, db, Path(path))) for path in paths]
        with db.session() as s:
            task = task_row(s, task_id)
            if progress_id is not None:
                _check_update(s, task_id, progress_id)
            added = [_add(s, task.id, task.plan_id, progress_id, path, fh) for path, fh in opened]
            return [attachment(row) for row in added]


def _opened(files: ExitStack, db: Database, path: Path) -> BinaryIO:
    """The user's file, open for reading, with a Chinese message naming it when it cannot be attached."""
    if db.path is not None and _same_file(path, db.path):
        raise UserError(f"“{path}”是正在使用的数据库文件，不能作为附件添加")
    if path.is_dir():
        raise UserError(f"“{path}”是文件夹，请选择其中的文件")
    try:
        fh = files.enter_context(path.open("rb"))
        size = os.fstat(fh.fileno()).st_size
    except FileNotFoundError:
        raise UserError(f"找不到文件“{path}”（可能已被移动或删除），未添加任何附件") from None
    except PermissionError:
        raise UserError(f"无法读取文件“{path}”：没有读取权限，未添加任何附件") from None
    except OSError as err:
        raise UserError(f"无法读取文件“{path}”（{os_reason(err)}），未添加任何附件") from None
    if size > MAX_SIZE:
        raise UserError(f"文件“{path}”有 {size_text(size)}，超过附件 100 MB 的上限，未添加任何附件")
    return fh


def _same_file(path: Path, db_path: Path) -> bool:
    """Whether `path` is the database or its -wal/-shm, compared by name: stat, never open."""
    try:
        resolved = path.resolve()
    except OSError:
        return False
    base = db_path.resolve()
    return resolved in {base, Path(f"{base}-wal"), Path(f"{base}-shm"), Path(f"{base}-journal")}


def _check_update(session: Session, task_id: int, progress_id: int) -> None:
    owner = session.scalar(select(ProgressRow.task_id).where(ProgressRow.id == progress_id))
    if owner is None:
        raise NotFoundError(f"进展记录（编号 {progress_id}）不存在，可能已被删除")
    if owner != task_id:
        raise UserError(f"进展记录（编号 {progress_id}）不属于这项任务")


def _add(session: Session, task_id: int, plan_id: int, progress_id: int | None, path: Path,
         fh: BinaryIO) -> AttachmentRow:
    try:
        sha256, size = blobs.digest_of(fh)
        if size > MAX_SIZE:  # it grew since it was opened
            raise UserError(f"文件“{path}”有 {size_text(size)}，超过附件 100 MB 的上限，未添加任何附件")
        if not blobs.is_stored(session, sha256):
            fh.seek(0)
            blobs.store(session, fh, sha256, path)
    except OSError as err:
        raise UserError(f"读取文件“{path}”时出错（{os_reason(err)}），未添加任何附件") from None
    row = AttachmentRow(task_id=task_id, progress_id=progress_id, sha256=sha256, name=path.name, size=size,
                        author=session_login(session))
    session.add(row)
    session.flush()
    audit.record(session, action="create", entity="attachment", entity_id=row.id, plan_id=plan_id,
                 field=str(task_id), new=f"{path.name}（{size_text(size)}，SHA-256 {sha256}）")
    return row


def attachments_of(db: Database, task_id: int) -> list[Attachment]:
    """The task's files and its updates' files, in the order added."""
    with db.reader() as s:
        return [attachment(r) for r in s.scalars(_kept(AttachmentRow.task_id == task_id))]


def plan_attachments(db: Database, plan_id: int) -> dict[int, list[Attachment]]:
    """Every task's files (its own and its updates'), by task, each task's in the order added: one query,
    so a window that reads them with the plan shows any task's list without asking the server again."""
    files: dict[int, list[Attachment]] = {}
    with db.reader() as s:
        for row in s.scalars(_kept(AttachmentRow.task_id.in_(select(TaskRow.id).where(TaskRow.plan_id == plan_id)))):
            files.setdefault(row.task_id, []).append(attachment(row))
    return files


def _kept(where: Any) -> Any:
    """The files not removed among those `where` picks, in the order added."""
    return select(AttachmentRow).where(where, AttachmentRow.removed_at.is_(None)).order_by(AttachmentRow.id)


def one(db: Database, attachment_id: int) -> Attachment:
    with db.reader() as s:
        return attachment(_row(s, attachment_id))


def _row(session: Session, attachment_id: int) -> AttachmentRow:
    row = session.get(AttachmentRow, attachment_id)
    if row is None or row.removed_at is not None:
        raise NotFoundError(f"附件（编号 {attachment_id}）不存在，可能已被删除")
    return row


def save_copy(db: Database, attachment_id: int, target: Path) -> Path:
    """Write the file out to `target` (whole or not at all: a temporary file renamed into place)."""
    with db.reader() as s, atomic_write(Path(target)) as tmp, tmp.open("wb") as out:
        row = _row(s, attachment_id)
        for part in blobs.read(s, row.sha256, row.size):
            out.write(part)
    return Path(target)


def extract(db: Database, attachment_id: int) -> Path:
    """The file copied to a folder of its own under the system's temporary folder, under its own name,
    for the window to open with the program the system chooses."""
    item = one(db, attachment_id)
    folder = Path(tempfile.mkdtemp(prefix="ecodesk-附件-"))
    return save_copy(db, attachment_id, folder / item.name)


def content(db: Database, attachment_id: int, limit: int) -> bytes | None:
    """The file's bytes when at most `limit` (a thumbnail's image), else None."""
    with db.reader() as s:
        row = _row(s, attachment_id)
        return None if row.size > limit else b"".join(blobs.read(s, row.sha256, row.size))


def remove(db: Database, ids: Iterable[int]) -> Changes:
    """Take files off their tasks; their rows and content stay, so `bring_back` (undo) restores them."""
    return _mark(db, list(ids), removed=True)


def bring_back(db: Database, ids: Iterable[int]) -> Changes:
    return _mark(db, list(ids), removed=False)


def _mark(db: Database, ids: list[int], *, removed: bool) -> Changes:
    with db.session() as s:
        for attachment_id in ids:
            row = s.get(AttachmentRow, attachment_id)
            if row is None or (row.removed_at is not None) == removed:
                raise NotFoundError(f"附件（编号 {attachment_id}）不存在，可能已被删除")
            task = task_row(s, row.task_id)
            # by statement, to see its row count: row-level security skips another clerk's file
            done = s.execute(update(AttachmentRow).where(AttachmentRow.id == attachment_id)
                             .values(removed_at=utcnow() if removed else None)).rowcount
            if done != 1:
                raise UserError("登录的账户无权删除这个附件，本次修改未保存")
            audit.record(s, action="delete" if removed else "restore", entity="attachment", entity_id=row.id,
                         plan_id=task.plan_id, field=str(task.id), old=row.name if removed else None,
                         new=None if removed else row.name)
        return ATTACHMENTS


@dataclass(frozen=True, slots=True)
class Purged:
    """What `purge` took out of the database for good."""

    files: int  # removed attachments whose rows went
    freed: int  # bytes of content no longer kept


def purge(db: Database) -> Purged:
    """Forget the removed files for good (`ecodesk attach purge`; no undo brings them back), and the content
    no file uses any more — except content a deleted task's snapshot in the audit log names, which 恢复已删除
    任务 links again. SQLite reuses the freed pages for later writes."""
    with db.session() as s:
        gone = list(s.scalars(select(AttachmentRow).where(AttachmentRow.removed_at.is_not(None))))
        for row in gone:
            audit.record(s, action="purge", entity="attachment", entity_id=row.id, field=str(row.task_id),
                         plan_id=s.scalar(select(TaskRow.plan_id).where(TaskRow.id == row.task_id)), old=row.name)
        s.execute(delete(AttachmentRow).where(AttachmentRow.removed_at.is_not(None)))
        used = select(AttachmentRow.sha256)
        unused = s.execute(select(AttachmentBlobRow.sha256, func.sum(func.length(AttachmentBlobRow.data)))
                           .where(AttachmentBlobRow.sha256.not_in(used)).group_by(AttachmentBlobRow.sha256)).all()
        freed = 0
        for sha256, size in unused:
            if _in_a_deleted_task(s, sha256):
                continue
            s.execute(delete(AttachmentBlobRow).where(AttachmentBlobRow.sha256 == sha256))
            freed += size or 0
        return Purged(len(gone), freed)


def _in_a_deleted_task(session: Session, sha256: str) -> bool:
    return session.scalar(select(AuditRow.id).where(AuditRow.action == "delete", AuditRow.entity == "task",
                                                    AuditRow.old.contains(sha256)).limit(1)) is not None


# -- a deleted task's files, in its snapshot (services/tree): the content stays, so undo links them again ----

def links_of(session: Session, task_id: int) -> list[dict[str, Any]]:
    rows = session.scalars(select(AttachmentRow).where(AttachmentRow.task_id == task_id).order_by(AttachmentRow.id))
    return [{"id": r.id, "progress_id": r.progress_id, "sha256": r.sha256, "name": r.name, "size": r.size,
             "added_at": r.added_at.isoformat(), "author": r.author,
             "removed_at": r.removed_at.isoformat() if r.removed_at else None} for r in rows]


def relink(session: Session, task_id: int, links: list[dict[str, Any]]) -> None:
    """The task's files as the snapshot lists them (after its updates: a file may belong to one)."""
    known = set(session.scalars(select(ProgressRow.id).where(ProgressRow.task_id == task_id)))
    for link in links:
        if not blobs.is_stored(session, link["sha256"]):
            continue
        removed = link["removed_at"]
        session.add(AttachmentRow(
            id=link["id"], task_id=task_id, progress_id=link["progress_id"] if link["progress_id"] in known else None,
            sha256=link["sha256"], name=link["name"], size=link["size"],
            added_at=dt.datetime.fromisoformat(link["added_at"]), author=link["author"],
            removed_at=dt.datetime.fromisoformat(removed) if removed else None))
