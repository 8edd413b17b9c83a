"""Fixtures shared by every test: real SQLite files in tmp, the sample documents, the CLI in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ecodesk.store.db import Database, open_database
from tests.year_of_updates import ReportedYear, make_reported_year

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO.parent / "shared" / "samples"

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["ECODESK_USER"] = "测试员"


@pytest.fixture
def samples_dir() -> Path:
    assert SAMPLES.is_dir(), f"sample documents expected at {SAMPLES}"
    return SAMPLES


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ecodesk.sqlite"


@pytest.fixture
def db(db_path: Path) -> Database:
    database = open_database(str(db_path))
    yield database
    database.close()


def run_cli(*args: str, db: Path | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m ecodesk ARGS` the way a user runs `ecodesk ARGS`."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8"}
    if db is not None:
        env["ECODESK_DB"] = str(db)
    return subprocess.run([sys.executable, "-m", "ecodesk", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=cwd, timeout=120)


# -- no open() of a database file SQLite holds (sqlite.org/howtocorrupt.html §2.2) -------------------------
# POSIX locks belong to the process: code that opens and closes a database file (or its -wal/-shm) while a
# SQLite connection of the same process has it open drops every lock SQLite holds on it. An audit hook sees
# every open() made from Python; one of a file this process already has open through SQLite, with its -shm
# beside it (WAL mode), fails the test that made it. (Qt's C++ opens are not seen here: the file dialog test
# checks /proc/locks instead.)

_foreign_opens: list[str] = []


def _sqlite_held_paths() -> set[str]:
    fds = Path("/proc/self/fd")
    held = set()
    for fd in fds.iterdir() if fds.is_dir() else ():
        try:
            held.add(os.readlink(fd))
        except OSError:
            continue
    return held


def _database_of(path: str) -> str:
    for suffix in ("-wal", "-shm"):
        if path.endswith(suffix):
            return path[: -len(suffix)]
    return path


def _guard_database_files(event: str, args: tuple[object, ...]) -> None:
    if event != "open" or not isinstance(args[0], (str, Path)):
        return
    opened = os.path.abspath(os.fspath(args[0]))
    database = _database_of(opened)
    if not database.endswith((".sqlite", ".db")) or not os.path.exists(f"{database}-shm"):
        return
    held = _sqlite_held_paths()
    if opened in held and f"{database}-shm" in held:
        _foreign_opens.append(opened)
        raise RuntimeError(f"opened {opened} outside SQLite while this process holds it: that drops its locks")


if sys.platform.startswith("linux"):
    sys.addaudithook(_guard_database_files)


@pytest.fixture(autouse=True)
def no_database_file_opened_outside_sqlite() -> None:
    yield
    found, _foreign_opens[:] = list(_foreign_opens), []
    assert not found, f"database files opened outside SQLite while held: {found}"


@pytest.fixture
def reported_year(db: Database, samples_dir: Path) -> ReportedYear:
    """The 新建 sample in `db` with a year of dated updates (tests/year_of_updates.py)."""
    return make_reported_year(db, samples_dir)
