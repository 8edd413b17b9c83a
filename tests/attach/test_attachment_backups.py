"""A SQLite database's files go wherever the database goes: into its verified backups, back with a restore,
into “另存数据库副本”, byte for byte (and a file attached after the backup is gone after restoring it)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ecodesk.services import attachments, backups
from ecodesk.store.backup import copy_database, integrity_errors
from ecodesk.store.db import Database, open_database
from tests.attach.files import big_document, photo
from tests.targets import seed_plan

NOON = dt.datetime(2026, 11, 23, 12, 0)


def test_backup_restore_and_copy_carry_the_files(db: Database, tmp_path: Path) -> None:
    task = seed_plan(db)
    [kept] = attachments.add_files(db, task, [big_document(tmp_path)])
    copy = backups.create_backup(db, now=NOON)
    assert integrity_errors(copy.path) == []
    [later] = attachments.add_files(db, task, [photo(tmp_path)])
    attachments.remove(db, [kept.id])

    backups.restore_backup(db, copy.path, now=NOON + dt.timedelta(minutes=5))
    assert [a.id for a in attachments.attachments_of(db, task)] == [kept.id]  # removal and later file undone
    back = attachments.save_copy(db, kept.id, tmp_path / "恢复后.pdf")
    assert back.read_bytes() == (tmp_path / "验收报告.pdf").read_bytes()
    assert later.id not in [a.id for a in attachments.attachments_of(db, task)]

    assert db.path is not None
    saved = copy_database(db.path, tmp_path / "副本.sqlite")
    other = open_database(str(saved))
    try:
        [item] = attachments.attachments_of(other, task)
        assert attachments.save_copy(other, item.id, tmp_path / "副本中的.pdf").read_bytes() == back.read_bytes()
    finally:
        other.close()
