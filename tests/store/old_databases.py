"""Databases made by earlier EcoDesk revisions (data/made-by-<revision>.sqlite), opened as a clerk's would be
after an update: a copy, upgraded to the newest revision by opening it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ecodesk.store.db import Database, open_database
from ecodesk.store.migrate import current_revision
from ecodesk.store.schema_version import SCHEMA_HEAD

DATA = Path(__file__).parent / "data"


@contextmanager
def upgraded_copy(tmp_path: Path, revision: str) -> Iterator[Database]:
    """A copy of the database made at `revision` (e.g. "0005"), opened, hence upgraded; checked at the head."""
    path = tmp_path / "ecodesk.sqlite"
    shutil.copy(DATA / f"made-by-{revision}.sqlite", path)
    db = open_database(str(path))
    try:
        assert current_revision(db.engine) == SCHEMA_HEAD
        yield db
    finally:
        db.close()
