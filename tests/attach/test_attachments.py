"""Attachments on SQLite and on PostgreSQL: stored once by content, copied out byte for byte, all of a
call's files or none, a clear message naming the file that cannot be attached, removal undone, and a
deleted task's files back with it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ecodesk.domain.errors import UserError
from ecodesk.services import attachments, progress, tree
from ecodesk.store import blobs
from ecodesk.store.db import Database
from ecodesk.store.models import AttachmentBlobRow, AttachmentRow
from tests.attach.files import big_document, photo, sha256_of
from tests.targets import seed_plan


def stored(db: Database) -> tuple[int, int]:
    """(attachment rows, stored content parts)."""
    with db.reader() as s:
        return (s.scalar(select(func.count()).select_from(AttachmentRow)),
                s.scalar(select(func.count()).select_from(AttachmentBlobRow)))


def test_files_are_stored_once_and_come_back_byte_identical(target_db: Database, tmp_path: Path) -> None:
    task = seed_plan(target_db)
    doc, pic = big_document(tmp_path), photo(tmp_path)
    added = attachments.add_files(target_db, task, [doc, pic])
    attachments.add_files(target_db, task, [tmp_path / "验收报告.pdf"])  # the same content once more
    assert stored(target_db) == (3, 3 + 1)  # 2.5 parts → 3, the photo 1: the second copy stored nothing
    listed = attachments.attachments_of(target_db, task)
    assert [(a.name, a.size, a.sha256) for a in listed] == [
        ("验收报告.pdf", doc.stat().st_size, sha256_of(doc)), ("现场照片.png", pic.stat().st_size, sha256_of(pic)),
        ("验收报告.pdf", doc.stat().st_size, sha256_of(doc))]
    assert listed[0].author == listed[2].author != "" and not listed[0].is_image and listed[1].is_image
    (tmp_path / "out").mkdir()
    out = attachments.save_copy(target_db, added[0].id, tmp_path / "out" / "副本.pdf")
    assert out.read_bytes() == doc.read_bytes()
    opened = attachments.extract(target_db, added[1].id)
    assert opened.name == "现场照片.png" and opened.read_bytes() == pic.read_bytes()


def test_an_empty_file_is_kept_too(target_db: Database, tmp_path: Path) -> None:
    task = seed_plan(target_db)
    empty = tmp_path / "空白.txt"
    empty.write_bytes(b"")
    [item] = attachments.add_files(target_db, task, [empty])
    assert attachments.save_copy(target_db, item.id, tmp_path / "back.txt").read_bytes() == b""


def test_one_bad_file_stores_none_of_the_call(target_db: Database, tmp_path: Path) -> None:
    task = seed_plan(target_db)
    good = big_document(tmp_path)
    too_big = tmp_path / "全程录像.mp4"
    with too_big.open("wb") as fh:  # sparse: 100 MB and one byte, no disk used
        fh.truncate(100 * 1024 * 1024 + 1)
    folder = tmp_path / "扫描件"
    folder.mkdir()
    cases = {tmp_path / "不见了.docx": "找不到文件", too_big: "超过附件 100 MB 的上限", folder: "是文件夹",
             Path("/proc/self/mem"): "读取文件"}
    for bad, says in cases.items():
        with pytest.raises(UserError) as err:
            attachments.add_files(target_db, task, [good, bad])
        assert says in str(err.value) and str(bad) in str(err.value)
    assert stored(target_db) == (0, 0)
    assert attachments.attachments_of(target_db, task) == []


def test_the_open_database_file_is_not_attached(db: Database, tmp_path: Path) -> None:
    task = seed_plan(db)
    assert db.path is not None
    for name in (db.path, Path(f"{db.path}-wal")):
        with pytest.raises(UserError, match="正在使用的数据库文件"):
            attachments.add_files(db, task, [name])


def test_removal_is_undone_and_a_deleted_task_keeps_its_files(target_db: Database, tmp_path: Path) -> None:
    task = seed_plan(target_db)
    entry = progress.add_progress(target_db, task, date=dt.date(2026, 5, 1), text="已完成现场核查")
    assert entry.id is not None
    [on_task] = attachments.add_files(target_db, task, [photo(tmp_path)])
    [on_update] = attachments.add_files(target_db, task, [big_document(tmp_path)], progress_id=entry.id)
    assert on_update.progress_id == entry.id
    assert attachments.remove(target_db, [on_task.id]).attachments
    assert [a.id for a in attachments.attachments_of(target_db, task)] == [on_update.id]
    attachments.bring_back(target_db, [on_task.id])
    snapshot = tree.delete_task(target_db, task)
    assert stored(target_db) == (0, 4)  # the rows went with the task, the content stays for the undo
    tree.restore_task(target_db, snapshot)
    back = attachments.attachments_of(target_db, task)
    assert [(a.id, a.progress_id) for a in back] == [(on_task.id, None), (on_update.id, entry.id)]
    assert attachments.save_copy(target_db, on_update.id, tmp_path / "back.pdf").read_bytes() == \
        (tmp_path / "验收报告.pdf").read_bytes()
    progress.delete_progress(target_db, entry.id)  # an update taken back leaves its file on the task
    assert [(a.id, a.progress_id) for a in attachments.attachments_of(target_db, task)] == [
        (on_task.id, None), (on_update.id, None)]


def test_an_update_of_another_task_is_refused(target_db: Database, tmp_path: Path) -> None:
    task = seed_plan(target_db)
    from ecodesk.services import tasks

    other = tasks.add_task(target_db, 1, title="另一项任务")
    entry = progress.add_progress(target_db, other, date=dt.date(2026, 5, 1), text="另一项的进展")
    with pytest.raises(UserError, match="不属于这项任务"):
        attachments.add_files(target_db, task, [photo(tmp_path)], progress_id=entry.id)
    with pytest.raises(UserError, match="不存在"):
        attachments.save_copy(target_db, 999, tmp_path / "x.png")


def test_content_stored_meanwhile_is_left_as_it_is(target_db: Database, tmp_path: Path) -> None:
    """Two clerks attaching the same new file at once both find it not yet stored: the later parts meet the
    earlier ones (here within one transaction) and are skipped, not a failure."""
    doc = big_document(tmp_path)
    digest = sha256_of(doc)
    with target_db.session() as s, doc.open("rb") as first, doc.open("rb") as second:
        blobs.store(s, first, digest, doc)
        blobs.store(s, second, digest, doc)
    assert stored(target_db) == (0, 3)
    with target_db.reader() as s:
        assert b"".join(blobs.read(s, digest, doc.stat().st_size)) == doc.read_bytes()


def test_purge_forgets_removed_files_but_keeps_a_deleted_tasks(target_db: Database, tmp_path: Path) -> None:
    task = seed_plan(target_db)
    from ecodesk.services import tasks

    other = tasks.add_task(target_db, 1, title="另一项任务")
    [removed] = attachments.add_files(target_db, task, [big_document(tmp_path, "误传的录像.mp4")])
    [kept] = attachments.add_files(target_db, task, [photo(tmp_path)])
    [deleted_with_task] = attachments.add_files(target_db, other, [big_document(tmp_path, "纪要.pdf", parts=1.5)])
    attachments.remove(target_db, [removed.id])
    snapshot = tree.delete_task(target_db, other)
    assert attachments.purge(target_db) == attachments.Purged(1, removed.size)
    assert stored(target_db) == (1, 1 + 2)  # the photo's part, and the deleted task's file kept for its restore
    with pytest.raises(UserError, match="不存在"):
        attachments.bring_back(target_db, [removed.id])
    tree.restore_task(target_db, snapshot)
    back = attachments.save_copy(target_db, deleted_with_task.id, tmp_path / "恢复的纪要.pdf")
    assert back.read_bytes() == (tmp_path / "纪要.pdf").read_bytes()
    assert [a.id for a in attachments.attachments_of(target_db, task)] == [kept.id]
    assert attachments.purge(target_db) == attachments.Purged(0, 0)
